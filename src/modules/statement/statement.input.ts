import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "Signs a learner's record at an organization as a credit statement (the learner, or a registrar or provider of the organization)." })
export class CreditStatementIssueInput {
  @Field({ description: "Required client key (1–128 chars): a retry with the same key and input returns the same statement." })
  idempotencyKey!: string;

  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID, { description: "The issuer: completions it recorded and credits it recognised are stated." })
  organizationId!: string;
}
