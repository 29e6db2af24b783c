import { and, asc, count, eq, getTableColumns, gt, ilike, inArray, isNotNull, lte, max, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { anyUuid, preparedStatement } from "../../db/prepared-statement.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { badUserInput, forbidden } from "../../graphql/errors.js";
import { decodeGlobalId, parseArgumentId, parseInputId, toGlobalId } from "../../graphql/global-id.js";
import { readPageArgs, toConnection, type CursorKey, type PageArgs } from "../../graphql/connection.js";
import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { idempotent } from "../ledger/idempotency.js";
import { appendEntry, type EntryKind } from "../ledger/journal.js";
import { likePattern } from "../../db/like-pattern.js";
import { organizations } from "../organization/organization.table.js";
import { courses, courseVersions } from "../course/course.table.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { checkTransition, todayInChina, type AgreementStatus, type LifecycleAction } from "./agreement-lifecycle.js";
import {
  MAX_REASON_LENGTH,
  checkParties,
  checkPartiesExist,
  checkReferences,
  checkVersion,
  namedCourseIds,
  type CourseFacts,
  type ValidatedRule,
  type ValidatedVersion,
} from "./agreement-terms.js";
import {
  agreementParties,
  agreements,
  agreementVersions,
  equivalenceRuleCourses,
  equivalenceRules,
  type AgreementDirection,
  type AgreementRow,
  type AgreementVersionRow,
  type PartyRecord,
} from "./agreement.table.js";
import { hashTerms, type CourseRef, type HashedTerms, type TermsDocument, type TermsInput, type TermsRule } from "./terms-hash.js";
import { presentAgreement, type Agreement, type AgreementRecord } from "./agreement.type.js";
import type {
  AgreementAmendInput,
  AgreementApproveInput,
  AgreementFilter,
  AgreementProposeInput,
  AgreementResumeInput,
  AgreementSuspendInput,
  AgreementTerminateInput,
  EquivalenceRuleInput,
} from "./agreement.input.js";

// Versions are negotiation rounds; the bound keeps `agreement.versions` a short list.
const MAX_VERSIONS = 100;

/** Who is reading: decides which agreements and versions are visible. JSON, because child-connection loaders group by it. */
export interface AgreementAudience {
  isAdmin: boolean;
  organizationId: string | null;
}

export function audienceOf(viewer: Viewer): AgreementAudience {
  return { isAdmin: viewer.isAdmin, organizationId: viewer.actor?.organizationId ?? null };
}

/** Who may see pending versions: the parties' registrars and providers, and admins. */
export function seesPending(audience: AgreementAudience, partyOrganizationIds: readonly string[]): boolean {
  return audience.isAdmin || (audience.organizationId !== null && partyOrganizationIds.includes(audience.organizationId));
}

/** The SQL twin of `seesPending`, on the agreement row. */
function seesPendingCondition(audience: AgreementAudience): SQL {
  if (audience.isAdmin) return sql`true`;
  return audience.organizationId ? sql`${audience.organizationId}::uuid = any(${agreements.partyOrganizationIds})` : sql`false`;
}

/** Agreements never approved by every party are their parties' business only. */
function visibilityCondition(audience: AgreementAudience): SQL {
  return or(isNotNull(agreements.inForceVersion), seesPendingCondition(audience))!;
}

/** "uuid:version", the key of one agreement version in loaders. */
export const versionKeyOf = (agreementId: string, version: number) => `${agreementId}:${version}`;

/** (agreement_id, version) in the versions named by `keys`. */
function inVersions(agreementId: SQLWrapper, version: SQLWrapper, keys: readonly string[]): SQL {
  const pairs = keys.map((key) => {
    const [id, number] = key.split(":");
    return sql`(${id}::uuid, ${Number(number)}::int)`;
  });
  return sql`(${agreementId}, ${version}) in (${sql.join(pairs, sql`, `)})`;
}

const UUID_KEYSET = idKeyset<{ id: string }>();

// Prepared: loaders run these in most requests that show an agreement or a rule (resolution paths among them).
const agreementColumns = getTableColumns(agreements);
const selectAgreementsByIds = preparedStatement(
  "agreement_by_ids",
  (db) => db.select(agreementColumns).from(agreements).where(sql`${agreements.id} = ${anyUuid(sql.placeholder("ids"))}`),
  agreementColumns,
);

const ruleColumns = getTableColumns(equivalenceRules);
const selectRulesByIds = preparedStatement(
  "equivalence_rule_by_ids",
  (db) => db.select(ruleColumns).from(equivalenceRules).where(sql`${equivalenceRules.id} = ${anyUuid(sql.placeholder("ids"))}`),
  ruleColumns,
);

const versionSummary = {
  agreementId: agreementVersions.agreementId,
  version: agreementVersions.version,
  terms: agreementVersions.terms,
  parties: agreementVersions.parties,
  termsHash: agreementVersions.termsHash,
  status: agreementVersions.status,
  proposedAt: agreementVersions.proposedAt,
  proposedBy: agreementVersions.proposedBy,
  proposedByOrganizationId: agreementVersions.proposedByOrganizationId,
  activatedAt: agreementVersions.activatedAt,
  supersededAt: agreementVersions.supersededAt,
};

const selectVersionsOf = preparedStatement(
  "agreement_versions_of",
  (db) =>
    db
      .select(versionSummary)
      .from(agreementVersions)
      .where(sql`${agreementVersions.agreementId} = ${anyUuid(sql.placeholder("agreementIds"))}`)
      .orderBy(asc(agreementVersions.agreementId), asc(agreementVersions.version)),
  versionSummary,
);

/** The in-force version's validity, for filters: a correlated subquery on the agreement row. */
const inForceTerm = (name: "validFrom" | "validTo") =>
  sql`(select ${agreementVersions.terms}->>${name} from ${agreementVersions} where ${agreementVersions.agreementId} = ${agreements.id} and ${agreementVersions.version} = ${agreements.inForceVersion})`;

function statusCondition(status: AgreementStatus, today: string): SQL {
  const ended = sql`${inForceTerm("validTo")} < ${today}`;
  const current = sql`coalesce(${inForceTerm("validTo")} >= ${today}, true)`;
  switch (status) {
    case "PROPOSED":
    case "TERMINATED":
      return eq(agreements.state, status);
    case "EXPIRED":
      return and(inArray(agreements.state, ["ACTIVE", "SUSPENDED"]), ended)!;
    case "ACTIVE":
    case "SUSPENDED":
      return and(eq(agreements.state, status), current)!;
  }
}

/** The SQL twin of `versionInForceOn`: some version applies on `date`. */
function activeOnCondition(date: string): SQL {
  return sql`${agreements.inForceVersion} is not null and ${agreements.state} <> 'SUSPENDED'
    and (${agreements.terminationEffectiveOn} is null or ${agreements.terminationEffectiveOn} > ${date})
    and ${inForceTerm("validFrom")} <= ${date} and coalesce(${inForceTerm("validTo")} >= ${date}, true)`;
}

interface JournalFacts {
  kind: EntryKind;
  actor: Actor;
  row: AgreementRow;
  version: number;
  termsHash: string;
  body?: Record<string, unknown>;
}

/** Every lifecycle event names the agreement, the version and its hash, and is readable by every party. */
function journal(tx: Db, facts: JournalFacts) {
  return appendEntry(tx, {
    kind: facts.kind,
    actor: facts.actor,
    organizationIds: facts.row.partyOrganizationIds,
    body: { agreementId: toGlobalId("Agreement", facts.row.id), version: facts.version, termsHash: facts.termsHash, ...facts.body },
  });
}

function courseRef(courseId: string, facts: ReadonlyMap<string, CourseFacts>): CourseRef {
  return { id: toGlobalId("Course", courseId), version: facts.get(courseId)!.publishedVersion! };
}

function termsRule(rule: ValidatedRule, facts: ReadonlyMap<string, CourseFacts>): TermsRule {
  const organizationId = toGlobalId("Organization", rule.target.organizationId);
  const { target } = rule;
  return {
    source: {
      groupConjunction: rule.source.groupConjunction,
      groups: rule.source.groups.map((group) => ({ conjunction: group.conjunction, courses: group.courseIds.map((id) => courseRef(id, facts)) })),
    },
    target:
      target.kind === "COURSES"
        ? { kind: "COURSES", organizationId, courses: target.courseIds.map((id) => courseRef(id, facts)) }
        : target.kind === "ELECTIVE_BLOCK"
          ? { kind: "ELECTIVE_BLOCK", organizationId, credits: target.electiveCredits!, category: target.electiveCategory! }
          : { kind: "NO_RECOGNITION", organizationId, reason: target.reason! },
    credits: rule.credits,
    minGrade: rule.minGrade,
    recencyYears: rule.recencyYears,
    note: rule.note,
  };
}

function toTermsInput(direction: AgreementDirection, parties: PartyRecord[], version: ValidatedVersion, facts: ReadonlyMap<string, CourseFacts>): TermsInput {
  return {
    direction,
    parties: parties.map((party) => ({ organizationId: toGlobalId("Organization", party.organizationId), role: party.role })),
    terms: version.terms,
    rules: version.rules.map((rule) => termsRule(rule, facts)),
  };
}

/** A global ID of the document back to its database UUID (the document only holds IDs this service encoded). */
const uuidOf = (globalId: string) => decodeGlobalId(globalId)!.id;

/** Rule rows in the document's canonical order, so equal hashes mean equal rows. */
function ruleRows(agreementId: string, version: number, document: TermsDocument) {
  return document.rules.map((rule, position) => {
    const id = uuidv7();
    const sourceRefs = rule.source.groups.flatMap((group) => group.courses);
    const targetRefs = rule.target.kind === "COURSES" ? rule.target.courses : [];
    const courseVersions = Object.fromEntries([...sourceRefs, ...targetRefs].map((ref) => [uuidOf(ref.id), ref.version]));
    const row = {
      id,
      agreementId,
      version,
      position,
      source: {
        groupConjunction: rule.source.groupConjunction,
        groups: rule.source.groups.map((group) => ({ conjunction: group.conjunction, courseIds: group.courses.map((ref) => uuidOf(ref.id)) })),
      },
      targetKind: rule.target.kind,
      targetOrganizationId: uuidOf(rule.target.organizationId),
      targetCourseIds: targetRefs.map((ref) => uuidOf(ref.id)),
      electiveCredits: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.credits : null,
      electiveCategory: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.category : null,
      noRecognitionReason: rule.target.kind === "NO_RECOGNITION" ? rule.target.reason : null,
      creditsKind: rule.credits?.kind ?? null,
      fixedCredits: rule.credits?.kind === "FIXED" ? rule.credits.credits : null,
      minGrade: rule.minGrade,
      recencyYears: rule.recencyYears,
      note: rule.note,
      courseVersions,
    };
    const lookups = [
      ...[...new Set(sourceRefs.map((ref) => uuidOf(ref.id)))].map((courseId) => ({ ruleId: id, courseId, side: "SOURCE" as const, agreementId, version })),
      ...targetRefs.map((ref) => ({ ruleId: id, courseId: uuidOf(ref.id), side: "TARGET" as const, agreementId, version })),
    ];
    return { row, lookups };
  });
}

export class AgreementService {
  constructor(
    private readonly database: Database,
    /** Told after every committed change, e.g. so the resolution index reloads the agreement at once. */
    private readonly changed: (agreementId: string) => void = () => undefined,
  ) {}

  /**
   * Proposes a new agreement as version 1 (PROPOSED). The caller's organization must be a party.
   *
   * Fails with: FORBIDDEN (top level, caller not among the parties); then, all reported together,
   * REQUIRED / TOO_LONG (code, title), TOO_FEW_PARTIES, TOO_MANY_ITEMS, INVALID_ID, DUPLICATE_PARTY, INVALID_PARTY_ROLE,
   * INVALID_DATE_RANGE, INVALID_NUMBER, EMPTY_GROUP, DUPLICATE_COURSE, REQUIRED / INVALID_VALUE (rule fields);
   * INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED; then, together, UNKNOWN_ORGANIZATION, ORGANIZATION_NOT_A_PARTY,
   * UNKNOWN_COURSE, COURSE_NOT_OF_PARTY, WRONG_SIDE_FOR_DIRECTION, COURSE_RETIRED, COURSE_NOT_PUBLISHED.
   */
  async propose(actor: Actor, input: AgreementProposeInput) {
    const { idempotencyKey, request } = splitKey(input);
    if (!input.parties.some((party) => decodeGlobalId(party.organizationId)?.id === actor.organizationId)) {
      throw forbidden("Only a party may propose an agreement: list your own organization among the parties");
    }
    const problems = new Problems();
    const code = checkText(problems, "code", input.code, { required: true, max: 50 })!;
    const title = checkText(problems, "title", input.title, { required: true, max: 200 })!;
    const parties = checkParties(problems, input.direction, input.parties);
    const version = checkVersion(problems, input);
    problems.throwIfAny();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementPropose", request }, async () => {
        const existing = await existingOrganizations(tx, parties.map((party) => party.organizationId));
        const facts = await courseFacts(tx, namedCourseIds(version.rules));
        const references = new Problems();
        checkPartiesExist(references, parties, existing);
        checkReferences(references, parties, version.rules, facts);
        references.throwIfAny();
        const id = uuidv7();
        const row: AgreementRow = {
          id,
          code,
          title,
          direction: input.direction,
          state: "PROPOSED",
          partyOrganizationIds: parties.map((party) => party.organizationId),
          latestVersion: 1,
          inForceVersion: null,
          proposedByOrganizationId: actor.organizationId!,
          suspendedAt: null,
          suspendedByOrganizationId: null,
          suspensionReason: null,
          terminatedAt: null,
          terminatedByOrganizationId: null,
          terminationReason: null,
          terminationEffectiveOn: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        };
        await tx.insert(agreements).values(row);
        const hashed = hashTerms(toTermsInput(input.direction, parties, version, facts));
        await insertVersion(tx, actor, row, 1, parties, hashed);
        await journal(tx, { kind: "AGREEMENT_PROPOSED", actor, row, version: 1, termsHash: hashed.termsHash, body: { code, title, terms: hashed.document } });
        return { agreementId: id };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /**
   * Proposes the next version with new validity, terms and rules; parties and direction stay. A pending
   * version it replaces is WITHDRAWN; the version in force stays in force until every party approves the new one.
   *
   * Fails with: INVALID_ID; shape codes as for propose (together); INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED;
   * NOT_FOUND; FORBIDDEN (top level, not a party); AGREEMENT_TERMINATED; TOO_MANY_ITEMS (versions);
   * reference codes as for propose (together); TERMS_UNCHANGED.
   */
  async amend(actor: Actor, input: AgreementAmendInput) {
    const { idempotencyKey, request } = splitKey(input);
    const agreementId = parseInputId(input.agreementId, "Agreement", "agreementId");
    const problems = new Problems();
    const version = checkVersion(problems, input);
    problems.throwIfAny();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementAmend", request }, async () => {
        await this.amendLocked(tx, actor, agreementId, () => version);
        return { agreementId };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /**
   * Amends inside the caller's transaction, replacing the rules and keeping the latest version's
   * validity and terms: the bulk import of rules, which commits with the import's own bookkeeping.
   * Fails as `amend`, shape codes included (at `rules.N…`); the caller calls `notifyChanged` after commit.
   * Returns the new version's number.
   */
  async amendRulesIn(tx: Db, actor: Actor, agreementId: string, rules: EquivalenceRuleInput[]): Promise<number> {
    return this.amendLocked(tx, actor, agreementId, (latest) => {
      const problems = new Problems();
      const version = checkVersion(problems, { validFrom: latest.terms.validFrom, validTo: latest.terms.validTo, terms: latest.terms, rules });
      problems.throwIfAny();
      return version;
    });
  }

  /** Tells listeners about a change committed in a caller's transaction (`amendRulesIn`). */
  notifyChanged(agreementId: string): void {
    this.changed(agreementId);
  }

  private async amendLocked(tx: Db, actor: Actor, agreementId: string, versionOf: (latest: AgreementVersionRow) => ValidatedVersion): Promise<number> {
    const { row, latest } = await lockForAction(tx, actor, agreementId, "AMEND");
    if (row.latestVersion >= MAX_VERSIONS) {
      throw new DomainError(UserErrorCode.TOO_MANY_ITEMS, "agreementId", `An agreement can have at most ${MAX_VERSIONS} versions`);
    }
    const version = versionOf(latest);
    const facts = await courseFacts(tx, namedCourseIds(version.rules));
    const references = new Problems();
    checkReferences(references, latest.parties, version.rules, facts);
    references.throwIfAny();
    const hashed = hashTerms(toTermsInput(row.direction, latest.parties, version, facts));
    if (hashed.termsHash === latest.termsHash) {
      throw new DomainError(UserErrorCode.TERMS_UNCHANGED, null, `The terms are the same as version ${latest.version}'s`);
    }
    const next = row.latestVersion + 1;
    const withdrawn = latest.status === "PROPOSED" ? latest.version : null;
    if (withdrawn !== null) await closeVersion(tx, agreementId, withdrawn, "WITHDRAWN");
    await tx.update(agreements).set({ latestVersion: next, updatedAt: new Date() }).where(eq(agreements.id, agreementId));
    await insertVersion(tx, actor, row, next, latest.parties, hashed);
    await journal(tx, { kind: "AGREEMENT_AMENDED", actor, row, version: next, termsHash: hashed.termsHash, body: { withdrawnVersion: withdrawn, terms: hashed.document } });
    return next;
  }

  /**
   * Records the approval of the latest version for the caller's own organization. When every party
   * has approved the same hash, the version becomes ACTIVE (in force from its validFrom) and the
   * version it replaces SUPERSEDED.
   *
   * Fails with: INVALID_ID, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND, FORBIDDEN (top level, not a party),
   * AGREEMENT_TERMINATED, TERMS_HASH_MISMATCH, ALREADY_APPROVED.
   */
  async approve(actor: Actor, input: AgreementApproveInput) {
    const { idempotencyKey, request } = splitKey(input);
    const agreementId = parseInputId(input.agreementId, "Agreement", "agreementId");
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementApprove", request }, async () => {
        const { row, latest } = await lockForAction(tx, actor, agreementId, "APPROVE");
        if (input.termsHash !== latest.termsHash) {
          throw new DomainError(UserErrorCode.TERMS_HASH_MISMATCH, "termsHash", `The latest version (${latest.version}) has another terms hash; review it and approve its hash`);
        }
        const approval = { approvedAt: new Date(), approvedBy: actor.subject, approvedHash: latest.termsHash };
        const approved = await tx
          .update(agreementParties)
          .set(approval)
          .where(
            and(
              eq(agreementParties.agreementId, agreementId),
              eq(agreementParties.version, latest.version),
              eq(agreementParties.organizationId, actor.organizationId!),
              sql`${agreementParties.approvedHash} is null`,
            ),
          )
          .returning({ organizationId: agreementParties.organizationId });
        if (approved.length === 0) {
          throw new DomainError(UserErrorCode.ALREADY_APPROVED, "termsHash", `Your organization already approved version ${latest.version}`);
        }
        const journalFacts = { actor, row, version: latest.version, termsHash: latest.termsHash };
        await journal(tx, { ...journalFacts, kind: "AGREEMENT_APPROVED", body: { organizationId: toGlobalId("Organization", actor.organizationId!) } });
        if (await allApproved(tx, agreementId, latest)) {
          const superseded = row.inForceVersion;
          if (superseded !== null) await closeVersion(tx, agreementId, superseded, "SUPERSEDED");
          await tx.update(agreementVersions).set({ status: "ACTIVE", activatedAt: new Date() }).where(versionKey(agreementId, latest.version));
          await tx
            .update(agreements)
            .set({ inForceVersion: latest.version, state: row.state === "PROPOSED" ? "ACTIVE" : row.state, updatedAt: new Date() })
            .where(eq(agreements.id, agreementId));
          await journal(tx, { ...journalFacts, kind: "AGREEMENT_ACTIVATED", body: { validFrom: latest.terms.validFrom, supersededVersion: superseded } });
        }
        return { agreementId };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /**
   * Pauses recognition under an ACTIVE agreement: no version is in force while it is suspended.
   *
   * Fails with: INVALID_ID, REQUIRED / TOO_LONG (reason), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND,
   * FORBIDDEN (top level, not a party), AGREEMENT_TERMINATED, INVALID_TRANSITION (not ACTIVE).
   */
  async suspend(actor: Actor, input: AgreementSuspendInput) {
    const { idempotencyKey, request } = splitKey(input);
    const agreementId = parseInputId(input.agreementId, "Agreement", "agreementId");
    const reason = checkReason(input.reason);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementSuspend", request }, async () => {
        const { row } = await lockForAction(tx, actor, agreementId, "SUSPEND");
        await tx
          .update(agreements)
          .set({ state: "SUSPENDED", suspendedAt: new Date(), suspendedByOrganizationId: actor.organizationId, suspensionReason: reason, updatedAt: new Date() })
          .where(eq(agreements.id, agreementId));
        await journal(tx, { kind: "AGREEMENT_SUSPENDED", ...(await inForceFacts(tx, actor, row)), body: { reason } });
        return { agreementId };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /**
   * Lifts a suspension. Only the organization that suspended may resume: a party cannot
   * overrule another's reason to pause recognition.
   *
   * Fails with: INVALID_ID, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND, FORBIDDEN (top level, not a party),
   * AGREEMENT_TERMINATED, INVALID_TRANSITION (not SUSPENDED), NOT_SUSPENDING_PARTY.
   */
  async resume(actor: Actor, input: AgreementResumeInput) {
    const { idempotencyKey, request } = splitKey(input);
    const agreementId = parseInputId(input.agreementId, "Agreement", "agreementId");
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementResume", request }, async () => {
        const { row } = await lockForAction(tx, actor, agreementId, "RESUME");
        if (row.suspendedByOrganizationId !== actor.organizationId) {
          throw new DomainError(UserErrorCode.NOT_SUSPENDING_PARTY, "agreementId", "Only the party that suspended the agreement may resume it");
        }
        await tx
          .update(agreements)
          .set({ state: "ACTIVE", suspendedAt: null, suspendedByOrganizationId: null, suspensionReason: null, updatedAt: new Date() })
          .where(eq(agreements.id, agreementId));
        await journal(tx, { kind: "AGREEMENT_RESUMED", ...(await inForceFacts(tx, actor, row)) });
        return { agreementId };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /**
   * Ends the agreement: it applies to nothing dated on or after `effectiveOn`, and a pending
   * version is WITHDRAWN. Any party may terminate; termination is final.
   *
   * Fails with: INVALID_ID, REQUIRED / TOO_LONG (reason), INVALID_DATE_RANGE (effectiveOn before today),
   * INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND, FORBIDDEN (top level, not a party), AGREEMENT_TERMINATED.
   */
  async terminate(actor: Actor, input: AgreementTerminateInput) {
    const { idempotencyKey, request } = splitKey(input);
    const agreementId = parseInputId(input.agreementId, "Agreement", "agreementId");
    const problems = new Problems();
    const reason = checkText(problems, "reason", input.reason, { required: true, max: MAX_REASON_LENGTH })!;
    const today = todayInChina();
    // A termination cannot reach back: decisions already taken under the agreement stand.
    if (input.effectiveOn < today) problems.add(UserErrorCode.INVALID_DATE_RANGE, "effectiveOn", `effectiveOn must be today (${today}) or later`);
    problems.throwIfAny();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "agreementTerminate", request }, async () => {
        const { row, latest } = await lockForAction(tx, actor, agreementId, "TERMINATE");
        const withdrawn = latest.status === "PROPOSED" ? latest.version : null;
        if (withdrawn !== null) await closeVersion(tx, agreementId, withdrawn, "WITHDRAWN");
        await tx
          .update(agreements)
          .set({
            state: "TERMINATED",
            terminatedAt: new Date(),
            terminatedByOrganizationId: actor.organizationId,
            terminationReason: reason,
            terminationEffectiveOn: input.effectiveOn,
            updatedAt: new Date(),
          })
          .where(eq(agreements.id, agreementId));
        await journal(tx, { kind: "AGREEMENT_TERMINATED", ...(await inForceFacts(tx, actor, row)), body: { reason, effectiveOn: input.effectiveOn, withdrawnVersion: withdrawn } });
        return { agreementId };
      }),
    );
    this.changed(result.agreementId);
    return { agreement: await this.presentForParty(result.agreementId), replayed };
  }

  /** Agreements the viewer may see, oldest first; `organizationId` narrows to one party's. */
  async list(audience: AgreementAudience, args: PageArgs, filter: AgreementFilter | null | undefined) {
    const { limit, after } = readPageArgs(args, 1);
    if (after !== null && !UUID_KEYSET.isValid(after)) throw badUserInput('Argument "after" is not a cursor of this list');
    const today = todayInChina();
    const conditions: (SQL | undefined)[] = [visibilityCondition(audience)];
    if (filter?.organizationId) {
      const organizationId = parseArgumentId(filter.organizationId, "Organization", "filter.organizationId");
      conditions.push(sql`${organizationId}::uuid = any(${agreements.partyOrganizationIds})`);
    }
    if (filter?.status) conditions.push(statusCondition(filter.status, today));
    if (filter?.activeOn) conditions.push(activeOnCondition(filter.activeOn));
    if (filter?.text?.trim()) {
      const pattern = likePattern(filter.text.trim());
      conditions.push(or(ilike(agreements.code, pattern), ilike(agreements.title, pattern)));
    }
    const matching = and(...conditions);
    const rows = await this.database.db
      .select()
      .from(agreements)
      .where(and(matching, after ? gt(agreements.id, String(after[0])) : undefined))
      .orderBy(asc(agreements.id))
      .limit(limit + 1);
    const records = await this.withVersions(rows);
    return toConnection(
      records,
      limit,
      after !== null,
      (record) => [record.row.id],
      (record) => presentAgreement(record, seesPending(audience, record.row.partyOrganizationIds), today)!,
      async () => {
        const [{ total }] = await this.database.db.select({ total: count() }).from(agreements).where(matching);
        return total;
      },
    );
  }

  /** Agreements with all their versions (without canonical text), for loaders. */
  async recordsByIds(ids: readonly string[]): Promise<AgreementRecord[]> {
    return this.withVersions(await selectAgreementsByIds(this.database.db, { ids }));
  }

  /** Several organizations' agreements, oldest first, at most `limit + 1` each, in one statement. */
  async pagesOfOrganizations(organizationIds: string[], limit: number, after: CursorKey | null, audience: AgreementAudience) {
    const ranked = this.database.db
      .select({
        ...getTableColumns(agreements),
        parentId: sql<string>`${agreementParties.organizationId}`.as("parent_id"),
        rank: sql<number>`row_number() over (partition by ${agreementParties.organizationId} order by ${agreements.id})`.as("rank"),
      })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(this.ofOrganizations(organizationIds, audience, after))
      .as("ranked");
    const rows = await this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.parentId), asc(ranked.id));
    const records = await this.withVersions(rows);
    return records.map((record, index) => ({ ...record, parentId: rows[index].parentId }));
  }

  async totalsOfOrganizations(organizationIds: string[], audience: AgreementAudience) {
    return this.database.db
      .select({ parentId: agreementParties.organizationId, total: count() })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(this.ofOrganizations(organizationIds, audience, null))
      .groupBy(agreementParties.organizationId);
  }

  /** Parties never change, so version 1's party rows list every agreement of an organization once. */
  private ofOrganizations(organizationIds: string[], audience: AgreementAudience, after: CursorKey | null) {
    return and(
      eq(agreementParties.version, 1),
      inArray(agreementParties.organizationId, organizationIds),
      visibilityCondition(audience),
      after ? gt(agreements.id, String(after[0])) : undefined,
    );
  }

  /** Several versions' rules in canonical order, at most `limit + 1` each, in one statement. Keys are "uuid:version". */
  async rulePages(versionKeys: string[], limit: number, after: CursorKey | null) {
    const ranked = this.database.db
      .select({
        ...getTableColumns(equivalenceRules),
        rank: sql<number>`row_number() over (partition by ${equivalenceRules.agreementId}, ${equivalenceRules.version} order by ${equivalenceRules.position})`.as("rank"),
      })
      .from(equivalenceRules)
      .where(and(inVersions(equivalenceRules.agreementId, equivalenceRules.version, versionKeys), after ? gt(equivalenceRules.position, Number(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.agreementId), asc(ranked.version), asc(ranked.position));
  }

  async ruleTotals(versionKeys: string[]) {
    const rows = await this.database.db
      .select({ agreementId: equivalenceRules.agreementId, version: equivalenceRules.version, total: count() })
      .from(equivalenceRules)
      .where(inVersions(equivalenceRules.agreementId, equivalenceRules.version, versionKeys))
      .groupBy(equivalenceRules.agreementId, equivalenceRules.version);
    return rows.map((row) => ({ parentId: versionKeyOf(row.agreementId, row.version), total: row.total }));
  }

  /**
   * Several courses' rules, in creation order, at most `limit + 1` each: rules of the version in
   * force, plus those of a pending version for its parties.
   */
  async rulePagesOfCourses(courseIds: string[], limit: number, after: CursorKey | null, audience: AgreementAudience) {
    const ranked = this.database.db
      .select({
        ...getTableColumns(equivalenceRules),
        parentId: sql<string>`${equivalenceRuleCourses.courseId}`.as("parent_id"),
        rank: sql<number>`row_number() over (partition by ${equivalenceRuleCourses.courseId} order by ${equivalenceRules.id})`.as("rank"),
      })
      .from(equivalenceRuleCourses)
      .innerJoin(equivalenceRules, eq(equivalenceRules.id, equivalenceRuleCourses.ruleId))
      .innerJoin(agreements, eq(agreements.id, equivalenceRuleCourses.agreementId))
      .where(and(this.ofCourses(courseIds, audience), after ? gt(equivalenceRules.id, String(after[0])) : undefined))
      .as("ranked");
    return this.database.db.select().from(ranked).where(lte(ranked.rank, limit + 1)).orderBy(asc(ranked.parentId), asc(ranked.id));
  }

  async ruleTotalsOfCourses(courseIds: string[], audience: AgreementAudience) {
    return this.database.db
      .select({ parentId: equivalenceRuleCourses.courseId, total: count() })
      .from(equivalenceRuleCourses)
      .innerJoin(agreements, eq(agreements.id, equivalenceRuleCourses.agreementId))
      .where(this.ofCourses(courseIds, audience))
      .groupBy(equivalenceRuleCourses.courseId);
  }

  private ofCourses(courseIds: string[], audience: AgreementAudience) {
    const inForce = eq(equivalenceRuleCourses.version, agreements.inForceVersion);
    const pending = and(seesPendingCondition(audience), eq(equivalenceRuleCourses.version, agreements.latestVersion));
    return and(inArray(equivalenceRuleCourses.courseId, courseIds), or(inForce, pending));
  }

  async partiesOfVersions(versionKeys: readonly string[]) {
    return this.database.db
      .select()
      .from(agreementParties)
      .where(inVersions(agreementParties.agreementId, agreementParties.version, versionKeys))
      .orderBy(asc(agreementParties.organizationId));
  }

  async canonicalTermsOf(versionKeys: readonly string[]) {
    return this.database.db
      .select({ agreementId: agreementVersions.agreementId, version: agreementVersions.version, canonicalTerms: agreementVersions.canonicalTerms })
      .from(agreementVersions)
      .where(inVersions(agreementVersions.agreementId, agreementVersions.version, versionKeys));
  }

  async rulesByIds(ids: readonly string[]) {
    return selectRulesByIds(this.database.db, { ids });
  }

  private async withVersions(rows: AgreementRow[]): Promise<AgreementRecord[]> {
    if (rows.length === 0) return [];
    const versions = await selectVersionsOf(this.database.db, { agreementIds: rows.map((row) => row.id) });
    return rows.map((row) => ({ row, versions: versions.filter((version) => version.agreementId === row.id) }));
  }

  private async presentForParty(agreementId: string): Promise<Agreement> {
    const [record] = await this.recordsByIds([agreementId]);
    return presentAgreement(record, true, todayInChina())!;
  }
}

/**
 * The key and the rest of the input as plain JSON: type-graphql hands nested
 * inputs over as class instances, which canonical JSON (the request hash) refuses.
 */
function splitKey<T extends { idempotencyKey: string }>(input: T): { idempotencyKey: string; request: unknown } {
  const { idempotencyKey, ...request } = input;
  return { idempotencyKey, request: JSON.parse(JSON.stringify(request)) };
}

function checkReason(value: string): string {
  const problems = new Problems();
  const reason = checkText(problems, "reason", value, { required: true, max: MAX_REASON_LENGTH });
  problems.throwIfAny();
  return reason!;
}

const versionKey = (agreementId: string, version: number) => and(eq(agreementVersions.agreementId, agreementId), eq(agreementVersions.version, version));

/**
 * Locks the agreement row for the rest of the transaction (two parties approving
 * at once take turns, so the last approval always sees the others), then checks
 * that the caller is a party and that `action` is allowed in the current state.
 */
async function lockForAction(tx: Db, actor: Actor, agreementId: string, action: LifecycleAction): Promise<{ row: AgreementRow; latest: AgreementVersionRow }> {
  const [row] = await tx.select().from(agreements).where(eq(agreements.id, agreementId)).for("update");
  if (!row) throw new DomainError(UserErrorCode.NOT_FOUND, "agreementId", "No agreement has this ID");
  if (actor.organizationId === null || !row.partyOrganizationIds.includes(actor.organizationId)) {
    throw forbidden("Only the parties' registrars and providers may act on an agreement");
  }
  checkTransition(action, row.state);
  const [latest] = await tx.select().from(agreementVersions).where(versionKey(agreementId, row.latestVersion));
  return { row, latest };
}

/** The version a suspension, resumption or termination concerns: the one in force, else the latest. */
async function inForceFacts(tx: Db, actor: Actor, row: AgreementRow) {
  const version = row.inForceVersion ?? row.latestVersion;
  const [{ termsHash }] = await tx.select({ termsHash: agreementVersions.termsHash }).from(agreementVersions).where(versionKey(row.id, version));
  return { actor, row, version, termsHash };
}

async function closeVersion(tx: Db, agreementId: string, version: number, status: "SUPERSEDED" | "WITHDRAWN"): Promise<void> {
  await tx.update(agreementVersions).set({ status, supersededAt: new Date() }).where(versionKey(agreementId, version));
}

async function allApproved(tx: Db, agreementId: string, latest: AgreementVersionRow): Promise<boolean> {
  const [{ pending }] = await tx
    .select({ pending: count() })
    .from(agreementParties)
    .where(
      and(
        eq(agreementParties.agreementId, agreementId),
        eq(agreementParties.version, latest.version),
        sql`${agreementParties.approvedHash} is distinct from ${latest.termsHash}`,
      ),
    );
  return pending === 0;
}

/** Writes a version, its parties (no approvals yet) and its rules in canonical order. */
async function insertVersion(tx: Db, actor: Actor, row: AgreementRow, version: number, parties: PartyRecord[], hashed: HashedTerms): Promise<void> {
  await tx.insert(agreementVersions).values({
    agreementId: row.id,
    version,
    terms: hashed.document.terms,
    parties,
    termsHash: hashed.termsHash,
    canonicalTerms: hashed.canonical,
    status: "PROPOSED",
    proposedBy: actor.subject,
    proposedByOrganizationId: actor.organizationId!,
  });
  await tx.insert(agreementParties).values(parties.map((party) => ({ agreementId: row.id, version, organizationId: party.organizationId, role: party.role })));
  const rules = ruleRows(row.id, version, hashed.document);
  if (rules.length > 0) {
    await tx.insert(equivalenceRules).values(rules.map((rule) => rule.row));
    await tx.insert(equivalenceRuleCourses).values(rules.flatMap((rule) => rule.lookups));
  }
}

async function existingOrganizations(tx: Db, ids: string[]): Promise<Set<string>> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids));
  return new Set(rows.map((row) => row.id));
}

/**
 * What the rules need to know about the courses they name. The course rows are
 * share-locked so that a course cannot be retired while an agreement citing it commits.
 */
async function courseFacts(tx: Db, ids: string[]): Promise<Map<string, CourseFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: courses.id, organizationId: courses.organizationId, status: courses.status }).from(courses).where(inArray(courses.id, ids)).for("share");
  const published = await tx
    .select({ courseId: courseVersions.courseId, version: max(courseVersions.version) })
    .from(courseVersions)
    .where(inArray(courseVersions.courseId, ids))
    .groupBy(courseVersions.courseId);
  const versionOf = new Map(published.map((row) => [row.courseId, row.version]));
  return new Map(rows.map((row) => [row.id, { organizationId: row.organizationId, status: row.status, publishedVersion: versionOf.get(row.id) ?? null }]));
}
