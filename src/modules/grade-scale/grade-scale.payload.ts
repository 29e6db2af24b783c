import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { GradeScaleType } from "./grade-scale.type.js";

@ObjectType()
export class GradeScaleSetPayload {
  @Field(() => GradeScaleType, { nullable: true })
  gradeScale!: GradeScaleType | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
