import { and, eq, inArray } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import type { Actor } from "../../auth/viewer.js";
import { forbidden } from "../../graphql/errors.js";
import { parseInputId } from "../../graphql/global-id.js";
import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText } from "../../graphql/validation.js";
import { idempotent } from "../ledger/idempotency.js";
import { appendEntry } from "../ledger/journal.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { todayInChina } from "../agreement/agreement-lifecycle.js";
import { agreementVersions, equivalenceRules } from "../agreement/agreement.table.js";
import { learnerIdOf } from "../learner/learner-access.js";
import type { AchievementRow } from "../achievement/achievement.table.js";
import { nominalCredits } from "./rule-evaluation.js";
import { achievementsOf, claimAchievements, lockLearner, sourceCourseIdsOf } from "./transfer-facts.js";
import { MAX_TEXT_LENGTH, findTransfer, recordTransfer, splitKey } from "./transfer.service.js";
import { transferAppeals, type CreditTransferRow, type TransferAppealRow } from "./transfer.table.js";
import type { TransferAppealDecideInput, TransferAppealInput } from "./transfer.input.js";

// Credits are stored as numeric(8,2) per transfer; a larger grant is a typing mistake.
const MAX_GRANT = 100_000n; // 1000.00 in hundredths

interface StoredAppeal {
  learnerId: string;
  appealId: string;
}

export interface AppealOutcome {
  appeal: TransferAppealRow;
  replayed: boolean;
}

function checkStatement(field: string, value: string): string {
  const problems = new Problems();
  const text = checkText(problems, field, value, { required: true, max: MAX_TEXT_LENGTH });
  problems.throwIfAny();
  return text!;
}

/** The learner themself, or a registrar or provider of an organization that recorded the offered achievements. */
function mayAppeal(actor: Actor, transfer: CreditTransferRow): boolean {
  if (actor.role === "learner") return learnerIdOf(actor) === transfer.learnerId;
  return (actor.role === "registrar" || actor.role === "provider") && actor.organizationId !== null && transfer.sourceOrganizationIds.includes(actor.organizationId);
}

const partiesOf = (transfer: CreditTransferRow) => [transfer.targetOrganizationId, ...transfer.sourceOrganizationIds];

interface ParsedDecision {
  appealId: string;
  note: string;
  credits: bigint | null;
}

/** Codes, reported together: INVALID_ID, REQUIRED / TOO_LONG (note), INVALID_VALUE (credits to UPHOLD), INVALID_CREDITS. */
function parseDecision(input: TransferAppealDecideInput): ParsedDecision {
  const problems = new Problems();
  let appealId = "";
  try {
    appealId = parseInputId(input.appealId, "TransferAppeal", "appealId");
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.add(error.code, "appealId", error.message);
  }
  const note = checkText(problems, "note", input.note, { required: true, max: MAX_TEXT_LENGTH }) ?? "";
  const credits = input.credits === null || input.credits === undefined ? null : parseAmount(input.credits);
  if (credits !== null && input.decision === "UPHOLD") problems.add(UserErrorCode.INVALID_VALUE, "credits", "Credits are granted only with GRANT");
  else if (credits !== null && (credits <= 0n || credits > MAX_GRANT)) {
    problems.add(UserErrorCode.INVALID_CREDITS, "credits", `credits must be greater than 0 and at most ${formatAmount(MAX_GRANT)}, got ${input.credits}`);
  }
  problems.throwIfAny();
  return { appealId, note, credits };
}

export class TransferAppealService {
  constructor(private readonly database: Database) {}

  /**
   * Opens an appeal against a transfer decision and appends TRANSFER_APPEALED.
   * One appeal per transfer.
   *
   * Fails with: INVALID_ID, REQUIRED / TOO_LONG (statement); INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED; NOT_FOUND;
   * FORBIDDEN (top level, neither the learner nor a sending organization); ALREADY_REVERSED; ALREADY_APPEALED.
   */
  async open(actor: Actor, input: TransferAppealInput): Promise<AppealOutcome> {
    const transferId = parseInputId(input.transferId, "CreditTransfer", "transferId");
    const statement = checkStatement("statement", input.statement);
    const { idempotencyKey, request } = splitKey(input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent<StoredAppeal>(tx, { actor, key: idempotencyKey, operation: "transferAppeal", request }, async () => {
        const found = await findTransfer(tx, transferId, "transferId");
        if (!mayAppeal(actor, found)) throw forbidden("Only the learner or an organization that sent the achievements may appeal a transfer");
        await lockLearner(tx, found.learnerId);
        const transfer = await findTransfer(tx, transferId, "transferId");
        if (transfer.reversedAt !== null) throw new DomainError(UserErrorCode.ALREADY_REVERSED, "transferId", "This transfer was reversed; there is no decision left to appeal");
        const id = uuidv7();
        const entry = await appendEntry(tx, {
          kind: "TRANSFER_APPEALED",
          actor,
          organizationIds: partiesOf(transfer),
          learnerId: transfer.learnerId,
          body: { appealId: id, transferId, learnerId: transfer.learnerId, statement },
        });
        const [appeal] = await tx
          .insert(transferAppeals)
          .values({
            id,
            learnerId: transfer.learnerId,
            transferId,
            statement,
            status: "OPEN",
            openedBy: actor.subject,
            openedByRole: actor.role,
            openedByOrganizationId: actor.organizationId,
            openedEntryId: entry.id,
          })
          .onConflictDoNothing()
          .returning({ id: transferAppeals.id });
        if (!appeal) throw new DomainError(UserErrorCode.ALREADY_APPEALED, "transferId", "This transfer has already been appealed");
        return { learnerId: transfer.learnerId, appealId: id };
      }),
    );
    return { appeal: await this.require(result.learnerId, result.appealId), replayed };
  }

  /**
   * Decides an open appeal and appends APPEAL_DECIDED. GRANT also appends a new
   * transfer linked to the appeal (CREDIT_TRANSFERRED): for a denied transfer it
   * consumes the offered achievements the rule names; for a granted or partial
   * one it adds credits only. The registrar's grant is discretionary: no
   * condition or cap of the agreement applies to it.
   *
   * Fails with: INVALID_ID, REQUIRED / TOO_LONG (note), INVALID_VALUE (credits to UPHOLD), INVALID_CREDITS (together);
   * INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED; NOT_FOUND; FORBIDDEN (top level, not a registrar of the receiving
   * organization); ALREADY_DECIDED; then for GRANT: NOT_GRANTABLE (no rule receiving at the organization),
   * REQUIRED (credits: the rule is worth no more than was granted), ALREADY_TRANSFERRED (another transfer holds an achievement).
   */
  async decide(actor: Actor, input: TransferAppealDecideInput): Promise<AppealOutcome> {
    const parsed = parseDecision(input);
    const { idempotencyKey, request } = splitKey(input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent<StoredAppeal>(tx, { actor, key: idempotencyKey, operation: "transferAppealDecide", request }, async () => {
        const found = await findAppeal(tx, parsed.appealId);
        const transfer = await findTransfer(tx, found.transferId, "appealId");
        if (actor.organizationId !== transfer.targetOrganizationId) throw forbidden("Only a registrar of the receiving organization may decide appeals against its transfers");
        await lockLearner(tx, found.learnerId);
        const appeal = await findAppeal(tx, parsed.appealId);
        if (appeal.status !== "OPEN") throw new DomainError(UserErrorCode.ALREADY_DECIDED, "appealId", `This appeal was already decided: ${appeal.status}`);
        const grantedTransferId = input.decision === "GRANT" ? await this.grant(tx, actor, appeal, transfer, parsed.credits) : null;
        const decidedEntry = await appendEntry(tx, {
          kind: "APPEAL_DECIDED",
          actor,
          organizationIds: partiesOf(transfer),
          learnerId: transfer.learnerId,
          body: { appealId: appeal.id, transferId: transfer.id, learnerId: transfer.learnerId, decision: input.decision, note: parsed.note, grantedTransferId },
        });
        await tx
          .update(transferAppeals)
          .set({
            status: input.decision === "GRANT" ? "GRANTED" : "UPHELD",
            decidedAt: new Date(decidedEntry.recordedAt),
            decidedBy: actor.subject,
            decisionNote: parsed.note,
            decidedEntryId: decidedEntry.id,
            grantedTransferId,
          })
          .where(and(eq(transferAppeals.learnerId, appeal.learnerId), eq(transferAppeals.id, appeal.id)));
        return { learnerId: appeal.learnerId, appealId: appeal.id };
      }),
    );
    return { appeal: await this.require(result.learnerId, result.appealId), replayed };
  }

  /** Appends the transfer a granted appeal results from; returns its ID. */
  private async grant(tx: Db, actor: Actor, appeal: TransferAppealRow, transfer: CreditTransferRow, credits: bigint | null): Promise<string> {
    const [rule] = transfer.ruleId === null ? [] : await tx.select().from(equivalenceRules).where(eq(equivalenceRules.id, transfer.ruleId));
    if (!rule || rule.targetOrganizationId !== transfer.targetOrganizationId) {
      throw new DomainError(UserErrorCode.NOT_GRANTABLE, "appealId", "The transfer was not decided under a rule receiving at your organization; recognition needs an agreement");
    }
    const sourceCourses = sourceCourseIdsOf(rule);
    const relevant = (await achievementsOf(tx, transfer.learnerId, transfer.achievementIds)).filter((row) => sourceCourses.has(row.courseId));
    const amount = credits ?? (await this.outstanding(tx, rule, transfer, relevant));
    if (amount <= 0n) throw new DomainError(UserErrorCode.REQUIRED, "credits", "The rule is worth no more than the transfer granted; name the credits to grant");
    // A denial consumed nothing: the grant consumes what it recognises. A grant already consumed the hours.
    const used = transfer.outcome === "DENIED" ? relevant : [];
    const id = uuidv7();
    const held = await claimAchievements(tx, transfer.learnerId, id, used.map((row) => row.id));
    if (held.size > 0) throw new DomainError(UserErrorCode.ALREADY_TRANSFERRED, "appealId", "Another transfer holds an offered achievement; reverse it first");
    await recordTransfer(tx, actor, {
      id,
      learnerId: transfer.learnerId,
      targetOrganizationId: transfer.targetOrganizationId,
      offered: relevant,
      used,
      rule: { ruleId: rule.id, agreementId: rule.agreementId, agreementVersion: transfer.agreementVersion!, termsHash: transfer.termsHash! },
      outcome: "GRANTED",
      credits: amount,
      reasons: [],
      decidedOn: todayInChina(),
      grantedByAppealId: appeal.id,
    });
    return id;
  }

  /** What the rule is worth for the offered achievements with no condition or cap, less what the transfer granted; 0 for NO_RECOGNITION. */
  private async outstanding(tx: Db, rule: typeof equivalenceRules.$inferSelect, transfer: CreditTransferRow, relevant: AchievementRow[]): Promise<bigint> {
    if (rule.targetKind === "NO_RECOGNITION") return 0n;
    const [version] = await tx
      .select({ terms: agreementVersions.terms })
      .from(agreementVersions)
      .where(and(eq(agreementVersions.agreementId, rule.agreementId), eq(agreementVersions.version, rule.version)));
    const worth = nominalCredits(rule.creditsKind === "FIXED" ? { kind: "FIXED", credits: rule.fixedCredits! } : { kind: "FROM_HOURS" }, relevant, version.terms);
    return parseAmount(worth) - parseAmount(transfer.credits);
  }

  async byIds(ids: readonly string[]): Promise<TransferAppealRow[]> {
    return this.database.db.select().from(transferAppeals).where(inArray(transferAppeals.id, [...ids]));
  }

  /** The appeals against these transfers (at most one each), looked up on the learners' shards. */
  async ofTransfers(transfers: readonly { learnerId: string; transferId: string }[]): Promise<TransferAppealRow[]> {
    return this.database.db
      .select()
      .from(transferAppeals)
      .where(and(inArray(transferAppeals.learnerId, transfers.map((each) => each.learnerId)), inArray(transferAppeals.transferId, transfers.map((each) => each.transferId))));
  }

  private async require(learnerId: string, appealId: string): Promise<TransferAppealRow> {
    const [row] = await this.database.db.select().from(transferAppeals).where(and(eq(transferAppeals.learnerId, learnerId), eq(transferAppeals.id, appealId)));
    return row;
  }
}

async function findAppeal(executor: Db, appealId: string): Promise<TransferAppealRow> {
  const [row] = await executor.select().from(transferAppeals).where(eq(transferAppeals.id, appealId));
  if (!row) throw new DomainError(UserErrorCode.NOT_FOUND, "appealId", "No appeal has this ID");
  return row;
}
