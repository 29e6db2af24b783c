// The agreement network held in memory for resolution. Every query walks the
// rules in force from the courses it starts at, hop by hop; in memory a hop is
// a map lookup, where recursive SQL would be a round trip and a join per hop
// (the README's "Resolution and recommendations" has the measurements).
//
// The index stays current two ways: the agreement service reports each change
// in this process at once (`agreementChanged`), and at most once a second a
// query asks the database for a checksum of the agreement rows, so changes made
// by other server processes arrive within about a second. Only changed
// agreements are reloaded.
import { and, count, eq, inArray, max, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { anyUuid } from "../../db/prepared-statement.js";
import { agreements, agreementVersions, equivalenceRules, type AgreementTermsRecord, type RuleCreditsKind, type RuleTargetKind } from "../agreement/agreement.table.js";
import type { RuleCredits, RuleSource } from "../transfer/rule-evaluation.js";
import { courses } from "../course/course.table.js";
import type { AgreementRules } from "./agreement-rules.js";
import type { CourseHours } from "./course-table.js";
import { EquivalenceGraph, type GraphRule } from "./equivalence-graph.js";
import { inForceWindow, type InForceWindow } from "./in-force-window.js";

// How long a process trusts its index before asking whether another process changed an agreement.
const CHECK_INTERVAL_MS = 1_000;
// Agreements per rule-loading statement: a few hundred rules each, so tens of thousands of rows a batch.
const AGREEMENTS_PER_BATCH = 200;
// Courses per statement when loading hours: one array parameter, a bounded result.
const COURSES_PER_BATCH = 20_000;
// A course edit can commit after a later-stamped one; reloading edits this far back catches it.
const COURSE_CLOCK_MARGIN_MS = 60_000;
// A query waits for at most this many refreshes in a row, so a stream of changes cannot starve it.
const MAX_REFRESH_ROUNDS = 3;
// Shared by every FROM_HOURS rule: the graph never mutates rules.
const FROM_HOURS: RuleCredits = { kind: "FROM_HOURS" };

/** What the index knows about one agreement: when its row last changed, and the window its rules apply in. */
interface AgreementFacts {
  id: string;
  stamp: number;
  version: number | null;
  window: InForceWindow | null;
  terms: AgreementTermsRecord | null;
}

export interface IndexStatistics {
  agreements: number;
  rules: number;
  courses: number;
  /** Milliseconds the last full build took; null before the first. */
  buildMs: number | null;
}

/** A rule as `ruleRows` reads it: the source as JSON text, target courses comma-separated. */
interface RuleRow {
  id: string;
  agreementId: string;
  version: number;
  source: string;
  targetKind: RuleTargetKind;
  targetOrganizationId: string;
  targetCourseIds: string;
  electiveCredits: string | null;
  electiveCategory: string | null;
  noRecognitionReason: string | null;
  creditsKind: RuleCreditsKind | null;
  fixedCredits: string | null;
}

export class ResolutionIndex {
  private graph: EquivalenceGraph | null = null;
  /** agreement id → updated_at (ms) of the row the index reflects. */
  private readonly stamps = new Map<string, number>();
  private agreementChecksum = "";
  private courseStamp = { count: 0, latest: 0 };
  /** Agreements this process changed since the last refresh. */
  private readonly dirty = new Set<string>();
  private checkedAt = 0;
  private refreshing: Promise<void> | null = null;
  private buildMs: number | null = null;
  /** One string instance per organization ID: every agreement keeps its receiving organization's once per kind of rule. */
  private readonly organizationIds = new Map<string, string>();
  private readonly creditObjects = new Map<string, RuleCredits>();

  constructor(private readonly database: Database) {}

  /** Called by the agreement service after every committed change: the next query reloads that agreement. */
  agreementChanged(agreementId: string): void {
    this.dirty.add(agreementId);
  }

  /** The graph, current with every change this process made and at most ~1 s behind other processes. */
  async current(): Promise<EquivalenceGraph> {
    for (let round = 0; round < MAX_REFRESH_ROUNDS && (this.refreshing !== null || this.needsRefresh()); round += 1) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
    }
    return this.graph!;
  }

  statistics(): IndexStatistics {
    return { agreements: this.graph?.agreementCount ?? 0, rules: this.graph?.ruleCount ?? 0, courses: this.graph?.courses.size ?? 0, buildMs: this.buildMs };
  }

  private needsRefresh(): boolean {
    return this.graph === null || this.dirty.size > 0 || Date.now() - this.checkedAt >= CHECK_INTERVAL_MS;
  }

  private async refresh(): Promise<void> {
    if (this.graph === null) return this.build();
    const changed = [...this.dirty];
    this.dirty.clear();
    try {
      if (Date.now() - this.checkedAt >= CHECK_INTERVAL_MS) {
        const checkedAt = Date.now();
        changed.push(...(await this.changedElsewhere()));
        await this.refreshCourseHours();
        this.checkedAt = checkedAt;
      }
      if (changed.length > 0) await this.reload([...new Set(changed)]);
    } catch (error) {
      // Not reloaded: the next query tries again.
      for (const id of changed) this.dirty.add(id);
      throw error;
    }
  }

  private async build(): Promise<void> {
    const started = performance.now();
    const checkedAt = Date.now();
    this.agreementChecksum = await this.checksum();
    this.courseStamp = await this.courseTableStamp();
    const facts = await this.agreementFacts(null);
    const graph = new EquivalenceGraph();
    await this.load(graph, facts);
    this.graph = graph;
    this.checkedAt = checkedAt;
    this.buildMs = Math.round(performance.now() - started);
  }

  private async reload(agreementIds: string[]): Promise<void> {
    const facts = await this.agreementFacts(agreementIds);
    await this.load(this.graph!, facts);
  }

  /** Loads the rules of the agreements that apply on some day and swaps them into the graph, with the courses they name. */
  private async load(graph: EquivalenceGraph, facts: AgreementFacts[]): Promise<void> {
    // An agreement that no longer applies, or has no rules, is swapped for none.
    const replacements = new Map<string, GraphRule[] | AgreementRules>(facts.map((each) => [each.id, []]));
    const applicable = facts.filter((each) => each.window !== null);
    const byId = new Map(applicable.map((each) => [each.id, each]));
    const batches: AgreementFacts[][] = [];
    for (let start = 0; start < applicable.length; start += AGREEMENTS_PER_BATCH) batches.push(applicable.slice(start, start + AGREEMENTS_PER_BATCH));
    // The next batch is read while this one is parsed: the database and this process work at the same time.
    const read = (index: number) => {
      const rows = this.ruleRows(batches[index]);
      // Awaited in the next round; until then a failure must not count as unhandled.
      rows.catch(() => undefined);
      return rows;
    };
    let next = batches.length > 0 ? read(0) : null;
    for (let index = 0; next !== null; index += 1) {
      const rows = await next;
      next = index + 1 < batches.length ? read(index + 1) : null;
      const rulesByAgreement = new Map<string, GraphRule[]>();
      for (const row of rows) {
        const rules = rulesByAgreement.get(row.agreementId) ?? [];
        rules.push(this.toGraphRule(row, byId.get(row.agreementId)!));
        rulesByAgreement.set(row.agreementId, rules);
      }
      // Compacted batch by batch (every rule of an agreement is in its batch): a
      // cold load never holds all 300,000 rules as objects at once.
      for (const [agreementId, rules] of rulesByAgreement) replacements.set(agreementId, graph.compact(agreementId, rules));
    }
    await this.loadCourses(graph);
    for (const [agreementId, rules] of replacements) graph.replaceAgreement(agreementId, rules);
    for (const each of facts) this.stamps.set(each.id, each.stamp);
  }

  /** Agreements whose row changed since the index read it, found by comparing stamps only when the checksum moved. */
  private async changedElsewhere(): Promise<string[]> {
    const checksum = await this.checksum();
    if (checksum === this.agreementChecksum) return [];
    this.agreementChecksum = checksum;
    const rows = await this.database.db.select({ id: agreements.id, updatedAt: agreements.updatedAt }).from(agreements);
    return rows.filter((row) => this.stamps.get(row.id) !== row.updatedAt.getTime()).map((row) => row.id);
  }

  /** Changes whenever any agreement row is inserted or updated (every lifecycle step sets updated_at). */
  private async checksum(): Promise<string> {
    const [row] = await this.database.rows<{ checksum: string }>(
      sql`select count(*)::text || ':' || coalesce(sum(hashtext(${agreements.id}::text || ${agreements.updatedAt}::text)::bigint), 0)::text as checksum from ${agreements}`,
    );
    return row.checksum;
  }

  private async agreementFacts(ids: string[] | null): Promise<AgreementFacts[]> {
    const rows = await this.database.db
      .select({
        id: agreements.id,
        updatedAt: agreements.updatedAt,
        state: agreements.state,
        inForceVersion: agreements.inForceVersion,
        terminationEffectiveOn: agreements.terminationEffectiveOn,
        terms: agreementVersions.terms,
      })
      .from(agreements)
      .leftJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.inForceVersion)))
      .where(ids === null ? undefined : inArray(agreements.id, ids));
    return rows.map((row) => ({
      id: row.id,
      stamp: row.updatedAt.getTime(),
      version: row.inForceVersion,
      terms: row.terms,
      window: inForceWindow({ state: row.state, inForce: row.terms, terminationEffectiveOn: row.terminationEffectiveOn }),
    }));
  }

  /**
   * The rules of each agreement's version in force, selecting only what
   * resolution reads. Raw SQL with text columns: parsing the source JSON and
   * the course array in one step here is about twice as fast as the drivers'
   * own jsonb and uuid[] parsing over 300,000 rows.
   */
  private ruleRows(batch: AgreementFacts[]): Promise<RuleRow[]> {
    return this.database.rows<RuleRow>(sql`
      select r.id, r.agreement_id as "agreementId", r.version, r.source::text as source, r.target_kind as "targetKind",
        r.target_organization_id as "targetOrganizationId", array_to_string(r.target_course_ids, ',') as "targetCourseIds",
        r.elective_credits::text as "electiveCredits", r.elective_category as "electiveCategory", r.no_recognition_reason as "noRecognitionReason",
        r.credits_kind as "creditsKind", r.fixed_credits::text as "fixedCredits"
      from ${equivalenceRules} r join ${agreements} a on a.id = r.agreement_id and a.in_force_version = r.version
      where r.agreement_id = ${anyUuid(batch.map((each) => each.id))}`);
  }

  private toGraphRule(row: RuleRow, facts: AgreementFacts): GraphRule {
    const terms = facts.terms!;
    const window = facts.window!;
    const organizationId = this.organizationId(row.targetOrganizationId);
    return {
      ruleId: row.id,
      agreementId: facts.id,
      agreementVersion: row.version,
      inForceFrom: window.from,
      inForceTo: window.to,
      allowTransitive: terms.allowTransitive,
      hoursPerCredit: terms,
      // Transient: the graph keeps only the conjunctions and course numbers.
      source: JSON.parse(row.source) as RuleSource,
      target:
        row.targetKind === "COURSES"
          ? { kind: "COURSES", organizationId, courseIds: row.targetCourseIds.split(",") }
          : row.targetKind === "ELECTIVE_BLOCK"
            ? { kind: "ELECTIVE_BLOCK", organizationId, credits: row.electiveCredits!, category: row.electiveCategory }
            : { kind: "NO_RECOGNITION", organizationId, reason: row.noRecognitionReason ?? "" },
      credits: row.creditsKind === "FIXED" ? this.fixedCredits(row.fixedCredits!) : FROM_HOURS,
    };
  }

  /** One object per amount: most rules grant one of a handful of fixed amounts. */
  private fixedCredits(credits: string): RuleCredits {
    const known = this.creditObjects.get(credits);
    if (known !== undefined) return known;
    const created: RuleCredits = { kind: "FIXED", credits };
    this.creditObjects.set(credits, created);
    return created;
  }

  /** Hours of the courses the rules name that the graph does not hold yet. */
  private async loadCourses(graph: EquivalenceGraph): Promise<void> {
    const ids = graph.courses.idsWithoutHours();
    for (let start = 0; start < ids.length; start += COURSES_PER_BATCH) {
      const rows = await this.courseRows(sql`${courses.id} = ${anyUuid(ids.slice(start, start + COURSES_PER_BATCH))}`);
      for (const row of rows) graph.courses.store(row);
    }
  }

  /** Course edits change hours (FROM_HOURS credits): reload the recently edited ones the index holds. */
  private async refreshCourseHours(): Promise<void> {
    const stamp = await this.courseTableStamp();
    if (stamp.count === this.courseStamp.count && stamp.latest === this.courseStamp.latest) return;
    const since = new Date(this.courseStamp.latest - COURSE_CLOCK_MARGIN_MS).toISOString();
    const held = this.graph!.courses;
    for (const row of await this.courseRows(sql`${courses.updatedAt} >= ${since}::timestamptz`)) {
      if (held.hasHours(row.id)) held.store(row);
    }
    this.courseStamp = stamp;
  }

  private async courseTableStamp(): Promise<{ count: number; latest: number }> {
    const [row] = await this.database.db.select({ count: count(), latest: max(courses.updatedAt) }).from(courses);
    return { count: row.count, latest: row.latest?.getTime() ?? 0 };
  }

  private courseRows(condition: SQL): Promise<CourseHours[]> {
    return this.database.rows<CourseHours>(sql`
      select id, lecture_hours::text as "lectureHours", practice_hours::text as "practiceHours"
      from ${courses} where ${condition}`);
  }

  private organizationId(id: string): string {
    const known = this.organizationIds.get(id);
    if (known !== undefined) return known;
    this.organizationIds.set(id, id);
    return id;
  }
}

