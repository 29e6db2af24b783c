import { and, asc, count, eq, getTableColumns, gt, inArray, isNull, lte, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { preparedStatement } from "../../db/prepared-statement.js";
import type { Actor } from "../../auth/viewer.js";
import { forbidden } from "../../graphql/errors.js";
import type { CursorKey } from "../../graphql/connection.js";
import { decodeGlobalId, parseInputId, toGlobalId } from "../../graphql/global-id.js";
import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { claimIdempotencyKey, idempotent, requireValidIdempotencyKey } from "../ledger/idempotency.js";
import { appendEntry } from "../ledger/journal.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import type { Posting, Unit } from "../ledger/postings.js";
import { ledgerEntries, ledgerPostings } from "../ledger/ledger.table.js";
import { todayInChina } from "../agreement/agreement-lifecycle.js";
import { mayReadLearner } from "../learner/learner-access.js";
import { lockedConsent } from "../learner/learner.service.js";
import type { AchievementRow } from "../achievement/achievement.table.js";
import { achievementTransferClaims } from "../achievement/achievement.table.js";
import { decideTransfer, type Reason, type RuleOutcome, type TransferDecision } from "./rule-evaluation.js";
import { reversalPostings, transferPostings } from "./transfer-postings.js";
import {
  achievementsOf,
  candidateRulesForOffer,
  claimAchievements,
  completedAchievement,
  creditsGrantedByAgreement,
  dryRunFacts,
  lockLearner,
  lockLearnerIfAny,
  namedRule,
  offeredAchievements,
  releaseUnused,
  toCandidate,
  type DryRunFacts,
  type RuleFacts,
} from "./transfer-facts.js";
import { creditTransfers, transferAppeals, type CreditTransferRow } from "./transfer.table.js";
import type { CreditTransferInput, CreditTransferReverseInput } from "./transfer.input.js";

/** A registrar recognises a course group at a time, not a whole career: bounds the claims and the evaluation. */
const MAX_ACHIEVEMENTS_PER_TRANSFER = 50;
export const MAX_TEXT_LENGTH = 2_000;

/** The rule (and agreement version) a transfer was decided under. */
export interface DecidingRule {
  ruleId: string;
  agreementId: string;
  agreementVersion: number;
  termsHash: string;
}

/** A decision to record: `used` achievements are consumed (and claimed by the caller beforehand). */
export interface TransferRecord {
  id: string;
  learnerId: string;
  targetOrganizationId: string;
  offered: AchievementRow[];
  used: AchievementRow[];
  rule: DecidingRule | null;
  outcome: RuleOutcome;
  credits: bigint;
  reasons: Reason[];
  decidedOn: string;
  grantedByAppealId: string | null;
}

export interface TransferOutcome {
  transfer: CreditTransferRow;
  replayed: boolean;
}

interface StoredTransfer {
  learnerId: string;
  transferId: string;
}

function sumHours(rows: AchievementRow[], pick: (row: AchievementRow) => string): bigint {
  return rows.reduce((total, row) => total + parseAmount(pick(row)), 0n);
}

const distinct = (ids: string[]) => [...new Set(ids)];

/** What `recordTransfer` writes; the other columns keep their defaults. */
const DECIDED_COLUMNS = [
  "id",
  "learnerId",
  "targetOrganizationId",
  "sourceOrganizationIds",
  "ruleId",
  "agreementId",
  "agreementVersion",
  "termsHash",
  "outcome",
  "credits",
  "reasons",
  "achievementIds",
  "usedAchievementIds",
  "lectureHours",
  "practiceHours",
  "decidedOn",
  "grantedByAppealId",
  "decidedBy",
  "ledgerEntryId",
] as const;

const transferColumns = getTableColumns(creditTransfers);

const insertTransfer = preparedStatement(
  "credit_transfer_insert",
  (db) =>
    db
      .insert(creditTransfers)
      .values(Object.fromEntries(DECIDED_COLUMNS.map((column) => [column, sql.placeholder(column)])) as Record<(typeof DECIDED_COLUMNS)[number], Placeholder>)
      .returning(transferColumns),
  transferColumns,
);

/**
 * Journals a decision and stores the transfer. Grants append CREDIT_TRANSFERRED
 * with the two-leg postings through the agreement's exchange account; denials
 * append TRANSFER_DENIED with none, so the decision is on record for an appeal.
 * The achievements' own CREDIT at the provider stays where it is: the
 * agreement converts hours, and the claim keeps the achievement from being used again.
 */
export async function recordTransfer(tx: Db, actor: Actor, record: TransferRecord): Promise<CreditTransferRow> {
  const moves = record.outcome !== "DENIED" && record.rule !== null;
  const sourceOrganizationIds = distinct(record.offered.map((row) => row.organizationId));
  const lectureHours = sumHours(record.used, (row) => row.lectureHours);
  const practiceHours = sumHours(record.used, (row) => row.practiceHours);
  const postings = moves
    ? transferPostings({
        learnerId: record.learnerId,
        targetOrganizationId: record.targetOrganizationId,
        agreementId: record.rule!.agreementId,
        consumed: record.used.map((row) => ({ organizationId: row.organizationId, hours: parseAmount(row.lectureHours) + parseAmount(row.practiceHours) })),
        credits: record.credits,
      })
    : [];
  const fields = {
    learnerId: record.learnerId,
    targetOrganizationId: record.targetOrganizationId,
    sourceOrganizationIds,
    ruleId: record.rule?.ruleId ?? null,
    agreementId: record.rule?.agreementId ?? null,
    agreementVersion: record.rule?.agreementVersion ?? null,
    termsHash: record.rule?.termsHash ?? null,
    outcome: record.outcome,
    credits: formatAmount(record.credits),
    reasons: record.reasons,
    achievementIds: record.offered.map((row) => row.id),
    usedAchievementIds: record.used.map((row) => row.id),
    lectureHours: formatAmount(lectureHours),
    practiceHours: formatAmount(practiceHours),
    decidedOn: record.decidedOn,
    grantedByAppealId: record.grantedByAppealId,
  };
  const entry = await appendEntry(tx, {
    kind: moves ? "CREDIT_TRANSFERRED" : "TRANSFER_DENIED",
    actor,
    organizationIds: [record.targetOrganizationId, ...sourceOrganizationIds],
    learnerId: record.learnerId,
    body: { transferId: record.id, ...fields },
    postings,
  });
  const [row] = await insertTransfer(tx, { id: record.id, ...fields, decidedBy: actor.subject, ledgerEntryId: entry.id });
  return row;
}

/** The transfer with this ID, or NOT_FOUND on `field`. */
export async function findTransfer(executor: Db, transferId: string, field: string): Promise<CreditTransferRow> {
  const [row] = await executor.select().from(creditTransfers).where(eq(creditTransfers.id, transferId));
  if (!row) throw new DomainError(UserErrorCode.NOT_FOUND, field, "No credit transfer has this ID");
  return row;
}

/**
 * The key and the rest of the input as plain JSON: type-graphql hands inputs
 * over as class instances, which canonical JSON (the request hash) refuses.
 */
export function splitKey<T extends { idempotencyKey: string }>(input: T): { idempotencyKey: string; request: unknown } {
  const { idempotencyKey, ...request } = input;
  return { idempotencyKey, request: JSON.parse(JSON.stringify(request)) };
}

interface ParsedTransfer {
  learnerId: string;
  targetOrganizationId: string;
  ruleId: string | null;
  achievementIds: string[];
}

function readId(problems: Problems, globalId: string, type: "Learner" | "Organization" | "EquivalenceRule" | "Achievement", field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (decoded?.type === type) return decoded.id;
  problems.add(UserErrorCode.INVALID_ID, field, `"${String(globalId).slice(0, 40)}" is not a valid ${type} ID`);
  return "";
}

/** Codes, reported together: INVALID_ID, REQUIRED / TOO_MANY_ITEMS (achievementIds), DUPLICATE_ACHIEVEMENT. */
function parseTransfer(input: CreditTransferInput): ParsedTransfer {
  const problems = new Problems();
  const learnerId = readId(problems, input.learnerId, "Learner", "learnerId");
  const targetOrganizationId = readId(problems, input.targetOrganizationId, "Organization", "targetOrganizationId");
  const ruleId = input.ruleId === null || input.ruleId === undefined ? null : readId(problems, input.ruleId, "EquivalenceRule", "ruleId");
  if (input.achievementIds.length === 0) problems.add(UserErrorCode.REQUIRED, "achievementIds", "Offer at least one achievement");
  if (input.achievementIds.length > MAX_ACHIEVEMENTS_PER_TRANSFER) {
    problems.add(UserErrorCode.TOO_MANY_ITEMS, "achievementIds", `At most ${MAX_ACHIEVEMENTS_PER_TRANSFER} achievements per transfer, got ${input.achievementIds.length}`);
  }
  const achievementIds: string[] = [];
  input.achievementIds.slice(0, MAX_ACHIEVEMENTS_PER_TRANSFER).forEach((globalId, index) => {
    const id = readId(problems, globalId, "Achievement", `achievementIds.${index}`);
    if (id !== "" && achievementIds.includes(id)) problems.add(UserErrorCode.DUPLICATE_ACHIEVEMENT, `achievementIds.${index}`, "This achievement is already offered");
    achievementIds.push(id);
  });
  problems.throwIfAny();
  return { learnerId, targetOrganizationId, ruleId, achievementIds };
}

function checkReason(value: string, field: string): string {
  const problems = new Problems();
  const text = checkText(problems, field, value, { required: true, max: MAX_TEXT_LENGTH });
  problems.throwIfAny();
  return text!;
}

const ruleOf = (facts: RuleFacts): DecidingRule => ({
  ruleId: facts.rule.id,
  agreementId: facts.agreement.id,
  agreementVersion: facts.rule.version,
  termsHash: facts.version.termsHash,
});

/** Decides among the candidates, mapping the evaluation's global IDs back to rows. */
function decide(targetOrganizationId: string, candidates: RuleFacts[], offered: AchievementRow[], held: ReadonlySet<string>, granted: Map<string, bigint>, on: string) {
  const completed = offered.map((row) => completedAchievement(row, held.has(row.id)));
  const decision: TransferDecision = decideTransfer(
    toGlobalId("Organization", targetOrganizationId),
    candidates.map((facts) => toCandidate(facts, completed, granted, on)),
  );
  const facts = candidates.find((each) => toGlobalId("EquivalenceRule", each.rule.id) === decision.ruleId) ?? null;
  const used = offered.filter((row) => decision.usedAchievementIds.includes(toGlobalId("Achievement", row.id)));
  return { decision, facts, used };
}

export class TransferService {
  constructor(private readonly database: Database) {}

  /**
   * Decides whether the offered achievements earn credit at the receiving
   * organization and records the decision (see `recordTransfer`). Without a
   * `ruleId`, the applicable rule granting the most credits decides. Business
   * outcomes (caps, grades, dates, direction, double spend) are the decision's
   * reasons, not errors.
   *
   * Fails with: FORBIDDEN (top level, not a registrar); INVALID_ID, REQUIRED / TOO_MANY_ITEMS (achievementIds),
   * DUPLICATE_ACHIEVEMENT (together); FORBIDDEN (top level, a registrar of another organization); INVALID_IDEMPOTENCY_KEY,
   * IDEMPOTENCY_KEY_REUSED; NOT_FOUND (learner); CONSENT_REQUIRED; NOT_FOUND / ACHIEVEMENT_OF_ANOTHER_LEARNER
   * (first bad achievement); NOT_FOUND (rule).
   */
  async transfer(actor: Actor, input: CreditTransferInput): Promise<TransferOutcome> {
    const parsed = parseTransfer(input);
    if (actor.organizationId !== parsed.targetOrganizationId) throw forbidden("Only a registrar of the receiving organization may transfer credits into it");
    const { idempotencyKey, request } = splitKey(input);
    requireValidIdempotencyKey(idempotencyKey);
    const on = todayInChina();
    const id = uuidv7();
    const outcome = await this.database.write(async (tx) => {
      // One round trip: these statements are pipelined and run in this order. The key is claimed
      // first, so a duplicate waits on it and then replays (having read the rest for nothing); the
      // learner is locked next, so what follows reads the learner's previous decisions committed.
      const [replay, learner, consent, found, candidates, granted] = await Promise.all([
        claimIdempotencyKey<StoredTransfer>(tx, { actor, key: idempotencyKey, operation: "creditTransfer", request }, { learnerId: parsed.learnerId, transferId: id }),
        lockLearnerIfAny(tx, parsed.learnerId),
        lockedConsent(tx, parsed.learnerId, parsed.targetOrganizationId),
        achievementsOf(tx, parsed.learnerId, parsed.achievementIds),
        parsed.ruleId === null ? candidateRulesForOffer(tx, parsed.targetOrganizationId, parsed.learnerId, parsed.achievementIds) : namedRule(tx, parsed.ruleId),
        creditsGrantedByAgreement(tx, parsed.learnerId),
      ]);
      if (replay) return { row: await this.require(replay.learnerId, replay.transferId, tx), replayed: true };
      if (!learner) throw new DomainError(UserErrorCode.NOT_FOUND, "learnerId", "No learner has this ID");
      if (!mayReadLearner(actor, learner, consent)) {
        throw new DomainError(UserErrorCode.CONSENT_REQUIRED, "learnerId", "The learner has not consented to your organization reading their record");
      }
      const offered = await offeredAchievements(tx, parsed.achievementIds, found);
      if (parsed.ruleId !== null && candidates.length === 0) throw new DomainError(UserErrorCode.NOT_FOUND, "ruleId", "No equivalence rule has this ID");
      // Claim first: what another transfer already holds is ALREADY_TRANSFERRED, decided by the claim's key.
      const held = await claimAchievements(tx, learner.id, id, parsed.achievementIds);
      const { decision, facts, used } = decide(parsed.targetOrganizationId, candidates, offered, held, granted, on);
      // The release needs nothing the journal writes: it travels with the journal's first statement.
      const [, row] = await Promise.all([
        releaseUnused(tx, learner.id, id, used.map((row) => row.id)),
        recordTransfer(tx, actor, {
          id,
          learnerId: learner.id,
          targetOrganizationId: parsed.targetOrganizationId,
          offered,
          used,
          rule: facts && ruleOf(facts),
          outcome: decision.outcome,
          credits: parseAmount(decision.credits),
          reasons: decision.reasons,
          decidedOn: on,
          grantedByAppealId: null,
        }),
      ]);
      return { row, replayed: false };
    });
    return { transfer: outcome.row, replayed: outcome.replayed };
  }

  /**
   * Undoes a grant: appends TRANSFER_REVERSED with the opposite postings and
   * frees the achievements for another transfer. The learner's consent is not
   * needed: the receiving organization corrects its own record.
   *
   * Fails with: INVALID_ID, REQUIRED / TOO_LONG (reason); INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED; NOT_FOUND;
   * FORBIDDEN (top level, not a registrar of the receiving organization); NOT_REVERSIBLE (a denial moved nothing);
   * ALREADY_REVERSED; APPEAL_PENDING (decide the open appeal first).
   */
  async reverse(actor: Actor, input: CreditTransferReverseInput): Promise<TransferOutcome> {
    const transferId = parseInputId(input.transferId, "CreditTransfer", "transferId");
    const reason = checkReason(input.reason, "reason");
    const { idempotencyKey, request } = splitKey(input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent<StoredTransfer>(tx, { actor, key: idempotencyKey, operation: "creditTransferReverse", request }, async () => {
        const found = await findTransfer(tx, transferId, "transferId");
        if (actor.organizationId !== found.targetOrganizationId) throw forbidden("Only a registrar of the receiving organization may reverse its transfers");
        await lockLearner(tx, found.learnerId);
        const transfer = await findTransfer(tx, transferId, "transferId");
        if (transfer.outcome === "DENIED") throw new DomainError(UserErrorCode.NOT_REVERSIBLE, "transferId", "A denied transfer moved nothing; there is nothing to reverse");
        if (transfer.reversedAt !== null) throw new DomainError(UserErrorCode.ALREADY_REVERSED, "transferId", "This transfer has already been reversed");
        if (await hasOpenAppeal(tx, transfer)) throw new DomainError(UserErrorCode.APPEAL_PENDING, "transferId", "An appeal against this transfer is open; decide it first");
        const entry = await appendEntry(tx, {
          kind: "TRANSFER_REVERSED",
          actor,
          organizationIds: [transfer.targetOrganizationId, ...transfer.sourceOrganizationIds],
          learnerId: transfer.learnerId,
          body: { transferId, learnerId: transfer.learnerId, reason, reversedEntryId: transfer.ledgerEntryId },
          postings: reversalPostings(await postingsOf(tx, transfer)),
        });
        await tx
          .delete(achievementTransferClaims)
          .where(and(eq(achievementTransferClaims.learnerId, transfer.learnerId), eq(achievementTransferClaims.transferId, transferId)));
        await tx
          .update(creditTransfers)
          .set({ reversedAt: new Date(entry.recordedAt), reversedBy: actor.subject, reversalReason: reason, reversalEntryId: entry.id })
          .where(and(eq(creditTransfers.learnerId, transfer.learnerId), eq(creditTransfers.id, transferId)));
        return { learnerId: transfer.learnerId, transferId };
      }),
    );
    return { transfer: await this.require(result.learnerId, result.transferId), replayed };
  }

  /**
   * A dry run: what every rule in force receiving at the target and naming one
   * of the learner's courses would decide for all the learner's achievements on
   * `on`, most credits first. Writes nothing; a fixed number of statements
   * whatever the number of achievements and rules.
   */
  async evaluate(learnerId: string, targetOrganizationId: string, on: string) {
    return this.decideDryRun(await dryRunFacts(this.database.db, learnerId, targetOrganizationId), targetOrganizationId, on);
  }

  /** `evaluate` over facts already read: the transfer plan reads them once for this and for its completions. */
  decideDryRun({ offered, held, granted, rules }: DryRunFacts, targetOrganizationId: string, on: string) {
    return rules
      .map((facts) => {
        const { decision, used } = decide(targetOrganizationId, [facts], offered, held, granted, on);
        return { ...ruleOf(facts), decision, used };
      })
      .sort((a, b) => Number(parseAmount(b.decision.credits) - parseAmount(a.decision.credits)));
  }

  async byIds(ids: readonly string[]): Promise<CreditTransferRow[]> {
    return this.database.db.select().from(creditTransfers).where(inArray(creditTransfers.id, [...ids]));
  }

  /**
   * At most `limit + 1` transfers of each learner after the cursor, oldest first.
   * With `effectiveAt`, only the grants in force at that organization (a transcript).
   */
  async pagesOfLearners(learnerIds: string[], limit: number, after: CursorKey | null, effectiveAt: string | null): Promise<CreditTransferRow[]> {
    const ranked = this.database.db
      .select({ id: creditTransfers.id, learnerId: creditTransfers.learnerId, rank: sql<number>`row_number() over (partition by ${creditTransfers.learnerId} order by ${creditTransfers.id})`.as("rank") })
      .from(creditTransfers)
      .where(and(inArray(creditTransfers.learnerId, learnerIds), effectiveAt === null ? undefined : inForceAt(effectiveAt), after ? gt(creditTransfers.id, String(after[0])) : undefined))
      .as("ranked");
    const rows = await this.database.db
      .select({ transfer: creditTransfers })
      .from(ranked)
      .innerJoin(creditTransfers, and(eq(creditTransfers.learnerId, ranked.learnerId), eq(creditTransfers.id, ranked.id)))
      .where(lte(ranked.rank, limit + 1))
      .orderBy(asc(creditTransfers.learnerId), asc(creditTransfers.id));
    return rows.map((row) => row.transfer);
  }

  async totalsOfLearners(learnerIds: string[], effectiveAt: string | null): Promise<{ parentId: string; total: number }[]> {
    return this.database.db
      .select({ parentId: creditTransfers.learnerId, total: count() })
      .from(creditTransfers)
      .where(and(inArray(creditTransfers.learnerId, learnerIds), effectiveAt === null ? undefined : inForceAt(effectiveAt)))
      .groupBy(creditTransfers.learnerId);
  }

  /** Credits in force per learner at one organization, keyed by learner. */
  async creditsAt(learnerIds: string[], organizationId: string): Promise<Map<string, string>> {
    const rows = await this.database.db
      .select({ learnerId: creditTransfers.learnerId, credits: sql<string>`sum(${creditTransfers.credits})::text` })
      .from(creditTransfers)
      .where(and(inArray(creditTransfers.learnerId, learnerIds), inForceAt(organizationId)))
      .groupBy(creditTransfers.learnerId);
    return new Map(rows.map((row) => [row.learnerId, formatAmount(parseAmount(row.credits))]));
  }

  private async require(learnerId: string, transferId: string, executor: Db = this.database.db): Promise<CreditTransferRow> {
    const [row] = await executor
      .select()
      .from(creditTransfers)
      .where(and(eq(creditTransfers.learnerId, learnerId), eq(creditTransfers.id, transferId)));
    return row;
  }
}

/** Grants recognised at the organization and not reversed: what a transcript lists. */
function inForceAt(organizationId: string): SQL {
  return and(eq(creditTransfers.targetOrganizationId, organizationId), inArray(creditTransfers.outcome, ["GRANTED", "PARTIAL"]), isNull(creditTransfers.reversedAt))!;
}

async function hasOpenAppeal(tx: Db, transfer: CreditTransferRow): Promise<boolean> {
  const [open] = await tx
    .select({ id: transferAppeals.id })
    .from(transferAppeals)
    .where(and(eq(transferAppeals.learnerId, transfer.learnerId), eq(transferAppeals.transferId, transfer.id), eq(transferAppeals.status, "OPEN")));
  return open !== undefined;
}

/** The postings of a transfer's journal entry, in order: what a reversal negates. Both sides are in the learner's stream. */
async function postingsOf(tx: Db, transfer: { learnerId: string; ledgerEntryId: string }): Promise<Posting[]> {
  const rows = await tx
    .select({ account: ledgerPostings.account, unit: ledgerPostings.unit, amount: ledgerPostings.amount })
    .from(ledgerPostings)
    .innerJoin(ledgerEntries, and(eq(ledgerEntries.streamId, ledgerPostings.streamId), eq(ledgerEntries.sequence, ledgerPostings.entrySequence)))
    .where(and(eq(ledgerEntries.streamId, transfer.learnerId), eq(ledgerEntries.id, transfer.ledgerEntryId)))
    .orderBy(asc(ledgerPostings.position));
  return rows.map((row) => ({ account: row.account, unit: row.unit as Unit, amount: parseAmount(row.amount) }));
}
