import { Field, ID, InputType, Int } from "type-graphql";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import type { Conjunction } from "../transfer/rule-evaluation.js";
import type { AgreementDirection, PartyRole, RuleCreditsKind, RuleTargetKind } from "./agreement.table.js";
import type { AgreementStatus } from "./agreement-lifecycle.js";
import { AgreementDirectionEnum, AgreementPartyRoleEnum, AgreementStatusEnum, RuleConjunctionEnum, RuleCreditsKindEnum, RuleTargetKindEnum } from "./agreement.type.js";

const IDEMPOTENCY_KEY = "Required client key (1–128 chars): a retry with the same key and input returns the original result.";

@InputType({ description: "One party and the side it takes." })
export class AgreementPartyInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => AgreementPartyRoleEnum, { description: "ONE_WAY agreements need SENDING and RECEIVING parties; MUTUAL ones only BOTH." })
  role!: PartyRole;
}

@InputType({ description: "Conditions that apply to every rule unless the rule overrides them." })
export class AgreementTermsInput {
  @Field(() => DecimalScalar, { description: "Lecture hours that make one credit (> 0), e.g. \"16\"." })
  lectureHoursPerCredit!: string;

  @Field(() => DecimalScalar, { description: "Practice hours that make one credit (> 0), e.g. \"32\"." })
  practiceHoursPerCredit!: string;

  @Field(() => Int, { nullable: true, description: "Minimum normalised grade, 0–100." })
  minGrade?: number | null;

  @Field(() => Int, { nullable: true, description: "Achievements must be completed within this many years (1–100)." })
  recencyYears?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Most credits one learner may be granted under the agreement (> 0); null = no cap." })
  maxCreditsPerLearner?: string | null;

  @Field({ defaultValue: false, description: "Whether resolution may chain this agreement with others." })
  allowTransitive!: boolean;
}

@InputType({ description: "Courses joined by AND (all needed) or OR (any one suffices)." })
export class RuleSourceGroupInput {
  @Field(() => RuleConjunctionEnum)
  conjunction!: Conjunction;

  @Field(() => [ID], { description: "Published courses of sending parties." })
  courseIds!: string[];
}

@InputType()
export class RuleSourceInput {
  @Field(() => [RuleSourceGroupInput])
  groups!: RuleSourceGroupInput[];

  @Field(() => RuleConjunctionEnum, { defaultValue: "AND", description: "How the groups combine." })
  groupConjunction!: Conjunction;
}

@InputType({ description: "What the source earns. Fill the fields of `kind` only." })
export class RuleTargetInput {
  @Field(() => RuleTargetKindEnum)
  kind!: RuleTargetKind;

  @Field(() => ID, { description: "The receiving party where the credit lands." })
  organizationId!: string;

  @Field(() => [ID], { nullable: true, description: "COURSES: published courses of `organizationId` (one or more)." })
  courseIds?: string[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: "ELECTIVE_BLOCK: size of the block in credits (> 0)." })
  electiveCredits?: string | null;

  @Field(() => String, { nullable: true, description: "ELECTIVE_BLOCK: the elective category, e.g. 专业选修." })
  electiveCategory?: string | null;

  @Field(() => String, { nullable: true, description: "NO_RECOGNITION: why these courses are explicitly not recognised." })
  reason?: string | null;
}

@InputType({ description: "How many credits a rule grants; omitted for NO_RECOGNITION." })
export class RuleCreditsInput {
  @Field(() => RuleCreditsKindEnum)
  kind!: RuleCreditsKind;

  @Field(() => DecimalScalar, { nullable: true, description: "FIXED: the credits (> 0)." })
  credits?: string | null;
}

@InputType({ description: "Which source courses earn which target, for how much, under which conditions." })
export class EquivalenceRuleInput {
  @Field(() => RuleSourceInput)
  source!: RuleSourceInput;

  @Field(() => RuleTargetInput)
  target!: RuleTargetInput;

  @Field(() => RuleCreditsInput, { nullable: true, description: "Required unless the target is NO_RECOGNITION." })
  credits?: RuleCreditsInput | null;

  @Field(() => Int, { nullable: true, description: "Overrides the terms' minimum grade (0–100)." })
  minGrade?: number | null;

  @Field(() => Int, { nullable: true, description: "Overrides the terms' recency (1–100 years)." })
  recencyYears?: number | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType({ description: "Proposes a new agreement as version 1; the proposer must be one of the parties." })
export class AgreementProposeInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field({ description: "The parties' reference for the agreement, e.g. 2025-SZ-001." })
  code!: string;

  @Field()
  title!: string;

  @Field(() => AgreementDirectionEnum)
  direction!: AgreementDirection;

  @Field(() => [AgreementPartyInput], { description: "Two or more organizations, each once." })
  parties!: AgreementPartyInput[];

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Inclusive; null = open-ended." })
  validTo?: string | null;

  @Field(() => AgreementTermsInput)
  terms!: AgreementTermsInput;

  @Field(() => [EquivalenceRuleInput])
  rules!: EquivalenceRuleInput[];
}

@InputType({ description: "Proposes the next version: validity, terms and rules in full (parties and direction stay)." })
export class AgreementAmendInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  agreementId!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validTo?: string | null;

  @Field(() => AgreementTermsInput)
  terms!: AgreementTermsInput;

  @Field(() => [EquivalenceRuleInput])
  rules!: EquivalenceRuleInput[];
}

@InputType({ description: "Approves the latest version for the caller's own organization." })
export class AgreementApproveInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  agreementId!: string;

  @Field({ description: "The `termsHash` of the version the caller reviewed; must be the latest version's." })
  termsHash!: string;
}

@InputType()
export class AgreementSuspendInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  agreementId!: string;

  @Field()
  reason!: string;
}

@InputType()
export class AgreementResumeInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  agreementId!: string;
}

@InputType()
export class AgreementTerminateInput {
  @Field({ description: IDEMPOTENCY_KEY })
  idempotencyKey!: string;

  @Field(() => ID)
  agreementId!: string;

  @Field()
  reason!: string;

  @Field(() => DateScalar, { description: "First day on which the agreement no longer applies; today or later (China time)." })
  effectiveOn!: string;
}

@InputType()
export class AgreementFilter {
  @Field(() => ID, { nullable: true, description: "Agreements this organization is party to." })
  organizationId?: string | null;

  @Field(() => AgreementStatusEnum, { nullable: true })
  status?: AgreementStatus | null;

  @Field(() => DateScalar, { nullable: true, description: "Agreements with a version in force on this day." })
  activeOn?: string | null;

  @Field(() => String, { nullable: true, description: "Substring of the code or title." })
  text?: string | null;
}
