import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { CreditStatement } from "./statement.type.js";

@ObjectType()
export class CreditStatementIssuePayload {
  @Field(() => CreditStatement, { nullable: true })
  statement!: CreditStatement | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
