import { Field, ID, InputType } from "type-graphql";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import { AppealDecisionEnum, type AppealDecision } from "./transfer.type.js";

const IDEMPOTENCY_KEY = "Required client key (1–128 chars): a retry with the same key and input returns the original result.";

@InputType({ description: "Asks the receiving organization's registrar's question: what do these achievements earn here?" })
export class CreditTransferInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID, { description: "The receiving organization: the caller's own." })
  targetOrganizationId!: string;

  @Field(() => ID, { nullable: true, description: "The rule to apply; omitted: the applicable rule granting the most credits." })
  ruleId?: string | null;

  @Field(() => [ID], { description: "The learner's achievements offered for recognition (1–50, each once)." })
  achievementIds!: string[];
}

@InputType()
export class CreditTransferReverseInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  transferId!: string;

  @Field()
  reason!: string;
}

@InputType({ description: "Contests a transfer decision: by the learner (learner token) or a sending organization." })
export class TransferAppealInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  transferId!: string;

  @Field({ description: "Why the decision should change (at most 2,000 characters)." })
  statement!: string;
}

@InputType()
export class TransferAppealDecideInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  appealId!: string;

  @Field(() => AppealDecisionEnum)
  decision!: AppealDecision;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "GRANT only: the credits to grant (> 0). Omitted: what the rule is worth for the offered achievements with no condition or cap, less what the transfer already granted.",
  })
  credits?: string | null;

  @Field({ description: "The registrar's reasoning (at most 2,000 characters)." })
  note!: string;
}

@InputType()
export class TransferEvaluationInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID)
  targetOrganizationId!: string;

  @Field(() => DateScalar, { nullable: true, description: "The day to judge recency on; default today (China time)." })
  on?: string | null;
}
