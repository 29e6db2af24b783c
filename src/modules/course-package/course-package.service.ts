import { and, asc, count, eq, getTableColumns, gt, inArray, lte, max, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { anyUuid } from "../../db/prepared-statement.js";
import { uuidv7 } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { parseArgumentId, parseInputId } from "../../graphql/global-id.js";
import { readPageArgs, toConnection, type CursorKey, type PageArgs } from "../../graphql/connection.js";
import { DomainError, DomainErrors, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { idempotent } from "../ledger/idempotency.js";
import { organizations } from "../organization/organization.table.js";
import { courses, type CourseStatus } from "../course/course.table.js";
import { checkCatalogCode, searchTextOf } from "../course/course-validation.js";
import {
  afterCursor,
  audienceOf,
  cursorKeyOf,
  CURSOR_KEY_LENGTH,
  isPublicAudience,
  isVisible,
  orderByClause,
  orderingFor,
  PUBLIC_AUDIENCE,
  searchTerm,
  statusCondition,
  textCondition,
  type Audience,
  type CatalogOrder,
} from "../course/catalog-search.js";
import { coursePackageItems, coursePackages, type CoursePackageItemRow, type CoursePackageRow } from "./course-package.table.js";
import { checkPackageContent, checkPackageItems, publicationProblems, type PackageContent, type PackageContentInput, type PackageItem } from "./course-package-validation.js";
import { toCoursePackage, type CoursePackage } from "./course-package.type.js";
import type { CoursePackageCreateInput, CoursePackageFilter, CoursePackageLifecycleInput, CoursePackageUpdateInput } from "./course-package.input.js";

/** What a nested list of packages depends on besides its parent and page. */
export interface PackageListScope {
  audience: Audience;
  statuses: CourseStatus[] | null;
}

const ALL_STATUSES: CourseStatus[] = ["DRAFT", "PUBLISHED", "RETIRED"];

function columnsOf(code: string, content: PackageContent) {
  const { title, titleEn, description, occupation, certificateName, certificateLevel, apprenticeship } = content;
  return { title, titleEn, description, occupation, certificateName, certificateLevel, apprenticeship, searchText: searchTextOf([code, content.title, content.titleEn, content.occupation, content.certificateName]) };
}

/** Applies an update's fields over the current version: undefined keeps, null clears. */
function mergeContent(current: CoursePackageRow, input: CoursePackageUpdateInput): PackageContentInput {
  const pick = <K extends keyof PackageContentInput>(key: K, value: PackageContentInput[K]) => (input[key] === undefined ? value : input[key]);
  return {
    title: pick("title", current.title),
    titleEn: pick("titleEn", current.titleEn),
    description: pick("description", current.description),
    occupation: pick("occupation", current.occupation),
    certificate: pick("certificate", current.certificateName === null ? null : { name: current.certificateName, level: current.certificateLevel }),
    apprenticeship: pick("apprenticeship", current.apprenticeship),
  };
}

/** The request an idempotency key stands for: the input without the key itself. */
function plainRequest<T extends object>(input: T & { idempotencyKey?: string | null }) {
  const { idempotencyKey: _key, ...request } = input;
  return request;
}

/** Whoever sees no drafts and asked for no particular status: anonymous callers and learners. */
function isPublicScope({ audience, statuses }: PackageListScope): boolean {
  return isPublicAudience(audience) && (statuses === null || statuses.length === 0);
}

/** The visible packages containing each course, in creation order, at most `rankLimit` each (courseIds: a uuid[] parameter). */
function packagesOfCoursesQuery(db: Db, courseIds: readonly string[] | Placeholder, visible: SQL, after: SQL | undefined, rankLimit: number | Placeholder) {
  const ranked = db
    .select({
      ...getTableColumns(coursePackages),
      courseId: coursePackageItems.courseId,
      rank: sql<number>`row_number() over (partition by ${coursePackageItems.courseId} order by ${coursePackages.id})`.as("rank"),
    })
    .from(coursePackageItems)
    .innerJoin(coursePackages, eq(coursePackages.id, coursePackageItems.packageId))
    .where(and(sql`${coursePackageItems.courseId} = ${anyUuid(courseIds)}`, visible, after))
    .as("ranked");
  return db.select().from(ranked).where(lte(ranked.rank, rankLimit)).orderBy(asc(ranked.id));
}

async function writeItems(tx: Db, packageId: string, items: readonly PackageItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(coursePackageItems).values(items.map((item, position) => ({ packageId, position, courseId: item.courseId, required: item.required })));
}

export class CoursePackageService {
  private readonly publicPackagesOfCourses;

  constructor(private readonly database: Database) {
    // Prepared once: every public catalog page asks for its courses' packages, and drizzle takes
    // longer to build this statement than PostgreSQL takes to run it.
    const publicScope = statusCondition(coursePackages, PUBLIC_AUDIENCE, null);
    this.publicPackagesOfCourses = packagesOfCoursesQuery(database.db, sql.placeholder("courseIds"), publicScope, undefined, sql.placeholder("rankLimit")).prepare(
      "course_package_public_pages_of_courses",
    );
  }

  /**
   * Creates version 1 of a package, as a draft, for a training provider.
   *
   * Fails with: INVALID_ID (organizationId), FORBIDDEN (top level: another organization), NOT_FOUND,
   * NOT_A_TRAINING_PROVIDER, REQUIRED / TOO_LONG / INVALID_VALUE / INVALID_CODE / TOO_MANY_ITEMS /
   * INVALID_ID / DUPLICATE_COURSE (together), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED,
   * NOT_FOUND (items.N.courseId: no such course, or another organization's draft), CODE_TAKEN.
   */
  async create(viewer: Viewer, input: CoursePackageCreateInput) {
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const actor = viewer.requireOrganizationWriter(organizationId);
    await this.requireTrainingProvider(organizationId);
    const problems = new Problems();
    const code = checkCatalogCode(problems, "code", input.code);
    const content = checkPackageContent(problems, input);
    const items = checkPackageItems(problems, input.items ?? []);
    problems.throwIfAny();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: input.idempotencyKey, operation: "coursePackageCreate", request: plainRequest(input) }, async () => {
        await this.requireUsableCourses(tx, organizationId, items);
        const id = uuidv7();
        try {
          await tx.insert(coursePackages).values({ id, lineageId: id, organizationId, code: code!, version: 1, ...columnsOf(code!, content) });
        } catch (error) {
          if (isUniqueViolation(error)) throw new DomainError(UserErrorCode.CODE_TAKEN, "code", `The organization already has a package with the code ${code}`);
          throw error;
        }
        await writeItems(tx, id, items);
        return { coursePackageId: id };
      }),
    );
    return { coursePackage: await this.current(result.coursePackageId), replayed };
  }

  /**
   * Changes a draft version; `items`, when given, replaces the whole list.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED,
   * NOT_DRAFT, field and item validation codes (together), NOT_FOUND (items.N.courseId).
   */
  async update(viewer: Viewer, input: CoursePackageUpdateInput) {
    return this.change(viewer, input, "coursePackageUpdate", async (tx, current) => {
      if (current.status !== "DRAFT") throw new DomainError(UserErrorCode.NOT_DRAFT, "coursePackageId", "Only a draft version can be edited; revise a published one");
      const problems = new Problems();
      const content = checkPackageContent(problems, mergeContent(current, input));
      const items = input.items === undefined || input.items === null ? null : checkPackageItems(problems, input.items);
      problems.throwIfAny();
      if (items) {
        await this.requireUsableCourses(tx, current.organizationId, items);
        await tx.delete(coursePackageItems).where(eq(coursePackageItems.packageId, current.id));
        await writeItems(tx, current.id, items);
      }
      await tx.update(coursePackages).set({ ...columnsOf(current.code, content), updatedAt: new Date() }).where(eq(coursePackages.id, current.id));
      return current.id;
    });
  }

  /**
   * Publishes a draft version: freezes each item's course version and hours, and
   * retires the previously published version of the package.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED,
   * ALREADY_PUBLISHED, NOT_DRAFT (retired), EMPTY_PACKAGE, then together: COURSE_OF_ANOTHER_ORGANIZATION,
   * COURSE_NOT_PUBLISHED, PRACTICE_RATIO_TOO_LOW.
   */
  async publish(viewer: Viewer, input: CoursePackageLifecycleInput) {
    return this.change(viewer, input, "coursePackagePublish", async (tx, current) => {
      if (current.status === "PUBLISHED") throw new DomainError(UserErrorCode.ALREADY_PUBLISHED, "coursePackageId", "This version is already published");
      if (current.status === "RETIRED") throw new DomainError(UserErrorCode.NOT_DRAFT, "coursePackageId", "A retired version cannot be published again");
      // FOR SHARE: a course edited while we publish would change the hours we freeze.
      const itemCourses = await tx
        .select({ code: courses.code, organizationId: courses.organizationId, status: courses.status, lectureHours: courses.lectureHours, practiceHours: courses.practiceHours })
        .from(coursePackageItems)
        .innerJoin(courses, eq(courses.id, coursePackageItems.courseId))
        .where(eq(coursePackageItems.packageId, current.id))
        .orderBy(asc(coursePackageItems.position))
        .for("share", { of: courses });
      const problems = publicationProblems(current, itemCourses);
      if (problems.length > 0) throw new DomainErrors(problems);
      await tx
        .update(coursePackageItems)
        .set({ courseVersion: sql`${courses.version}`, lectureHours: sql`${courses.lectureHours}`, practiceHours: sql`${courses.practiceHours}` })
        .from(courses)
        .where(and(eq(courses.id, coursePackageItems.courseId), eq(coursePackageItems.packageId, current.id)));
      const now = new Date();
      await tx
        .update(coursePackages)
        .set({ status: "RETIRED", updatedAt: now })
        .where(and(eq(coursePackages.lineageId, current.lineageId), eq(coursePackages.status, "PUBLISHED")));
      await tx.update(coursePackages).set({ status: "PUBLISHED", publishedAt: now, updatedAt: now }).where(eq(coursePackages.id, current.id));
      return current.id;
    });
  }

  /**
   * Starts the next version of the package as a draft copy of its latest,
   * published version. The published version stays in force until the draft is published.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED,
   * NOT_LATEST_VERSION, NOT_PUBLISHED.
   */
  async revise(viewer: Viewer, input: CoursePackageLifecycleInput) {
    return this.change(viewer, input, "coursePackageRevise", async (tx, current) => {
      const [{ latest }] = await tx.select({ latest: max(coursePackages.version) }).from(coursePackages).where(eq(coursePackages.lineageId, current.lineageId));
      if (latest !== null && latest > current.version) {
        throw new DomainError(UserErrorCode.NOT_LATEST_VERSION, "coursePackageId", `Version ${latest} of this package exists: revise that one`);
      }
      if (current.status !== "PUBLISHED") throw new DomainError(UserErrorCode.NOT_PUBLISHED, "coursePackageId", "Only a published version can be revised");
      const id = uuidv7();
      await tx.insert(coursePackages).values({
        ...columnsOf(current.code, current),
        id,
        lineageId: current.lineageId,
        organizationId: current.organizationId,
        code: current.code,
        version: current.version + 1,
      });
      const items = await tx.select().from(coursePackageItems).where(eq(coursePackageItems.packageId, current.id)).orderBy(asc(coursePackageItems.position));
      await writeItems(tx, id, items);
      return id;
    });
  }

  /**
   * Retires a published version.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED,
   * NOT_PUBLISHED, ALREADY_RETIRED.
   */
  async retire(viewer: Viewer, input: CoursePackageLifecycleInput) {
    return this.change(viewer, input, "coursePackageRetire", async (tx, current) => {
      if (current.status === "DRAFT") throw new DomainError(UserErrorCode.NOT_PUBLISHED, "coursePackageId", "Only a published version can be retired");
      if (current.status === "RETIRED") throw new DomainError(UserErrorCode.ALREADY_RETIRED, "coursePackageId", "This version is already retired");
      await tx.update(coursePackages).set({ status: "RETIRED", updatedAt: new Date() }).where(eq(coursePackages.id, current.id));
      return current.id;
    });
  }

  /** Searches packages; `text` ranks by relevance unless another order is asked for. */
  async search(viewer: Viewer, args: PageArgs, filter: CoursePackageFilter | null | undefined, order: CatalogOrder | null | undefined) {
    const term = searchTerm(filter?.text);
    const ordering = orderingFor(order, term, coursePackages);
    const { limit, after } = readPageArgs(args, CURSOR_KEY_LENGTH);
    const matching = this.matching(audienceOf(viewer), filter, term);
    const rows = await this.database.db
      .select({ ...getTableColumns(coursePackages), sortValue: ordering.value })
      .from(coursePackages)
      .where(and(matching, afterCursor(ordering, coursePackages.id, after)))
      .orderBy(...orderByClause(ordering, coursePackages.id))
      .limit(limit + 1);
    return toConnection(rows, limit, after !== null, (row) => cursorKeyOf(ordering, row), toCoursePackage, async () => {
      const [{ total }] = await this.database.db.select({ total: count() }).from(coursePackages).where(matching);
      return total;
    });
  }

  async byIds(ids: readonly string[]): Promise<CoursePackageRow[]> {
    return this.database.db.select().from(coursePackages).where(inArray(coursePackages.id, [...ids]));
  }

  async itemsOf(packageIds: readonly string[]): Promise<CoursePackageItemRow[]> {
    return this.database.db
      .select()
      .from(coursePackageItems)
      .where(inArray(coursePackageItems.packageId, [...packageIds]))
      .orderBy(asc(coursePackageItems.packageId), asc(coursePackageItems.position));
  }

  /** Several organizations' packages in creation order, at most `limit + 1` each, in one statement. */
  async pagesOfOrganizations(organizationIds: string[], limit: number, after: CursorKey | null, scope: PackageListScope): Promise<CoursePackageRow[]> {
    const ranked = this.database.db
      .select({ ...getTableColumns(coursePackages), rank: sql<number>`row_number() over (partition by ${coursePackages.organizationId} order by ${coursePackages.id})`.as("rank") })
      .from(coursePackages)
      .where(and(inArray(coursePackages.organizationId, organizationIds), statusCondition(coursePackages, scope.audience, scope.statuses), after ? gt(coursePackages.id, String(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.id));
  }

  async totalsOfOrganizations(organizationIds: string[], scope: PackageListScope) {
    return this.database.db
      .select({ parentId: coursePackages.organizationId, total: count() })
      .from(coursePackages)
      .where(and(inArray(coursePackages.organizationId, organizationIds), statusCondition(coursePackages, scope.audience, scope.statuses)))
      .groupBy(coursePackages.organizationId);
  }

  /** The packages containing each of several courses, in creation order, at most `limit + 1` each, in one statement. */
  async pagesOfCourses(courseIds: string[], limit: number, after: CursorKey | null, scope: PackageListScope): Promise<(CoursePackageRow & { courseId: string })[]> {
    if (after === null && isPublicScope(scope)) return this.publicPackagesOfCourses.execute({ courseIds, rankLimit: limit + 1 });
    const visible = statusCondition(coursePackages, scope.audience, scope.statuses);
    return packagesOfCoursesQuery(this.database.db, courseIds, visible, after ? gt(coursePackages.id, String(after[0])) : undefined, limit + 1);
  }

  async totalsOfCourses(courseIds: string[], scope: PackageListScope) {
    return this.database.db
      .select({ parentId: coursePackageItems.courseId, total: count() })
      .from(coursePackageItems)
      .innerJoin(coursePackages, eq(coursePackages.id, coursePackageItems.packageId))
      .where(and(inArray(coursePackageItems.courseId, courseIds), statusCondition(coursePackages, scope.audience, scope.statuses)))
      .groupBy(coursePackageItems.courseId);
  }

  /** Every version of several packages (by lineage), oldest first, at most `limit + 1` each, in one statement. */
  async versionPages(lineageIds: string[], limit: number, after: CursorKey | null, audience: Audience): Promise<CoursePackageRow[]> {
    const ranked = this.database.db
      .select({ ...getTableColumns(coursePackages), rank: sql<number>`row_number() over (partition by ${coursePackages.lineageId} order by ${coursePackages.version})`.as("rank") })
      .from(coursePackages)
      .where(and(inArray(coursePackages.lineageId, lineageIds), statusCondition(coursePackages, audience, ALL_STATUSES), after ? gt(coursePackages.version, Number(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.lineageId), asc(ranked.version));
  }

  async versionTotals(lineageIds: string[], audience: Audience) {
    return this.database.db
      .select({ parentId: coursePackages.lineageId, total: count() })
      .from(coursePackages)
      .where(and(inArray(coursePackages.lineageId, lineageIds), statusCondition(coursePackages, audience, ALL_STATUSES)))
      .groupBy(coursePackages.lineageId);
  }

  private matching(audience: Audience, filter: CoursePackageFilter | null | undefined, term: string | null): SQL | undefined {
    const conditions: (SQL | undefined)[] = [statusCondition(coursePackages, audience, filter?.status)];
    if (term) conditions.push(textCondition(coursePackages.searchText, term));
    if (filter?.organizationId) {
      conditions.push(eq(coursePackages.organizationId, parseArgumentId(filter.organizationId, "Organization", "filter.organizationId")));
    }
    if (filter?.courseId) {
      const courseId = parseArgumentId(filter.courseId, "Course", "filter.courseId");
      conditions.push(inArray(coursePackages.id, this.database.db.select({ id: coursePackageItems.packageId }).from(coursePackageItems).where(eq(coursePackageItems.courseId, courseId))));
    }
    if (filter?.apprenticeship !== undefined && filter?.apprenticeship !== null) conditions.push(eq(coursePackages.apprenticeship, filter.apprenticeship));
    return and(...conditions);
  }

  /**
   * Runs one change of one package version in a transaction, after the usual
   * checks; `work` returns the ID of the version to answer with.
   */
  private async change(viewer: Viewer, input: CoursePackageLifecycleInput, operation: string, work: (tx: Db, current: CoursePackageRow) => Promise<string>) {
    const id = parseInputId(input.coursePackageId, "CoursePackage", "coursePackageId");
    const actor = this.authorize(viewer, await this.find(id));
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: input.idempotencyKey, operation, request: plainRequest(input) }, async () => {
        const [current] = await tx.select().from(coursePackages).where(eq(coursePackages.id, id)).for("update");
        return { coursePackageId: await work(tx, current) };
      }),
    );
    return { coursePackage: await this.current(result.coursePackageId), replayed };
  }

  /** A draft the caller may not see is reported as missing, not as forbidden: its existence is not public. */
  private authorize(viewer: Viewer, row: CoursePackageRow | undefined): Actor {
    if (!row || !isVisible(audienceOf(viewer), row)) throw new DomainError(UserErrorCode.NOT_FOUND, "coursePackageId", "No course package has this ID");
    return viewer.requireOrganizationWriter(row.organizationId);
  }

  private async requireTrainingProvider(organizationId: string): Promise<void> {
    const [organization] = await this.database.db.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) throw new DomainError(UserErrorCode.NOT_FOUND, "organizationId", "No organization has this ID");
    if (organization.kind !== "TRAINING_PROVIDER") {
      throw new DomainError(UserErrorCode.NOT_A_TRAINING_PROVIDER, "organizationId", "Course packages (职业培训包) are published by training providers");
    }
  }

  /**
   * Items must name courses the package's organization can see: its own, or
   * another's published or retired ones (publishing then refuses those; see publicationProblems).
   */
  private async requireUsableCourses(tx: Db, organizationId: string, items: readonly PackageItem[]): Promise<void> {
    if (items.length === 0) return;
    const found = await tx
      .select({ id: courses.id, organizationId: courses.organizationId, status: courses.status })
      .from(courses)
      .where(inArray(courses.id, items.map((item) => item.courseId)));
    const usable = new Set(found.filter((course) => course.status !== "DRAFT" || course.organizationId === organizationId).map((course) => course.id));
    const problems = new Problems();
    items.forEach((item, index) => {
      if (!usable.has(item.courseId)) problems.add(UserErrorCode.NOT_FOUND, `items.${index}.courseId`, "No course has this ID");
    });
    problems.throwIfAny();
  }

  private async find(id: string): Promise<CoursePackageRow | undefined> {
    const [row] = await this.database.db.select().from(coursePackages).where(eq(coursePackages.id, id));
    return row;
  }

  private async current(id: string): Promise<CoursePackage> {
    return toCoursePackage((await this.find(id))!);
  }
}
