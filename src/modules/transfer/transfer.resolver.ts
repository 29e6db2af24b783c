import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { LedgerEntry } from "../ledger/ledger.type.js";
import { Learner, toLearner } from "../learner/learner.type.js";
import { loadVisibleLearner } from "../learner/learner.loaders.js";
import { Achievement, toAchievement } from "../achievement/achievement.type.js";
import { loadVisibleAchievement } from "../achievement/achievement.loaders.js";
import { todayInChina } from "../agreement/agreement-lifecycle.js";
import { Agreement, EquivalenceRule, RuleTargetType, toEquivalenceRule } from "../agreement/agreement.type.js";
import { visibleAgreement, visibleEquivalenceRule } from "../agreement/agreement.loaders.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { CreditTransferInput, CreditTransferReverseInput, TransferAppealDecideInput, TransferAppealInput, TransferEvaluationInput } from "./transfer.input.js";
import { CreditTransferPayload, CreditTransferReversePayload, TransferAppealDecidePayload, TransferAppealPayload } from "./transfer.payload.js";
import { loadVisibleTransfer } from "./transfer.loaders.js";
import {
  CreditTransfer,
  CreditTransferConnection,
  Transcript,
  TranscriptEntry,
  TranscriptEntryConnection,
  TransferAppeal,
  TransferDecision,
  TransferEvaluation,
  TransferReversal,
  toCreditTransfer,
  toDecision,
  toTranscriptEntry,
  toTransferAppeal,
} from "./transfer.type.js";

/** The achievements among `uuids` the caller may see, in order. */
async function visibleAchievements(ctx: Context, uuids: string[]): Promise<Achievement[]> {
  const rows = await Promise.all(uuids.map((uuid) => loadVisibleAchievement(ctx, uuid)));
  return rows.flatMap((row) => (row ? [toAchievement(row)] : []));
}

async function visibleTransfer(ctx: Context, uuid: string | null): Promise<CreditTransfer | null> {
  const row = uuid === null ? null : await loadVisibleTransfer(ctx, uuid);
  return row && toCreditTransfer(row);
}

@Resolver()
export class TransferResolver {
  @Mutation(() => CreditTransferPayload, {
    description:
      "Decides whether the learner's achievements earn credit at the caller's university and records the decision (GRANTED, PARTIAL or DENIED with reasons). Registrar of the receiving organization; the learner must consent to it.",
  })
  creditTransfer(@Arg("input") input: CreditTransferInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("registrar");
    return runMutation(async () => {
      const { transfer, replayed } = await ctx.services.transfers.transfer(actor, input);
      const presented = toCreditTransfer(transfer);
      return { transfer: presented, decision: presented.decision, replayed };
    });
  }

  @Mutation(() => CreditTransferReversePayload, { description: "Undoes a grant with opposite postings and frees its achievements. Registrar of the receiving organization." })
  creditTransferReverse(@Arg("input") input: CreditTransferReverseInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("registrar");
    return runMutation(async () => {
      const { transfer, replayed } = await ctx.services.transfers.reverse(actor, input);
      return { transfer: toCreditTransfer(transfer), replayed };
    });
  }

  @Mutation(() => TransferAppealPayload, { description: "Appeals a transfer decision. The learner (learner token) or a registrar or provider of a sending organization." })
  transferAppeal(@Arg("input") input: TransferAppealInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("learner", "registrar", "provider");
    return runMutation(async () => {
      const { appeal, replayed } = await ctx.services.transferAppeals.open(actor, input);
      return { appeal: toTransferAppeal(appeal), replayed };
    });
  }

  @Mutation(() => TransferAppealDecidePayload, { description: "Upholds the decision or grants the appeal (a new transfer). Registrar of the receiving organization." })
  transferAppealDecide(@Arg("input") input: TransferAppealDecideInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("registrar");
    return runMutation(async () => {
      const { appeal, replayed } = await ctx.services.transferAppeals.decide(actor, input);
      return { appeal: toTransferAppeal(appeal), replayed };
    });
  }

  @Query(() => TransferEvaluation, {
    nullable: true,
    description: "A dry run over all of the learner's achievements: what each rule in force receiving at the target would decide. Writes nothing. Null when the caller may not read the learner.",
  })
  async transferEvaluation(@Arg("input") input: TransferEvaluationInput, @Ctx() ctx: Context): Promise<TransferEvaluation | null> {
    const learnerId = parseArgumentId(input.learnerId, "Learner", "input.learnerId");
    const targetOrganizationId = parseArgumentId(input.targetOrganizationId, "Organization", "input.targetOrganizationId");
    if (!(await loadVisibleLearner(ctx, learnerId))) return null;
    const on = input.on ?? todayInChina();
    const results = await ctx.services.transfers.evaluate(learnerId, targetOrganizationId, on);
    return Object.assign(new TransferEvaluation(), {
      learnerUuid: learnerId,
      targetOrganizationUuid: targetOrganizationId,
      on,
      decisions: results.map(({ ruleId, agreementId, agreementVersion, termsHash, decision, used }) =>
        toDecision({
          ruleId,
          agreementId,
          agreementVersion,
          termsHash,
          outcome: decision.outcome,
          credits: decision.credits,
          reasons: decision.reasons,
          usedAchievementIds: used.map((row) => row.id),
        }),
      ),
    });
  }
}

@Resolver(() => CreditTransfer)
export class CreditTransferResolver {
  @FieldResolver(() => Learner, { nullable: true, description: "Null when the caller may no longer read the learner (consent revoked)." })
  async learner(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    const row = await loadVisibleLearner(ctx, transfer.learnerUuid);
    return row && toLearner(row);
  }

  @FieldResolver(() => OrganizationModel, { description: "The receiving organization." })
  async targetOrganization(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(transfer.targetOrganizationUuid))!;
  }

  @FieldResolver(() => [OrganizationModel], { description: "The organizations that recorded the offered achievements." })
  async sourceOrganizations(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    const organizations = await ctx.loaders.organizationById.loadMany(transfer.sourceOrganizationUuids);
    return organizations.filter((organization) => organization !== null && !(organization instanceof Error));
  }

  @FieldResolver(() => [Achievement], { description: "The achievements offered, as far as the caller may see them; `decision.achievements` are those used." })
  achievements(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    return visibleAchievements(ctx, transfer.achievementUuids);
  }

  @FieldResolver(() => LedgerEntry, { nullable: true, description: "The CREDIT_TRANSFERRED or TRANSFER_DENIED entry; null when the caller may not read it." })
  ledgerEntry(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    return ctx.services.ledger.entry(ctx.viewer, transfer.ledgerEntryUuid);
  }

  @FieldResolver(() => TransferAppeal, { nullable: true, description: "The appeal against this transfer, if any." })
  async appeal(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    const row = await ctx.loaders.appealOfTransfer.load({ learnerId: transfer.learnerUuid, transferId: transfer.uuid });
    return row && toTransferAppeal(row);
  }

  @FieldResolver(() => TransferAppeal, { nullable: true, description: "The granted appeal this transfer results from, if any." })
  async grantedByAppeal(@Root() transfer: CreditTransfer, @Ctx() ctx: Context) {
    const row = transfer.grantedByAppealUuid === null ? null : await ctx.loaders.transferAppealById.load(transfer.grantedByAppealUuid);
    return row && toTransferAppeal(row);
  }
}

@Resolver(() => TransferDecision)
export class TransferDecisionResolver {
  @FieldResolver(() => EquivalenceRule, { nullable: true, description: "The rule that decided; null when no rule applied." })
  rule(@Root() decision: TransferDecision, @Ctx() ctx: Context) {
    return decision.ruleUuid === null ? null : visibleEquivalenceRule(decision.ruleUuid, ctx);
  }

  @FieldResolver(() => Agreement, { nullable: true })
  agreement(@Root() decision: TransferDecision, @Ctx() ctx: Context) {
    return decision.agreementUuid === null ? null : visibleAgreement(decision.agreementUuid, ctx);
  }

  @FieldResolver(() => [Achievement], { description: "The achievements whose hours the decision consumes; empty when denied." })
  achievements(@Root() decision: TransferDecision, @Ctx() ctx: Context) {
    return visibleAchievements(ctx, decision.usedAchievementUuids);
  }
}

@Resolver(() => TransferReversal)
export class TransferReversalResolver {
  @FieldResolver(() => LedgerEntry, { nullable: true, description: "The TRANSFER_REVERSED entry; null when the caller may not read it." })
  ledgerEntry(@Root() reversal: TransferReversal, @Ctx() ctx: Context) {
    return ctx.services.ledger.entry(ctx.viewer, reversal.entryUuid);
  }
}

@Resolver(() => TransferAppeal)
export class TransferAppealResolver {
  // An appeal is only handed out when its transfer is visible.
  @FieldResolver(() => CreditTransfer)
  async transfer(@Root() appeal: TransferAppeal, @Ctx() ctx: Context) {
    return toCreditTransfer((await ctx.loaders.creditTransferById.load(appeal.transferUuid))!);
  }

  @FieldResolver(() => CreditTransfer, { nullable: true, description: "The transfer a granted appeal appended." })
  grantedTransfer(@Root() appeal: TransferAppeal, @Ctx() ctx: Context) {
    return visibleTransfer(ctx, appeal.grantedTransferUuid);
  }

  @FieldResolver(() => OrganizationModel, { nullable: true, description: "The sending organization that opened it; null when the learner did." })
  openedByOrganization(@Root() appeal: TransferAppeal, @Ctx() ctx: Context) {
    return appeal.openedByOrganizationUuid === null ? null : ctx.loaders.organizationById.load(appeal.openedByOrganizationUuid);
  }
}

@Resolver(() => Transcript)
export class TranscriptResolver {
  @FieldResolver(() => OrganizationModel, { nullable: true, description: "Null when no organization has the ID." })
  organization(@Root() transcript: Transcript, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(transcript.organizationUuid);
  }

  @FieldResolver(() => TranscriptEntryConnection, { description: "Recognitions in force at the organization, oldest first." })
  entries(@Root() transcript: Transcript, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(ctx.loaders.transfersOfLearner, transcript.learnerUuid, transcript.organizationUuid, page, idKeyset(), toTranscriptEntry);
  }
}

@Resolver(() => TranscriptEntry)
export class TranscriptEntryResolver {
  @FieldResolver(() => RuleTargetType, { nullable: true, description: "What the credits were recognised as: target courses, an elective block." })
  async recognizedAs(@Root() entry: TranscriptEntry, @Ctx() ctx: Context) {
    const row = entry.ruleUuid === null ? null : await ctx.loaders.equivalenceRuleRowById.load(entry.ruleUuid);
    return row && toEquivalenceRule(row).target;
  }

  @FieldResolver(() => [Achievement], { description: "Provenance: the enterprise achievements the credits were recognised from." })
  achievements(@Root() entry: TranscriptEntry, @Ctx() ctx: Context) {
    return visibleAchievements(ctx, entry.achievementUuids);
  }

  @FieldResolver(() => Agreement, { nullable: true, description: "Provenance: the agreement recognised under." })
  agreement(@Root() entry: TranscriptEntry, @Ctx() ctx: Context) {
    return entry.agreementUuid === null ? null : visibleAgreement(entry.agreementUuid, ctx);
  }
}

@Resolver(() => TransferEvaluation)
export class TransferEvaluationResolver {
  @FieldResolver(() => Learner)
  async learner(@Root() evaluation: TransferEvaluation, @Ctx() ctx: Context) {
    return toLearner((await ctx.loaders.learnerById.load(evaluation.learnerUuid))!);
  }

  @FieldResolver(() => OrganizationModel, { nullable: true, description: "Null when no organization has the ID." })
  targetOrganization(@Root() evaluation: TransferEvaluation, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(evaluation.targetOrganizationUuid);
  }
}

@Resolver(() => Learner)
export class LearnerTransfersResolver {
  @FieldResolver(() => CreditTransferConnection, { description: "The learner's credit transfers, denied and reversed ones included, oldest first." })
  transfers(@Root() learner: Learner, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(ctx.loaders.transfersOfLearner, learner.uuid, null, page, idKeyset(), toCreditTransfer);
  }

  @FieldResolver(() => Transcript, { description: "What is recognised for the learner at an organization, with provenance." })
  async transcript(@Root() learner: Learner, @Arg("organizationId", () => ID) organizationId: string, @Ctx() ctx: Context): Promise<Transcript> {
    const organizationUuid = parseArgumentId(organizationId, "Organization", "organizationId");
    const totalCredits = await ctx.loaders.transcriptCredits.load(`${learner.uuid}|${organizationUuid}`);
    return Object.assign(new Transcript(), { learnerUuid: learner.uuid, organizationUuid, totalCredits });
  }
}
