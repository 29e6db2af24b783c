import { and, asc, count, eq, getTableColumns, gt, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/errors.js";
import { anyUuid, preparedStatement } from "../../db/prepared-statement.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { parseArgumentId, parseInputId } from "../../graphql/global-id.js";
import { readPageArgs, toConnection, type CursorKey, type PageArgs } from "../../graphql/connection.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { idempotent } from "../ledger/idempotency.js";
import { canonicalJson } from "../ledger/canonical-json.js";
import { organizations, type OrganizationKind } from "../organization/organization.table.js";
import { coursePackageItems, coursePackages } from "../course-package/course-package.table.js";
import {
  afterCursor,
  audienceOf,
  containsCondition,
  cursorKeyOf,
  CURSOR_KEY_LENGTH,
  isPublicAudience,
  isVisible,
  orderByClause,
  PUBLIC_AUDIENCE,
  orderingFor,
  relevanceScoreOf,
  searchPatterns,
  searchTerm,
  statusCondition,
  textCondition,
  type Audience,
  type CatalogOrder,
  type Ordering,
} from "./catalog-search.js";
import { searchTextOf, validateCourseContent, type CourseContent, type CourseContentInput } from "./course-validation.js";
import { courses, courseVersions, type CourseRow, type CourseStatus } from "./course.table.js";
import { SearchResultCache } from "./search-result-cache.js";
import { contentOf, toCourse, type Course } from "./course.type.js";
import type { CourseCreateInput, CourseFilter, CourseLifecycleInput, CourseUpdateInput } from "./course.input.js";

/** What a nested list of courses depends on besides its parent and page. */
export interface CourseListScope {
  audience: Audience;
  statuses: CourseStatus[] | null;
}

export type CourseVersionRow = typeof courseVersions.$inferSelect;

const CONTENT_KEYS = [
  "code", "title", "titleEn", "description", "lectureHours", "practiceHours", "credits",
  "level", "field", "learningOutcomes", "language", "validFrom", "validTo",
] as const satisfies readonly (keyof CourseContent)[];

const ALL_STATUSES: CourseStatus[] = ["DRAFT", "PUBLISHED", "RETIRED"];

/** Filters other than `text`: any of them takes a search off the prepared path. */
const NARROWING_FILTERS = ["organizationId", "organizationKind", "field", "level", "status", "packageId", "validOn"] as const satisfies readonly (keyof CourseFilter)[];

/**
 * The public catalog's commonest request — a text search, best match first,
 * first page, by a caller who sees no drafts — as one prepared statement:
 * built once by drizzle and planned once per connection by PostgreSQL, where
 * any other search is built and planned per request. Ranking must score every
 * match anyway, so the statement counts them too (a window over the matches)
 * instead of matching them again for `totalCount`.
 */
const publicSearchPatterns = { term: sql.placeholder("term"), prefix: sql.placeholder("prefix"), contains: sql.placeholder("contains") };
const PUBLIC_RELEVANCE: Ordering = { name: "RELEVANCE", value: relevanceScoreOf(courses, publicSearchPatterns), descending: true };
const publicSearchColumns = { ...getTableColumns(courses), sortValue: PUBLIC_RELEVANCE.value, matches: sql<number>`count(*) over ()`.mapWith(Number) };
const selectPublicTextSearch = preparedStatement(
  "course_public_text_search",
  (db) =>
    db
      .select(publicSearchColumns)
      .from(courses)
      .where(and(statusCondition(courses, PUBLIC_AUDIENCE, null), containsCondition(courses.searchText, publicSearchPatterns)))
      .orderBy(...orderByClause(PUBLIC_RELEVANCE, courses.id))
      .limit(sql.placeholder("limit")),
  publicSearchColumns,
);

// Prepared: the courseById loader (node lookups, package items) runs it in many requests.
const courseColumns = getTableColumns(courses);
const selectCoursesByIds = preparedStatement(
  "course_by_ids",
  (db) => db.select(courseColumns).from(courses).where(sql`${courses.id} = ${anyUuid(sql.placeholder("ids"))}`),
  courseColumns,
);

// How stale a public search may be after another server process changed the catalog: as the resolution index.
const PUBLIC_SEARCH_TTL_MS = 1_000;
// Distinct first pages kept: 21 course rows each, a few megabytes in all.
const PUBLIC_SEARCH_ENTRIES = 500;

type PublicSearchRows = Awaited<ReturnType<typeof selectPublicTextSearch>>;

/** A row's columns for some content, with the search text derived from it. */
function columnsOf(content: CourseContent) {
  return { ...content, searchText: searchTextOf([content.code, content.title, content.titleEn, ...content.learningOutcomes]) };
}

/** Applies an update's fields over the current content: undefined keeps, null clears. */
function mergeContent(current: CourseContent, input: CourseUpdateInput): CourseContentInput {
  return Object.fromEntries(CONTENT_KEYS.map((key) => [key, input[key] === undefined ? current[key] : input[key]]));
}

/** The unique index decides, not a prior read: two concurrent creations of one code cannot both pass. */
async function refuseTakenCode(code: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(UserErrorCode.CODE_TAKEN, "code", `The organization already has a course with the code ${code}`);
    throw error;
  }
}

/** Agreements cite (course, version): a published version is frozen here and never changes. */
async function freezeVersion(tx: Db, courseId: string, version: number, content: CourseContent): Promise<void> {
  await tx.insert(courseVersions).values({ courseId, version, snapshot: content });
}

export class CourseService {
  private readonly publicSearches = new SearchResultCache<PublicSearchRows>(PUBLIC_SEARCH_TTL_MS, PUBLIC_SEARCH_ENTRIES);

  constructor(private readonly database: Database) {}

  /**
   * Creates a draft course for an organization.
   *
   * Fails with: INVALID_ID, FORBIDDEN (top level: another organization), NOT_FOUND,
   * REQUIRED / TOO_LONG / INVALID_VALUE / INVALID_CODE / INVALID_HOURS / INVALID_CREDITS /
   * INVALID_DATE_RANGE (all reported together), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, CODE_TAKEN.
   */
  async create(viewer: Viewer, input: CourseCreateInput) {
    const { idempotencyKey, ...request } = input;
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const actor = viewer.requireOrganizationWriter(organizationId);
    const content = validateCourseContent(await this.organizationKind(organizationId), input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "courseCreate", request }, async () => {
        const id = uuidv7();
        await refuseTakenCode(content.code, () => tx.insert(courses).values({ id, organizationId, ...columnsOf(content) }));
        return { courseId: id };
      }),
    );
    return { course: await this.current(result.courseId), replayed };
  }

  /**
   * Creates validated courses inside the caller's transaction (bulk import: all
   * or nothing with the caller's other writes), publishing and freezing those
   * marked so. The caller checks codes first to report them per row; the
   * unique index still decides against a concurrent creation. The caller
   * calls `notifyChanged` after commit.
   *
   * Fails with: CODE_TAKEN (field "code", without telling which course).
   */
  async createManyIn(tx: Db, organizationId: string, items: { content: CourseContent; publish: boolean }[]): Promise<string[]> {
    // IDs drawn in one millisecond are ordered by chance: sorted, creation order is the items' order.
    const ids = items.map(() => uuidv7()).sort();
    const rows = items.map(({ content, publish }, index) => ({ id: ids[index], organizationId, ...columnsOf(content), status: (publish ? "PUBLISHED" : "DRAFT") as CourseStatus }));
    if (rows.length === 0) return [];
    await refuseTakenCode(rows.map((row) => row.code).join(", "), () => tx.insert(courses).values(rows));
    const published = items.flatMap(({ content, publish }, index) => (publish ? [{ courseId: rows[index].id, version: 1, snapshot: content }] : []));
    if (published.length > 0) await tx.insert(courseVersions).values(published);
    return rows.map((row) => row.id);
  }

  /** After a caller's transaction that created courses commits: public searches in this process load afresh. */
  notifyChanged(): void {
    this.publicSearches.clear();
  }

  /** Codes among `codes` that the organization's courses already use. */
  async takenCodes(executor: Db, organizationId: string, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await executor.select({ code: courses.code }).from(courses).where(and(eq(courses.organizationId, organizationId), inArray(courses.code, codes)));
    return new Set(rows.map((row) => row.code));
  }

  /**
   * Edits a draft in place; edits a published course as its next version, which
   * is published and frozen at once, so the previous version stays readable.
   * An edit that changes nothing keeps the version.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY,
   * IDEMPOTENCY_KEY_REUSED, COURSE_RETIRED, field validation codes (together), CODE_TAKEN.
   */
  async update(viewer: Viewer, input: CourseUpdateInput) {
    const { idempotencyKey, ...request } = input;
    const id = parseInputId(input.courseId, "Course", "courseId");
    const actor = this.authorize(viewer, await this.find(id));
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "courseUpdate", request }, async () => {
        const current = await this.lock(tx, id);
        if (current.status === "RETIRED") throw new DomainError(UserErrorCode.COURSE_RETIRED, "courseId", "A retired course cannot be edited");
        const before = contentOf(current);
        const content = validateCourseContent(await this.organizationKind(current.organizationId, tx), mergeContent(before, input));
        if (canonicalJson(content) === canonicalJson(before)) return { courseId: id };
        const isPublished = current.status === "PUBLISHED";
        const version = isPublished ? current.version + 1 : current.version;
        await refuseTakenCode(content.code, () => tx.update(courses).set({ ...columnsOf(content), version, updatedAt: new Date() }).where(eq(courses.id, id)));
        if (isPublished) await freezeVersion(tx, id, version, content);
        return { courseId: id };
      }),
    );
    this.publicSearches.clear();
    return { course: await this.current(result.courseId), replayed };
  }

  /**
   * Publishes a draft and freezes its version.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY,
   * IDEMPOTENCY_KEY_REUSED, ALREADY_PUBLISHED, COURSE_RETIRED.
   */
  async publish(viewer: Viewer, input: CourseLifecycleInput) {
    return this.transition(viewer, input, "coursePublish", async (tx, current) => {
      if (current.status === "PUBLISHED") throw new DomainError(UserErrorCode.ALREADY_PUBLISHED, "courseId", "The course is already published");
      if (current.status === "RETIRED") throw new DomainError(UserErrorCode.COURSE_RETIRED, "courseId", "A retired course cannot be published again");
      await tx.update(courses).set({ status: "PUBLISHED", updatedAt: new Date() }).where(eq(courses.id, current.id));
      await freezeVersion(tx, current.id, current.version, contentOf(current));
    });
  }

  /**
   * Retires a published course: it leaves the live catalog but stays readable.
   *
   * Fails with: INVALID_ID, NOT_FOUND, FORBIDDEN (top level), INVALID_IDEMPOTENCY_KEY,
   * IDEMPOTENCY_KEY_REUSED, NOT_PUBLISHED, ALREADY_RETIRED.
   */
  async retire(viewer: Viewer, input: CourseLifecycleInput) {
    return this.transition(viewer, input, "courseRetire", async (tx, current) => {
      if (current.status === "DRAFT") throw new DomainError(UserErrorCode.NOT_PUBLISHED, "courseId", "Only a published course can be retired");
      if (current.status === "RETIRED") throw new DomainError(UserErrorCode.ALREADY_RETIRED, "courseId", "The course is already retired");
      await tx.update(courses).set({ status: "RETIRED", updatedAt: new Date() }).where(eq(courses.id, current.id));
    });
  }

  /** Searches the catalog; `text` ranks by relevance unless another order is asked for. */
  async search(viewer: Viewer, args: PageArgs, filter: CourseFilter | null | undefined, order: CatalogOrder | null | undefined) {
    const term = searchTerm(filter?.text);
    const ordering = orderingFor(order, term, courses);
    const { limit, after } = readPageArgs(args, CURSOR_KEY_LENGTH);
    const audience = audienceOf(viewer);
    if (term && ordering.name === "RELEVANCE" && after === null && isPublicAudience(audience) && !NARROWING_FILTERS.some((key) => filter?.[key])) {
      return this.searchPublicText(term, limit);
    }
    const matching = this.matching(audience, filter, term);
    const rows = await this.database.db
      .select({ ...getTableColumns(courses), sortValue: ordering.value })
      .from(courses)
      .where(and(matching, afterCursor(ordering, courses.id, after)))
      .orderBy(...orderByClause(ordering, courses.id))
      .limit(limit + 1);
    return toConnection(rows, limit, after !== null, (row) => cursorKeyOf(ordering, row), toCourse, async () => {
      const [{ total }] = await this.database.db.select({ total: count() }).from(courses).where(matching);
      return total;
    });
  }

  private async searchPublicText(term: string, limit: number) {
    const rows = await this.publicSearches.get(`${limit}:${term}`, () => selectPublicTextSearch(this.database.db, { ...searchPatterns(term), limit: limit + 1 }));
    return toConnection(rows, limit, false, (row) => cursorKeyOf(PUBLIC_RELEVANCE, row), toCourse, async () => rows[0]?.matches ?? 0);
  }

  async byIds(ids: readonly string[]): Promise<CourseRow[]> {
    return selectCoursesByIds(this.database.db, { ids });
  }

  /** Several organizations' courses in creation order, at most `limit + 1` each, in one statement. */
  async pagesOfOrganizations(organizationIds: string[], limit: number, after: CursorKey | null, scope: CourseListScope): Promise<CourseRow[]> {
    const ranked = this.database.db
      .select({ ...getTableColumns(courses), rank: sql<number>`row_number() over (partition by ${courses.organizationId} order by ${courses.id})`.as("rank") })
      .from(courses)
      .where(and(inArray(courses.organizationId, organizationIds), statusCondition(courses, scope.audience, scope.statuses), after ? gt(courses.id, String(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.id));
  }

  async totalsOfOrganizations(organizationIds: string[], scope: CourseListScope) {
    return this.database.db
      .select({ parentId: courses.organizationId, total: count() })
      .from(courses)
      .where(and(inArray(courses.organizationId, organizationIds), statusCondition(courses, scope.audience, scope.statuses)))
      .groupBy(courses.organizationId);
  }

  /** Several courses' published versions, oldest first, at most `limit + 1` each, in one statement. */
  async versionPages(courseIds: string[], limit: number, after: CursorKey | null): Promise<CourseVersionRow[]> {
    const ranked = this.database.db
      .select({ ...getTableColumns(courseVersions), rank: sql<number>`row_number() over (partition by ${courseVersions.courseId} order by ${courseVersions.version})`.as("rank") })
      .from(courseVersions)
      .where(and(inArray(courseVersions.courseId, courseIds), after ? gt(courseVersions.version, Number(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.courseId), asc(ranked.version));
  }

  async versionTotals(courseIds: string[]) {
    return this.database.db
      .select({ parentId: courseVersions.courseId, total: count() })
      .from(courseVersions)
      .where(inArray(courseVersions.courseId, courseIds))
      .groupBy(courseVersions.courseId);
  }

  private matching(audience: Audience, filter: CourseFilter | null | undefined, term: string | null): SQL | undefined {
    const conditions: (SQL | undefined)[] = [statusCondition(courses, audience, filter?.status)];
    if (term) conditions.push(textCondition(courses.searchText, term));
    if (filter?.organizationId) conditions.push(eq(courses.organizationId, parseArgumentId(filter.organizationId, "Organization", "filter.organizationId")));
    if (filter?.organizationKind) {
      conditions.push(inArray(courses.organizationId, this.database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, filter.organizationKind))));
    }
    if (filter?.field) conditions.push(eq(courses.field, filter.field));
    if (filter?.level) conditions.push(eq(courses.level, filter.level));
    if (filter?.packageId) conditions.push(inArray(courses.id, this.coursesInPackage(audience, parseArgumentId(filter.packageId, "CoursePackage", "filter.packageId"))));
    if (filter?.validOn) {
      const day = filter.validOn;
      conditions.push(or(isNull(courses.validFrom), lte(courses.validFrom, day)), or(isNull(courses.validTo), gte(courses.validTo, day)));
    }
    return and(...conditions);
  }

  /** A package the caller may not see contributes no courses, rather than revealing its contents. */
  private coursesInPackage(audience: Audience, packageId: string) {
    return this.database.db
      .select({ id: coursePackageItems.courseId })
      .from(coursePackageItems)
      .innerJoin(coursePackages, eq(coursePackages.id, coursePackageItems.packageId))
      .where(and(eq(coursePackageItems.packageId, packageId), statusCondition(coursePackages, audience, ALL_STATUSES)));
  }

  /** Runs one status change of one course in a transaction, with the usual checks first. */
  private async transition(viewer: Viewer, input: CourseLifecycleInput, operation: string, change: (tx: Db, current: CourseRow) => Promise<void>) {
    const { idempotencyKey, ...request } = input;
    const id = parseInputId(input.courseId, "Course", "courseId");
    const actor = this.authorize(viewer, await this.find(id));
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation, request }, async () => {
        await change(tx, await this.lock(tx, id));
        return { courseId: id };
      }),
    );
    this.publicSearches.clear();
    return { course: await this.current(result.courseId), replayed };
  }

  /** A draft the caller may not see is reported as missing, not as forbidden: its existence is not public. */
  private authorize(viewer: Viewer, course: CourseRow | undefined): Actor {
    if (!course || !isVisible(audienceOf(viewer), course)) throw new DomainError(UserErrorCode.NOT_FOUND, "courseId", "No course has this ID");
    return viewer.requireOrganizationWriter(course.organizationId);
  }

  private async organizationKind(organizationId: string, executor: Db = this.database.db): Promise<OrganizationKind> {
    const [organization] = await executor.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) throw new DomainError(UserErrorCode.NOT_FOUND, "organizationId", "No organization has this ID");
    return organization.kind;
  }

  private async find(id: string): Promise<CourseRow | undefined> {
    const [row] = await this.database.db.select().from(courses).where(eq(courses.id, id));
    return row;
  }

  /** Row lock: concurrent edits of one course take turns, so versions are numbered without gaps or repeats. */
  private async lock(tx: Db, id: string): Promise<CourseRow> {
    const [row] = await tx.select().from(courses).where(eq(courses.id, id)).for("update");
    return row;
  }

  private async current(id: string): Promise<Course> {
    return toCourse((await this.find(id))!);
  }
}
