import { Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { DateScalar } from "../../graphql/scalars.js";
import { IndustryFieldEnum, type IndustryField } from "../course/course.type.js";

@InputType({ description: "A set of completed courses, and where and when to look for what they are worth." })
export class EquivalencesInput {
  @Field(() => [ID], { description: "Completed courses (at most 100), treated as a set." })
  courseIds!: string[];

  @Field(() => ID, { nullable: true, description: "Only equivalences at this organization; omitted: at every reachable organization." })
  targetOrganizationId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "The day whose agreement versions apply; default today (China time)." })
  on?: string | null;

  @Field(() => Int, { nullable: true, description: "1 (default): direct agreements only; up to 4: chains through agreements that allow transitivity." })
  maxHops?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Every path to each target, best first, instead of the best path per target." })
  allPaths?: boolean | null;
}

@InputType({ description: "A learner's pathway to one receiving organization." })
export class TransferPlanInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID)
  targetOrganizationId!: string;

  @Field(() => DateScalar, { nullable: true, description: "The day the rules are judged on; default today (China time)." })
  on?: string | null;
}

@InputType({ description: "Whose courses to recommend for: a learner's achievements, or a set of completed courses (exactly one of the two)." })
export class RecommendationsInput {
  @Field(() => ID, { nullable: true })
  learnerId?: string | null;

  @Field(() => [ID], { nullable: true, description: "Completed courses (at most 100), instead of a learner." })
  courseIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: "Recommend courses and packages for credit at this organization; omitted: at any organization." })
  targetOrganizationId?: string | null;

  @Field(() => Int, { nullable: true, description: "How many of each kind to return (1–50, default 10)." })
  limit?: number | null;

  @Field(() => DateScalar, { nullable: true, description: "The day whose agreement versions apply; default today (China time)." })
  on?: string | null;
}

export const RecognitionGroupByEnum = { MONTH: "MONTH", FIELD: "FIELD", ORGANIZATION: "ORGANIZATION", AGREEMENT: "AGREEMENT" } as const;
export type RecognitionGroupBy = keyof typeof RecognitionGroupByEnum;
registerEnumType(RecognitionGroupByEnum, {
  name: "RecognitionGroupBy",
  valuesConfig: {
    MONTH: { description: "The month the transfer was decided (China time), YYYY-MM." },
    FIELD: { description: "The industry field of the offered courses; a transfer of courses in several fields counts in each." },
    ORGANIZATION: { description: "The receiving organization." },
    AGREEMENT: { description: "The agreement of the deciding rule; transfers no agreement covered form their own group." },
  },
});

@InputType({ description: "Which transfers to count; every condition narrows." })
export class RecognitionStatisticsFilter {
  @Field(() => ID, { nullable: true, description: "Transfers into this organization, or of achievements it recorded." })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true })
  agreementId?: string | null;

  @Field(() => IndustryFieldEnum, { nullable: true, description: "Transfers offering a course of this field." })
  field?: IndustryField | null;

  @Field(() => DateScalar, { nullable: true, description: "Decided on or after this day." })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Decided on or before this day." })
  to?: string | null;
}
