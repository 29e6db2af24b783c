import { and, asc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { anyUuid, preparedStatement } from "../../db/prepared-statement.js";
import { forbidden } from "../../graphql/errors.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { parseInputId } from "../../graphql/global-id.js";
import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { idempotent } from "../ledger/idempotency.js";
import { account, appendEntry } from "../ledger/journal.js";
import { ledgerPostings } from "../ledger/ledger.table.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { requireOrganization } from "../organization/organization.service.js";
import { containsIdCardNumber } from "./external-ref.js";
import { learnerIdOf, mayReadLearner } from "./learner-access.js";
import { learnerConsents, learnerExternalRefs, learners, type LearnerConsentRow, type LearnerRow } from "./learner.table.js";
import type { LearnerConsentGrantInput, LearnerConsentRevokeInput, LearnerLinkInput, LearnerReferenceInput, LearnerRegisterInput } from "./learner.input.js";

const MAX_EXTERNAL_REF_LENGTH = 64;
const MAX_DISPLAY_NAME_LENGTH = 100;

// Linking rewrites the person of several learners at once; two links sharing
// a learner must not interleave (each would read the other's stale person).
// Links are rare, so one transaction-scoped advisory lock serialises them all.
const LEARNER_LINK_LOCK = 7_206_001;

export interface LearnerBalanceRow {
  learnerId: string;
  organizationId: string;
  unit: string;
  amount: string;
}

export interface ConsentChange {
  learner: LearnerRow;
  consent: LearnerConsentRow;
  replayed: boolean;
}

// Prepared: visibility checks and loaders run these in most requests that read a learner or what is theirs.
const learnerColumns = getTableColumns(learners);
const selectLearnersByIds = preparedStatement(
  "learner_by_ids",
  (db) => db.select(learnerColumns).from(learners).where(sql`${learners.id} = ${anyUuid(sql.placeholder("ids"))}`),
  learnerColumns,
);

const consentColumns = getTableColumns(learnerConsents);
const selectConsentsOf = preparedStatement(
  "learner_consents_of",
  (db) => db.select(consentColumns).from(learnerConsents).where(sql`${learnerConsents.learnerId} = ${anyUuid(sql.placeholder("learnerIds"))}`).orderBy(asc(learnerConsents.id)),
  consentColumns,
);

const accessColumns = { id: learners.id, organizationId: learners.organizationId };
const selectLearnerAccess = preparedStatement("learner_access", (db) => db.select(accessColumns).from(learners).where(eq(learners.id, sql.placeholder("learnerId"))), accessColumns);

const activeConsentColumns = { organizationId: learnerConsents.organizationId };
const activeConsent = (db: Db) =>
  db
    .select(activeConsentColumns)
    .from(learnerConsents)
    .where(and(eq(learnerConsents.learnerId, sql.placeholder("learnerId")), eq(learnerConsents.organizationId, sql.placeholder("organizationId")), isNull(learnerConsents.revokedAt)));
const selectActiveConsent = preparedStatement("learner_active_consent", activeConsent, activeConsentColumns);
const selectActiveConsentShared = preparedStatement("learner_active_consent_shared", (db) => activeConsent(db).for("share"), activeConsentColumns);

/**
 * `organizationId` when it holds the learner's active consent (for
 * `mayReadLearner`), the consent locked (FOR SHARE) until the transaction
 * ends, so that a revocation waits for what the caller decides with it.
 */
export async function lockedConsent(tx: Db, learnerId: string, organizationId: string): Promise<Set<string>> {
  const rows = await selectActiveConsentShared(tx, { learnerId, organizationId });
  return new Set(rows.map((row) => row.organizationId));
}

export class LearnerService {
  constructor(private readonly database: Database) {}

  /**
   * Registers a learner under an organization's own reference.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, INVALID_ID, FORBIDDEN (top-level: not the organization's registrar or
   * provider), REQUIRED / TOO_LONG / INVALID_VALUE / NATIONAL_ID_NOT_ALLOWED (reported together),
   * IDEMPOTENCY_KEY_REUSED, NOT_FOUND (organization), EXTERNAL_REF_TAKEN.
   */
  async register(viewer: Viewer, input: LearnerRegisterInput): Promise<{ learner: LearnerRow; replayed: boolean }> {
    const { idempotencyKey, ...request } = input;
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const actor = viewer.requireOrganizationWriter(organizationId);
    const fields = validateLearnerFields(input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "learnerRegister", request }, async () => {
        await requireOrganization(tx, organizationId, "organizationId");
        const id = uuidv7();
        // The directory's primary key decides, not a prior read: two concurrent registrations cannot both pass.
        const claimed = await tx
          .insert(learnerExternalRefs)
          .values({ organizationId, externalRef: fields.externalRef, learnerId: id })
          .onConflictDoNothing()
          .returning({ learnerId: learnerExternalRefs.learnerId });
        if (claimed.length === 0) {
          throw new DomainError(UserErrorCode.EXTERNAL_REF_TAKEN, "externalRef", `Another learner of this organization already has the reference ${fields.externalRef}`);
        }
        await tx.insert(learners).values({ id, organizationId, personId: id, ...fields });
        return { learnerId: id };
      }),
    );
    return { learner: await this.require(result.learnerId), replayed };
  }

  /**
   * Links two organizations' records of the same person, so each appears in
   * the other's `linkedLearners`. The caller must be able to read both: its own
   * organization's learner, and the other one through the learner's consent.
   * Linking grants no access by itself. Linking learners already linked succeeds.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, INVALID_ID / REQUIRED (both references), FORBIDDEN (top-level: the
   * caller's organization is neither), IDEMPOTENCY_KEY_REUSED, NOT_FOUND (no such learner, or not visible to the
   * caller), LEARNER_LINK_SAME_ORGANIZATION (both at one organization, or the person would get two records at one).
   */
  async link(viewer: Viewer, input: LearnerLinkInput): Promise<{ learner: LearnerRow; replayed: boolean }> {
    const { idempotencyKey, ...request } = input;
    const problems = new Problems();
    const first = readReference(problems, input.learner, "learner");
    const second = readReference(problems, input.otherLearner, "otherLearner");
    problems.throwIfAny();
    const actor = viewer.requireRole("admin", "registrar", "provider");
    if (actor.role !== "admin" && actor.organizationId !== first.organizationId && actor.organizationId !== second.organizationId) {
      throw forbidden("Only a registrar or provider of one of the two organizations may link their learners");
    }
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "learnerLink", request }, async () => {
        await tx.execute(sql`select pg_advisory_xact_lock(${LEARNER_LINK_LOCK})`);
        const learner = await this.findVisibleByReference(tx, actor, first, "learner");
        const other = await this.findVisibleByReference(tx, actor, second, "otherLearner");
        if (learner.organizationId === other.organizationId) {
          throw new DomainError(UserErrorCode.LEARNER_LINK_SAME_ORGANIZATION, "otherLearner", "Both references name learners of the same organization");
        }
        if (learner.personId !== other.personId) await mergePersons(tx, learner.personId, other.personId);
        return { learnerId: learner.id };
      }),
    );
    return { learner: await this.require(result.learnerId), replayed };
  }

  /**
   * Lets an organization read the calling learner's record (learner token). Journaled.
   *
   * Fails with: FORBIDDEN (top-level: not a learner token naming a registered learner), INVALID_ID,
   * INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND (organization), INVALID_VALUE (the learner's own
   * organization, which always has access), CONSENT_ALREADY_GRANTED.
   */
  async grantConsent(viewer: Viewer, input: LearnerConsentGrantInput): Promise<ConsentChange> {
    const { idempotencyKey, ...request } = input;
    const { actor, learnerId } = requireLearnerToken(viewer);
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "learnerConsentGrant", request }, async () => {
        const learner = await lockTokenLearner(tx, learnerId);
        await requireOrganization(tx, organizationId, "organizationId");
        if (organizationId === learner.organizationId) {
          throw new DomainError(UserErrorCode.INVALID_VALUE, "organizationId", "Your own organization can always read your record; no consent is needed");
        }
        const [consent] = await tx.insert(learnerConsents).values({ id: uuidv7(), learnerId, organizationId }).onConflictDoNothing().returning();
        if (!consent) throw new DomainError(UserErrorCode.CONSENT_ALREADY_GRANTED, "organizationId", "This organization already has your consent");
        await appendEntry(tx, {
          kind: "LEARNER_CONSENT_GRANTED",
          actor,
          organizationIds: [learner.organizationId, organizationId],
          learnerId,
          body: { learnerId, organizationId, grantedAt: consent.grantedAt.toISOString() },
        });
        return { learnerId, consentId: consent.id };
      }),
    );
    return this.consentChange(result, replayed);
  }

  /**
   * Withdraws an organization's access to the calling learner's record (learner token). Journaled.
   * What the organization already recorded (e.g. a transfer) stays; it can no longer read the record.
   *
   * Fails with: FORBIDDEN (top-level), INVALID_ID, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, CONSENT_NOT_GRANTED.
   */
  async revokeConsent(viewer: Viewer, input: LearnerConsentRevokeInput): Promise<ConsentChange> {
    const { idempotencyKey, ...request } = input;
    const { actor, learnerId } = requireLearnerToken(viewer);
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "learnerConsentRevoke", request }, async () => {
        const learner = await lockTokenLearner(tx, learnerId);
        const [consent] = await tx
          .update(learnerConsents)
          .set({ revokedAt: new Date() })
          .where(and(eq(learnerConsents.learnerId, learnerId), eq(learnerConsents.organizationId, organizationId), isNull(learnerConsents.revokedAt)))
          .returning();
        if (!consent) throw new DomainError(UserErrorCode.CONSENT_NOT_GRANTED, "organizationId", "This organization does not have your consent");
        await appendEntry(tx, {
          kind: "LEARNER_CONSENT_REVOKED",
          actor,
          organizationIds: [learner.organizationId, organizationId],
          learnerId,
          body: { learnerId, organizationId, revokedAt: consent.revokedAt!.toISOString() },
        });
        return { learnerId, consentId: consent.id };
      }),
    );
    return this.consentChange(result, replayed);
  }

  /**
   * Whether `actor` may read the learner's record (see `mayReadLearner`).
   * Inside a write transaction, pass it as `tx`: the consent row is then read
   * FOR SHARE, so a concurrent revocation waits until that transaction commits
   * and a transaction starting after the revocation sees it.
   */
  async canReadLearner(actor: Actor | null, learnerId: string, tx?: Db): Promise<boolean> {
    if (!actor) return false;
    const [learner] = await selectLearnerAccess(tx ?? this.database.db, { learnerId });
    if (!learner) return false;
    if (actor.organizationId === null || actor.organizationId === learner.organizationId) return mayReadLearner(actor, learner, new Set());
    const consents = tx
      ? await lockedConsent(tx, learnerId, actor.organizationId)
      : new Set((await selectActiveConsent(this.database.db, { learnerId, organizationId: actor.organizationId })).map((consent) => consent.organizationId));
    return mayReadLearner(actor, learner, consents);
  }

  async byIds(ids: readonly string[]): Promise<LearnerRow[]> {
    return selectLearnersByIds(this.database.db, { ids });
  }

  async byPersons(personIds: readonly string[]): Promise<LearnerRow[]> {
    return this.database.db.select().from(learners).where(inArray(learners.personId, [...personIds])).orderBy(asc(learners.id));
  }

  async byReference(organizationId: string, externalRef: string): Promise<LearnerRow | null> {
    const [row] = await this.database.db
      .select({ learner: learners })
      .from(learnerExternalRefs)
      .innerJoin(learners, eq(learners.id, learnerExternalRefs.learnerId))
      .where(and(eq(learnerExternalRefs.organizationId, organizationId), eq(learnerExternalRefs.externalRef, externalRef.trim())));
    return row?.learner ?? null;
  }

  /** Every consent of the learners, revoked ones included, oldest first. */
  async consentsOf(learnerIds: readonly string[]): Promise<LearnerConsentRow[]> {
    return selectConsentsOf(this.database.db, { learnerIds });
  }

  /**
   * Balances of the learners' own accounts (`account.learnerAt`), summed from
   * the postings of their journal entries. Reached through the postings' key,
   * which starts with the learner's stream; issuance and exchange legs of the
   * same entries are left out by the account prefix.
   */
  async balancesOf(learnerIds: readonly string[]): Promise<LearnerBalanceRow[]> {
    if (learnerIds.length === 0) return [];
    const rows = await this.database.db
      .select({ learnerId: ledgerPostings.streamId, account: ledgerPostings.account, unit: ledgerPostings.unit, amount: sql<string>`sum(${ledgerPostings.amount})::text` })
      .from(ledgerPostings)
      .where(and(inArray(ledgerPostings.streamId, [...learnerIds]), sql`${ledgerPostings.account} like 'learner:%'`))
      .groupBy(ledgerPostings.streamId, ledgerPostings.account, ledgerPostings.unit);
    return rows.flatMap((row) => {
      const prefix = account.learnerAt(row.learnerId, "");
      if (!row.account.startsWith(prefix)) return [];
      return [{ learnerId: row.learnerId, organizationId: row.account.slice(prefix.length), unit: row.unit, amount: formatAmount(parseAmount(row.amount)) }];
    });
  }

  private async require(id: string): Promise<LearnerRow> {
    const [row] = await this.database.db.select().from(learners).where(eq(learners.id, id));
    return row;
  }

  private async consentChange(result: { learnerId: string; consentId: string }, replayed: boolean): Promise<ConsentChange> {
    const [consent] = await this.database.db
      .select()
      .from(learnerConsents)
      .where(and(eq(learnerConsents.learnerId, result.learnerId), eq(learnerConsents.id, result.consentId)));
    return { learner: await this.require(result.learnerId), consent, replayed };
  }

  /** NOT_FOUND both when the reference is unknown and when the caller may not read it: existence is not revealed. */
  private async findVisibleByReference(tx: Db, actor: Actor, reference: LearnerReference, field: string): Promise<LearnerRow> {
    const [row] = await tx
      .select({ learner: learners })
      .from(learnerExternalRefs)
      .innerJoin(learners, eq(learners.id, learnerExternalRefs.learnerId))
      .where(and(eq(learnerExternalRefs.organizationId, reference.organizationId), eq(learnerExternalRefs.externalRef, reference.externalRef)));
    if (!row || !(await this.canReadLearner(actor, row.learner.id, tx))) {
      throw new DomainError(UserErrorCode.NOT_FOUND, `${field}.externalRef`, "No learner with this reference is visible to you; the learner must consent to your organization first");
    }
    return row.learner;
  }
}

interface LearnerReference {
  organizationId: string;
  externalRef: string;
}

function readReference(problems: Problems, input: LearnerReferenceInput, field: string): LearnerReference {
  let organizationId = "";
  try {
    organizationId = parseInputId(input.organizationId, "Organization", `${field}.organizationId`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.add(error.code, error.field!, error.message);
  }
  const externalRef = checkText(problems, `${field}.externalRef`, input.externalRef, { required: true, max: MAX_EXTERNAL_REF_LENGTH });
  return { organizationId, externalRef: externalRef ?? "" };
}

function validateLearnerFields(input: { externalRef: string; displayName: string }): { externalRef: string; displayName: string } {
  const problems = new Problems();
  const externalRef = checkText(problems, "externalRef", input.externalRef, { required: true, max: MAX_EXTERNAL_REF_LENGTH });
  const displayName = checkText(problems, "displayName", input.displayName, { required: true, max: MAX_DISPLAY_NAME_LENGTH });
  for (const [field, value] of [["externalRef", externalRef], ["displayName", displayName]] as const) {
    if (value !== null && containsIdCardNumber(value)) {
      problems.add(UserErrorCode.NATIONAL_ID_NOT_ALLOWED, field, `${field} looks like a resident ID card number; use your organization's own reference (e.g. a student number) instead`);
    }
  }
  problems.throwIfAny();
  return { externalRef: externalRef!, displayName: displayName! };
}

function requireLearnerToken(viewer: Viewer): { actor: Actor; learnerId: string } {
  const actor = viewer.requireRole("learner");
  const learnerId = learnerIdOf(actor);
  if (!learnerId) throw forbidden('A learner token\'s "sub" must be the learner\'s global ID');
  return { actor, learnerId };
}

/** Locks the token's learner: grants and revocations of one learner take turns. */
async function lockTokenLearner(tx: Db, learnerId: string): Promise<LearnerRow> {
  const [learner] = await tx.select().from(learners).where(eq(learners.id, learnerId)).for("update");
  if (!learner) throw forbidden("The token names a learner that is not registered");
  return learner;
}

/**
 * Moves every learner of person `b` to person `a` (the older ID keeps, so the
 * person of an early record never changes). A person has at most one record per
 * organization: two records at one organization are a duplicate registration.
 */
async function mergePersons(tx: Db, a: string, b: string): Promise<void> {
  const [keep, drop] = a < b ? [a, b] : [b, a];
  const members = await tx.select({ organizationId: learners.organizationId }).from(learners).where(inArray(learners.personId, [keep, drop]));
  const organizationIds = members.map((member) => member.organizationId);
  if (new Set(organizationIds).size !== organizationIds.length) {
    throw new DomainError(UserErrorCode.LEARNER_LINK_SAME_ORGANIZATION, "otherLearner", "The person would have two records at one organization");
  }
  await tx.update(learners).set({ personId: keep }).where(eq(learners.personId, drop));
}
