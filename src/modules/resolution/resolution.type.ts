import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import { TransferDecision, TransferOutcomeEnum } from "../transfer/transfer.type.js";
import type { RuleOutcome } from "../transfer/rule-evaluation.js";
import type { Equivalence as ResolvedEquivalence, PathStep } from "./equivalence-graph.js";

@ObjectType({ description: "Credits in an elective category of the target organization." })
export class ElectiveBlock {
  @Field(() => DecimalScalar, { description: "Size of the block." })
  credits!: string;

  @Field(() => String, { nullable: true })
  category!: string | null;
}

@ObjectType({ description: "One rule applied on the way: which courses went in and which came out." })
export class EquivalenceStep {
  ruleUuid!: string;
  agreementUuid!: string;
  agreementVersionNumber!: number;
  fromCourseUuids!: string[];
  toCourseUuids!: string[];
}

@ObjectType("Equivalence", {
  description:
    "What a set of completed courses earns at one target under one rule, reached directly or through a chain of agreements that allow transitivity (`path`).",
})
export class EquivalenceResult {
  targetOrganizationUuid!: string;
  targetCourseUuids!: string[];
  missingCourseUuids!: string[];

  @Field(() => ElectiveBlock, { nullable: true, description: "Set when the rule grants elective credits instead of courses." })
  electiveBlock!: ElectiveBlock | null;

  @Field(() => String, { nullable: true, description: "Set when the rule explicitly does not recognise the courses: why." })
  noRecognitionReason!: string | null;

  @Field(() => DecimalScalar, { description: "Credits at the target by the last rule (its fixed credits or hours per credit); 0.00 unless complete and recognised." })
  credits!: string;

  @Field({ description: "Whether the courses (and, for a chain, the courses produced on the way) cover the rule's source." })
  complete!: boolean;

  @Field(() => Int, { description: "Rules on the longest chain to this target: 1 for a direct agreement." })
  hops!: number;

  @Field(() => [EquivalenceStep], { description: "The rules applied, in order; the last one grants the target." })
  path!: EquivalenceStep[];
}

function toStep(step: PathStep): EquivalenceStep {
  return Object.assign(new EquivalenceStep(), {
    ruleUuid: step.ruleId,
    agreementUuid: step.agreementId,
    agreementVersionNumber: step.agreementVersion,
    fromCourseUuids: step.fromCourseIds,
    toCourseUuids: step.toCourseIds,
  });
}

export function toEquivalenceResult(equivalence: ResolvedEquivalence): EquivalenceResult {
  return Object.assign(new EquivalenceResult(), {
    targetOrganizationUuid: equivalence.targetOrganizationId,
    targetCourseUuids: equivalence.targetCourseIds,
    missingCourseUuids: equivalence.missingCourseIds,
    electiveBlock: equivalence.electiveBlock,
    noRecognitionReason: equivalence.noRecognitionReason,
    credits: equivalence.credits,
    complete: equivalence.complete,
    hops: equivalence.hops,
    path: equivalence.path.map(toStep),
  });
}

@ObjectType({ description: "A rule that would grant now, and what it adds to the plan's total." })
export class PlannedGrant {
  @Field(() => TransferDecision, { description: "What a transfer under this rule alone would decide today." })
  decision!: TransferDecision;

  @Field(() => DecimalScalar, {
    description: "Its share of `totalCredits`: 0.00 when a better rule already uses one of its achievements, less than `decision.credits` when the agreement's cap is reached.",
  })
  creditsInTotal!: string;
}

@ObjectType({ description: "One or two more courses that would complete a rule, and what the rule would then grant." })
export class PlannedCompletion {
  ruleUuid!: string;
  agreementUuid!: string;
  courseUuids!: string[];

  @Field(() => TransferOutcomeEnum, { description: "GRANTED, or PARTIAL when the agreement's cap would cut it." })
  outcome!: RuleOutcome;

  @Field(() => DecimalScalar, { description: "Credits the rule would grant with these courses completed (with a grade meeting its minimum)." })
  credits!: string;

  @Field(() => DecimalScalar, { description: "Hours of the further courses." })
  additionalHours!: string;
}

@ObjectType({ description: "A learner's pathway to one receiving organization: what counts now, what is close, and the total." })
export class TransferPlan {
  learnerUuid!: string;
  targetOrganizationUuid!: string;

  @Field(() => DateScalar)
  on!: string;

  @Field(() => [PlannedGrant], { description: "Rules that would grant now, most credits first." })
  grants!: PlannedGrant[];

  @Field(() => [TransferDecision], { description: "Rules naming the learner's courses that would not grant, with the reasons." })
  refusals!: TransferDecision[];

  @Field(() => [PlannedCompletion], { description: "Rules one or two more published courses would complete, best credits per hour first." })
  completions!: PlannedCompletion[];

  @Field(() => DecimalScalar, { description: "Credits obtainable now: the grants, each achievement used once, within each agreement's cap." })
  totalCredits!: string;
}

export const PathwayKindEnum = { COURSES: "COURSES", COURSE_PACKAGE: "COURSE_PACKAGE" } as const;
export type PathwayKind = keyof typeof PathwayKindEnum;
registerEnumType(PathwayKindEnum, {
  name: "PathwayKind",
  valuesConfig: {
    COURSES: { description: "One or two published courses." },
    COURSE_PACKAGE: { description: "A published course package (职业培训包): its courses not yet completed." },
  },
});

@ObjectType({ description: "Courses or a package to take next, ranked by credits gained per additional hour." })
export class PathwayRecommendation {
  courseUuids!: string[];
  coursePackageUuid!: string | null;

  @Field(() => Int, { description: "1 = best." })
  rank!: number;

  @Field(() => PathwayKindEnum)
  kind!: PathwayKind;

  @Field(() => Float, { description: "creditsGained / additionalHours." })
  score!: number;

  @Field(() => DecimalScalar, { description: "Credits of the rules it newly completes (best rule per target)." })
  creditsGained!: string;

  @Field(() => DecimalScalar, { description: "Hours of the courses not yet completed." })
  additionalHours!: string;

  @Field()
  explanation!: string;

  @Field(() => [EquivalenceResult], { description: "The equivalences it completes." })
  equivalences!: EquivalenceResult[];
}

@ObjectType({ description: "An organization where the completed courses already count, ranked by credits." })
export class OrganizationRecommendation {
  organizationUuid!: string;

  @Field(() => Int, { description: "1 = best." })
  rank!: number;

  @Field(() => Float, { description: "The credits, as a number." })
  score!: number;

  @Field(() => DecimalScalar, { description: "Credits of the complete equivalences there, each completed course counted once." })
  credits!: string;

  @Field()
  explanation!: string;

  @Field(() => [EquivalenceResult], { description: "The equivalences counted, most credits first." })
  equivalences!: EquivalenceResult[];
}

@ObjectType({ description: "What to take next and where the completed courses count most. Scores are documented in the README." })
export class Recommendations {
  @Field(() => [PathwayRecommendation])
  pathways!: PathwayRecommendation[];

  @Field(() => [OrganizationRecommendation])
  organizations!: OrganizationRecommendation[];
}
