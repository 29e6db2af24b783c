import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { ConnectionType } from "../../graphql/connection.js";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { Hours, hoursOf } from "../course/course.type.js";
import type { Reason, ReasonCode, RuleOutcome } from "./rule-evaluation.js";
import type { AppealStatus, CreditTransferRow, TransferAppealRow } from "./transfer.table.js";

export const TransferOutcomeEnum = { GRANTED: "GRANTED", PARTIAL: "PARTIAL", DENIED: "DENIED" } as const;
registerEnumType(TransferOutcomeEnum, {
  name: "TransferOutcome",
  valuesConfig: {
    GRANTED: { description: "Recognised in full: the credits moved into the learner's account at the target." },
    PARTIAL: { description: "Recognised up to the agreement's per-learner cap (reason CAP_REACHED)." },
    DENIED: { description: "Nothing moved; the reasons say why. Recorded so that it can be appealed." },
  },
});

const REASON_CODES: Record<ReasonCode, string> = {
  NOT_RECOGNIZED: "The rule explicitly does not recognise the courses (its reason is the detail).",
  ALREADY_TRANSFERRED: "An achievement's value is held by another transfer; reverse that one first.",
  NO_ACTIVE_AGREEMENT: "No agreement version was in force on the achievement's completion date, or no agreement covers the courses at all.",
  INCOMPLETE_AND_GROUP: "The usable achievements do not cover the rule's source courses.",
  MIN_GRADE_NOT_MET: "An achievement's normalised grade is below the rule's (or agreement's) minimum.",
  RECENCY_EXCEEDED: "An achievement was completed longer ago than the agreement allows.",
  CAP_REACHED: "The learner's credits under the agreement reached its per-learner maximum.",
  WRONG_DIRECTION: "The rule recognises the courses at another organization; equivalence is never used in reverse.",
};
export const TransferReasonCodeEnum = Object.fromEntries(Object.keys(REASON_CODES).map((code) => [code, code])) as Record<ReasonCode, ReasonCode>;
registerEnumType(TransferReasonCodeEnum, {
  name: "TransferReasonCode",
  description: "Why a transfer decision is not a plain grant.",
  valuesConfig: Object.fromEntries(Object.entries(REASON_CODES).map(([code, description]) => [code, { description }])),
});

export const AppealStatusEnum = { OPEN: "OPEN", UPHELD: "UPHELD", GRANTED: "GRANTED" } as const;
registerEnumType(AppealStatusEnum, {
  name: "TransferAppealStatus",
  valuesConfig: {
    OPEN: { description: "Waiting for the receiving organization's registrar." },
    UPHELD: { description: "The original decision stands." },
    GRANTED: { description: "Granted: `grantedTransfer` moved the credits." },
  },
});

export const AppealDecisionEnum = { UPHOLD: "UPHOLD", GRANT: "GRANT" } as const;
export type AppealDecision = keyof typeof AppealDecisionEnum;
registerEnumType(AppealDecisionEnum, {
  name: "TransferAppealDecision",
  valuesConfig: {
    UPHOLD: { description: "Keep the original decision." },
    GRANT: { description: "Append a new transfer, linked to the appeal, that grants the credits." },
  },
});

@ObjectType({ description: "One reason of a decision: a code to switch on and a sentence naming the achievements, courses or amounts concerned." })
export class TransferReason {
  @Field(() => TransferReasonCodeEnum)
  code!: ReasonCode;

  @Field()
  detail!: string;
}

@ObjectType({ description: "What a rule decides for a learner's achievements, and everything that explains it (what appeals point at)." })
export class TransferDecision {
  ruleUuid!: string | null;
  agreementUuid!: string | null;
  usedAchievementUuids!: string[];

  @Field(() => TransferOutcomeEnum)
  outcome!: RuleOutcome;

  @Field(() => DecimalScalar, { description: "Credits recognised at the target; 0.00 when denied." })
  credits!: string;

  @Field(() => [TransferReason], {
    description: "Empty for a plain grant. INCOMPLETE_AND_GROUP is followed by why each offered achievement of a missing course could not be used.",
  })
  reasons!: TransferReason[];

  @Field(() => Int, { nullable: true, description: "The agreement version the rule belongs to; null when no rule applied." })
  agreementVersion!: number | null;

  @Field(() => String, { nullable: true, description: "The terms hash of that version, as the parties approved it." })
  termsHash!: string | null;
}

@ObjectType({ description: "How a transfer was undone: opposite postings, and its achievements freed." })
export class TransferReversal {
  entryUuid!: string;

  @Field()
  reversedAt!: Date;

  @Field({ description: "Token subject of the registrar who reversed it." })
  reversedBy!: string;

  @Field()
  reason!: string;
}

@ObjectType({
  implements: Node,
  description:
    "A registrar's decision to recognise a learner's achievements at the receiving organization, recorded in the ledger. " +
    "Visible to whoever may read the learner, and to the receiving organization.",
})
export class CreditTransfer implements Node {
  @Field(() => ID)
  id!: string;

  uuid!: string;
  learnerUuid!: string;
  targetOrganizationUuid!: string;
  sourceOrganizationUuids!: string[];
  achievementUuids!: string[];
  ledgerEntryUuid!: string;
  grantedByAppealUuid!: string | null;

  @Field(() => TransferDecision)
  decision!: TransferDecision;

  @Field(() => Hours, { description: "The hours the transfer consumed at the providers (those of `decision.achievements`)." })
  hours!: Hours;

  @Field(() => DateScalar, { description: "The day of the decision (China time); recency is judged from it." })
  decidedOn!: string;

  @Field({ description: "Token subject of the registrar who decided." })
  decidedBy!: string;

  @Field(() => TransferReversal, { nullable: true })
  reversal!: TransferReversal | null;

  @Field()
  createdAt!: Date;
}

export const CreditTransferConnection = ConnectionType(CreditTransfer, "CreditTransfer");

@ObjectType({ implements: Node, description: "An appeal against a transfer decision, by the learner or a sending organization." })
export class TransferAppeal implements Node {
  @Field(() => ID)
  id!: string;

  uuid!: string;
  learnerUuid!: string;
  transferUuid!: string;
  openedByOrganizationUuid!: string | null;
  grantedTransferUuid!: string | null;

  @Field()
  statement!: string;

  @Field(() => AppealStatusEnum)
  status!: AppealStatus;

  @Field({ description: "Token subject of whoever opened it (the learner's ID for a learner)." })
  openedBy!: string;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true })
  decisionNote!: string | null;
}

@ObjectType({ description: "Credits recognised at an organization, with their provenance." })
export class TranscriptEntry {
  ruleUuid!: string | null;
  agreementUuid!: string | null;
  achievementUuids!: string[];

  @Field(() => DecimalScalar)
  credits!: string;

  @Field()
  recognizedAt!: Date;

  @Field(() => Int, { nullable: true, description: "The agreement version the credits were recognised under." })
  agreementVersion!: number | null;

  @Field(() => String, { nullable: true, description: "Its terms hash, as the parties approved it." })
  termsHash!: string | null;

  @Field(() => CreditTransfer, { description: "The transfer (or appeal grant) that recognised them." })
  transfer!: CreditTransfer;
}

export const TranscriptEntryConnection = ConnectionType(TranscriptEntry, "TranscriptEntry");

@ObjectType({ description: "What is recognised for a learner at one organization: transfers in force (granted, partial, not reversed)." })
export class Transcript {
  learnerUuid!: string;
  organizationUuid!: string;

  @Field(() => DecimalScalar, { description: "The credits of all entries." })
  totalCredits!: string;
}

@ObjectType({ description: "A dry run: what each rule in force would decide for the learner's achievements at the target. Nothing is written." })
export class TransferEvaluation {
  learnerUuid!: string;
  targetOrganizationUuid!: string;

  @Field(() => DateScalar, { description: "The day the rules were judged on (recency)." })
  on!: string;

  @Field(() => [TransferDecision], { description: "One per rule receiving at the target that names one of the learner's courses, most credits first." })
  decisions!: TransferDecision[];
}

export function toDecision(row: Pick<CreditTransferRow, "ruleId" | "agreementId" | "agreementVersion" | "termsHash" | "outcome" | "credits" | "reasons" | "usedAchievementIds">): TransferDecision {
  return Object.assign(new TransferDecision(), {
    ruleUuid: row.ruleId,
    agreementUuid: row.agreementId,
    usedAchievementUuids: row.usedAchievementIds,
    outcome: row.outcome,
    credits: formatAmount(parseAmount(row.credits)),
    reasons: row.reasons.map((reason: Reason) => ({ code: reason.code, detail: reason.detail })),
    agreementVersion: row.agreementVersion,
    termsHash: row.termsHash,
  });
}

export function toCreditTransfer(row: CreditTransferRow): CreditTransfer {
  return Object.assign(new CreditTransfer(), {
    id: toGlobalId("CreditTransfer", row.id),
    uuid: row.id,
    learnerUuid: row.learnerId,
    targetOrganizationUuid: row.targetOrganizationId,
    sourceOrganizationUuids: row.sourceOrganizationIds,
    achievementUuids: row.achievementIds,
    ledgerEntryUuid: row.ledgerEntryId,
    grantedByAppealUuid: row.grantedByAppealId,
    decision: toDecision(row),
    hours: hoursOf(parseAmount(row.lectureHours), parseAmount(row.practiceHours)),
    decidedOn: row.decidedOn,
    decidedBy: row.decidedBy,
    reversal:
      row.reversedAt === null
        ? null
        : { entryUuid: row.reversalEntryId!, reversedAt: row.reversedAt, reversedBy: row.reversedBy!, reason: row.reversalReason! },
    createdAt: row.createdAt,
  });
}

export function toTransferAppeal(row: TransferAppealRow): TransferAppeal {
  return Object.assign(new TransferAppeal(), {
    id: toGlobalId("TransferAppeal", row.id),
    uuid: row.id,
    learnerUuid: row.learnerId,
    transferUuid: row.transferId,
    openedByOrganizationUuid: row.openedByOrganizationId,
    grantedTransferUuid: row.grantedTransferId,
    statement: row.statement,
    status: row.status,
    openedBy: row.openedBy,
    openedAt: row.createdAt,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
    decisionNote: row.decisionNote,
  });
}

export function toTranscriptEntry(row: CreditTransferRow): TranscriptEntry {
  return Object.assign(new TranscriptEntry(), {
    ruleUuid: row.ruleId,
    agreementUuid: row.agreementId,
    achievementUuids: row.usedAchievementIds,
    credits: formatAmount(parseAmount(row.credits)),
    recognizedAt: row.createdAt,
    agreementVersion: row.agreementVersion,
    termsHash: row.termsHash,
    transfer: toCreditTransfer(row),
  });
}
