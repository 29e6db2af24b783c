import { Field, Int, ObjectType } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars.js";
import type { ReasonCode } from "../transfer/rule-evaluation.js";
import { TransferReasonCodeEnum } from "../transfer/transfer.type.js";
import { RecognitionGroupByEnum, type RecognitionGroupBy } from "./resolution.input.js";

@ObjectType({ description: "How many denials a reason decided." })
export class ReasonCount {
  @Field(() => TransferReasonCodeEnum)
  code!: ReasonCode;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "A course and how many grants (not reversed) used an achievement of it." })
export class CourseRecognitionCount {
  courseUuid!: string;

  @Field(() => Int)
  transfers!: number;
}

@ObjectType({ description: "Aggregates of one group of transfer decisions (or of all of them): counts and sums, never a learner." })
export class RecognitionStatisticsGroup {
  groupBy!: RecognitionGroupBy | null;
  key!: string | null;

  @Field(() => Int, { description: "Decisions counted (a transfer of courses in several fields counts once in each FIELD group)." })
  transfers!: number;

  @Field(() => Int)
  granted!: number;

  @Field(() => Int)
  partial!: number;

  @Field(() => Int)
  denied!: number;

  @Field(() => Int, { description: "Granted or partial decisions reversed since." })
  reversed!: number;

  @Field(() => DecimalScalar, { description: "Credits of the granted and partial decisions not reversed." })
  creditsGranted!: string;

  @Field(() => [ReasonCount], { description: "Denials by their deciding (first) reason, most frequent first." })
  denialReasons!: ReasonCount[];

  @Field(() => [CourseRecognitionCount], { description: "The five courses most used by grants not reversed, most first (ties by ID)." })
  topCourses!: CourseRecognitionCount[];
}

@ObjectType({ description: "Recognition statistics for third-party evaluation: aggregates only." })
export class RecognitionStatistics {
  @Field(() => RecognitionGroupByEnum)
  groupBy!: RecognitionGroupBy;

  @Field(() => [RecognitionStatisticsGroup], { description: "In key order: month, field, organization or agreement ID." })
  groups!: RecognitionStatisticsGroup[];

  @Field(() => RecognitionStatisticsGroup, { description: "All matching decisions together." })
  total!: RecognitionStatisticsGroup;
}
