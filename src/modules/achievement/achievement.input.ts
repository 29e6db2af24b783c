import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../graphql/scalars.js";

@InputType({ description: "Records that a learner completed a course of the caller's organization (its registrar or provider, or an admin)." })
export class AchievementRecordInput {
  @Field({ description: "Client key (1–128 chars): a retry with the same key and input returns the original achievement." })
  idempotencyKey!: string;

  @Field(() => ID, { description: "A learner registered at the course's organization." })
  learnerId!: string;

  @Field(() => ID, { description: "A published course of the caller's organization." })
  courseId!: string;

  @Field({ description: "As graded on the organization's scale, e.g. \"85\" or \"优秀\"." })
  grade!: string;

  @Field(() => DateScalar, { description: "The day the learner completed the course (not after today, China time)." })
  completedOn!: string;
}

@InputType({ description: "Records up to 1,000 achievements at once, all or nothing." })
export class AchievementsRecordInput {
  @Field(() => [AchievementRecordInput], { description: "1–1,000 items, each with its own idempotency key." })
  items!: AchievementRecordInput[];
}
