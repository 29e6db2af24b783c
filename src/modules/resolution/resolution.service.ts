import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { badUserInput } from "../../graphql/errors.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { todayInChina } from "../agreement/agreement-lifecycle.js";
import { achievements } from "../achievement/achievement.table.js";
import { courses } from "../course/course.table.js";
import { coursePackageItems, coursePackages } from "../course-package/course-package.table.js";
import { organizations } from "../organization/organization.table.js";
import { MAX_HOPS, type Equivalence, type GraphRule } from "./equivalence-graph.js";
import { completionOptions } from "./completion-options.js";
import { scoreOrganizations, scorePathways, type PathwayCandidate, type ScoredOrganization, type ScoredPathway } from "./recommendation-scoring.js";
import type { ResolutionIndex } from "./resolution-index.js";
import type { EquivalencesInput, RecommendationsInput } from "./resolution.input.js";

// A request names a transcript's worth of courses, not a catalog.
export const MAX_COURSE_IDS = 100;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
// Each candidate costs one direct resolution; beyond this many the advice does not improve.
const MAX_PATHWAY_CANDIDATES = 300;
const MAX_PACKAGE_CANDIDATES = 100;
// A learner's record is read whole for recommendations; far above any real transcript.
const MAX_ACHIEVEMENTS = 1_000;

/** Course IDs of a query argument as database UUIDs, each once. Malformed, or too many: top-level BAD_USER_INPUT. */
export function readCourseIds(ids: string[], argument: string): string[] {
  if (ids.length > MAX_COURSE_IDS) throw badUserInput(`Argument "${argument}" takes at most ${MAX_COURSE_IDS} course IDs, got ${ids.length}`);
  return [...new Set(ids.map((id, index) => parseArgumentId(id, "Course", `${argument}.${index}`)))];
}

function readMaxHops(value: number | null | undefined): number {
  if (value === null || value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1 || value > MAX_HOPS) throw badUserInput(`Argument "input.maxHops" must be from 1 to ${MAX_HOPS}, got ${value}`);
  return value;
}

function readLimit(value: number | null | undefined): number {
  if (value === null || value === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) throw badUserInput(`Argument "input.limit" must be from 1 to ${MAX_LIMIT}, got ${value}`);
  return value;
}

const optionalOrganization = (id: string | null | undefined, argument: string) => (id ? parseArgumentId(id, "Organization", argument) : null);

const hoursOf = (row: { lectureHours: string; practiceHours: string }) => parseAmount(row.lectureHours) + parseAmount(row.practiceHours);

export interface RankedRecommendations {
  pathways: (ScoredPathway & { explanation: string })[];
  organizations: (ScoredOrganization & { explanation: string })[];
}

/** Names for explanations: course codes, package codes, organization names. */
interface Names {
  course: Map<string, string>;
  coursePackage: Map<string, string>;
  organization: Map<string, string>;
}

export class ResolutionService {
  constructor(
    private readonly index: ResolutionIndex,
    private readonly database: Database,
  ) {}

  /**
   * What a set of completed courses earns (see `EquivalenceGraph.resolve`).
   *
   * Fails with (top-level BAD_USER_INPUT): more than 100 course IDs, a malformed ID, maxHops outside 1–4.
   */
  async equivalences(input: EquivalencesInput): Promise<Equivalence[]> {
    const completedCourseIds = readCourseIds(input.courseIds, "input.courseIds");
    const targetOrganizationId = optionalOrganization(input.targetOrganizationId, "input.targetOrganizationId");
    const maxHops = readMaxHops(input.maxHops);
    const graph = await this.index.current();
    return graph.resolve({ completedCourseIds, targetOrganizationId, on: input.on ?? todayInChina(), maxHops, allPaths: input.allPaths ?? false });
  }

  /** The courses of a learner's achievements, for recommendations by learner. */
  async completedCoursesOf(learnerId: string): Promise<string[]> {
    const rows = await this.database.db
      .selectDistinct({ courseId: achievements.courseId })
      .from(achievements)
      .where(eq(achievements.learnerId, learnerId))
      .orderBy(asc(achievements.courseId))
      .limit(MAX_ACHIEVEMENTS);
    return rows.map((row) => row.courseId);
  }

  /**
   * Pathways (one or two published courses, or a published package, that complete
   * direct rules) ranked by credits gained per additional hour, and the
   * organizations where the completed courses count most. Scores: see recommendation-scoring.ts.
   *
   * Fails with (top-level BAD_USER_INPUT): a malformed ID, limit outside 1–50.
   */
  async recommendations(completedCourseIds: string[], input: RecommendationsInput): Promise<RankedRecommendations> {
    const targetOrganizationId = optionalOrganization(input.targetOrganizationId, "input.targetOrganizationId");
    const limit = readLimit(input.limit);
    const on = input.on ?? todayInChina();
    const graph = await this.index.current();
    const scope = { targetOrganizationId, on };
    const candidates = await this.pathwayCandidates(completedCourseIds, graph.rulesFrom(completedCourseIds, on), scope);
    const pathways = scorePathways(graph, completedCourseIds, candidates, scope).slice(0, limit);
    const organizationsRanked = scoreOrganizations(graph, completedCourseIds, on).slice(0, limit);
    const names = await this.names(pathways, organizationsRanked);
    return {
      pathways: pathways.map((pathway) => ({ ...pathway, explanation: explainPathway(pathway, names) })),
      organizations: organizationsRanked.map((organization) => ({ ...organization, explanation: explainOrganization(organization, names) })),
    };
  }

  /** One- and two-course completions of the rules the courses touch, plus the published packages that contain one of those courses. */
  private async pathwayCandidates(completedCourseIds: string[], rules: GraphRule[], scope: { targetOrganizationId: string | null }): Promise<PathwayCandidate[]> {
    const completed = new Set(completedCourseIds);
    const options = new Map<string, string[]>();
    for (const rule of rules) {
      if (rule.target.kind === "NO_RECOGNITION" || (scope.targetOrganizationId !== null && rule.target.organizationId !== scope.targetOrganizationId)) continue;
      for (const option of completionOptions(rule.source, completed)) options.set(option.join(","), option);
      if (options.size >= MAX_PATHWAY_CANDIDATES) break;
    }
    const optionCourses = [...new Set([...options.values()].flat())];
    if (optionCourses.length === 0) return [];
    const published = await this.publishedHours(optionCourses);
    const courseCandidates = [...options.entries()]
      .filter(([, ids]) => ids.every((id) => published.has(id)))
      .map(([key, ids]): PathwayCandidate => ({ key, kind: "COURSES", courseIds: ids, coursePackageId: null, additionalHours: ids.reduce((total, id) => total + published.get(id)!, 0n) }));
    return [...courseCandidates, ...(await this.packageCandidates(optionCourses, completed))];
  }

  private async publishedHours(courseIds: string[]): Promise<Map<string, bigint>> {
    const rows = await this.database.db
      .select({ id: courses.id, lectureHours: courses.lectureHours, practiceHours: courses.practiceHours })
      .from(courses)
      .where(and(inArray(courses.id, courseIds), eq(courses.status, "PUBLISHED")));
    return new Map(rows.map((row) => [row.id, hoursOf(row)]));
  }

  /** Published packages holding any of the courses; a package adds its items not yet completed, at the hours frozen when it was published. */
  private async packageCandidates(courseIds: string[], completed: ReadonlySet<string>): Promise<PathwayCandidate[]> {
    const holding = this.database.db
      .selectDistinct({ packageId: coursePackageItems.packageId })
      .from(coursePackageItems)
      .innerJoin(coursePackages, eq(coursePackages.id, coursePackageItems.packageId))
      .where(and(inArray(coursePackageItems.courseId, courseIds), eq(coursePackages.status, "PUBLISHED")))
      .orderBy(asc(coursePackageItems.packageId))
      .limit(MAX_PACKAGE_CANDIDATES);
    const items = await this.database.db
      .select({ packageId: coursePackageItems.packageId, courseId: coursePackageItems.courseId, lectureHours: coursePackageItems.lectureHours, practiceHours: coursePackageItems.practiceHours })
      .from(coursePackageItems)
      .where(inArray(coursePackageItems.packageId, holding))
      .orderBy(asc(coursePackageItems.packageId), asc(coursePackageItems.position));
    const byPackage = new Map<string, PathwayCandidate>();
    for (const item of items) {
      const candidate = byPackage.get(item.packageId) ?? { key: item.packageId, kind: "COURSE_PACKAGE" as const, courseIds: [], coursePackageId: item.packageId, additionalHours: 0n };
      if (!completed.has(item.courseId)) {
        candidate.courseIds.push(item.courseId);
        candidate.additionalHours += hoursOf({ lectureHours: item.lectureHours ?? "0", practiceHours: item.practiceHours ?? "0" });
      }
      byPackage.set(item.packageId, candidate);
    }
    return [...byPackage.values()];
  }

  private async names(pathways: ScoredPathway[], organizationsRanked: ScoredOrganization[]): Promise<Names> {
    const courseIds = [...new Set(pathways.flatMap((pathway) => pathway.courseIds))];
    const packageIds = pathways.flatMap((pathway) => (pathway.coursePackageId ? [pathway.coursePackageId] : []));
    const organizationIds = [
      ...new Set([...pathways.flatMap((pathway) => pathway.completes.map((each) => each.targetOrganizationId)), ...organizationsRanked.map((each) => each.organizationId)]),
    ];
    const [courseRows, packageRows, organizationRows] = await Promise.all([
      courseIds.length ? this.database.db.select({ id: courses.id, code: courses.code }).from(courses).where(inArray(courses.id, courseIds)) : [],
      packageIds.length ? this.database.db.select({ id: coursePackages.id, code: coursePackages.code }).from(coursePackages).where(inArray(coursePackages.id, packageIds)) : [],
      organizationIds.length ? this.database.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, organizationIds)) : [],
    ]);
    return {
      course: new Map(courseRows.map((row) => [row.id, row.code])),
      coursePackage: new Map(packageRows.map((row) => [row.id, row.code])),
      organization: new Map(organizationRows.map((row) => [row.id, row.name])),
    };
  }
}

/** "3.00 at 示例大学, 1.50 at 另一大学": credits per receiving organization, in the order first met. */
function creditsByOrganization(equivalences: Equivalence[], names: Names): string {
  const totals = new Map<string, bigint>();
  for (const each of equivalences) totals.set(each.targetOrganizationId, (totals.get(each.targetOrganizationId) ?? 0n) + parseAmount(each.credits));
  return [...totals].map(([id, credits]) => `${formatAmount(credits)} at ${names.organization.get(id) ?? id}`).join(", ");
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

function explainPathway(pathway: ScoredPathway, names: Names): string {
  const hours = `${formatAmount(pathway.additionalHours)} h`;
  const what =
    pathway.kind === "COURSE_PACKAGE"
      ? `The package ${names.coursePackage.get(pathway.coursePackageId!) ?? pathway.coursePackageId} (${plural(pathway.courseIds.length, "course")} to take, ${hours})`
      : `Taking ${pathway.courseIds.map((id) => names.course.get(id) ?? id).join(" and ")} (${hours})`;
  return (
    `${what} completes ${plural(pathway.completes.length, "rule")} and gains ${formatAmount(pathway.creditsGained)} credits ` +
    `(${creditsByOrganization(pathway.completes, names)}): ${pathway.score.toFixed(4)} credits per hour.`
  );
}

function explainOrganization(organization: ScoredOrganization, names: Names): string {
  const courseCount = new Set(organization.counted.flatMap((each) => each.path[0].fromCourseIds)).size;
  const agreementCount = new Set(organization.counted.map((each) => each.rule.agreementId)).size;
  return (
    `${plural(courseCount, "completed course")} ${courseCount === 1 ? "earns" : "earn"} ${formatAmount(organization.credits)} credits at ${names.organization.get(organization.organizationId) ?? organization.organizationId} ` +
    `through ${plural(organization.counted.length, "rule")} of ${plural(agreementCount, "agreement")}.`
  );
}
