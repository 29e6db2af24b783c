import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { Achievement } from "./achievement.type.js";

@ObjectType()
export class AchievementRecordPayload {
  @Field(() => Achievement, { nullable: true })
  achievement!: Achievement | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class AchievementsRecordPayload {
  @Field(() => [Achievement], { nullable: true, description: "One per item, in the order of the items; null when anything was refused." })
  achievements!: Achievement[] | null;

  @Field({ description: "True when every item replays an earlier request with its idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError], { description: "Every refused item, each at its path, e.g. [\"input\", \"items\", \"3\", \"grade\"]." })
  userErrors!: UserError[];
}
