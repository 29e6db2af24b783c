import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { runMutation } from "../../graphql/mutation.js";
import { CreditStatementIssueInput } from "./statement.input.js";
import { CreditStatementIssuePayload } from "./statement.payload.js";
import { CreditStatement, CreditStatementVerification } from "./statement.type.js";
import type { IssuedStatement } from "./statement.service.js";

export function toCreditStatement(statement: IssuedStatement): CreditStatement {
  return Object.assign(new CreditStatement(), {
    id: `urn:uuid:${statement.statementId}`,
    jws: statement.jws,
    payload: statement.payload as unknown as Record<string, unknown>,
    issuedAt: statement.issuedAt,
    keyId: statement.keyId,
  });
}

@Resolver()
export class StatementResolver {
  @Mutation(() => CreditStatementIssuePayload, {
    description:
      "Signs the learner's record at the organization (completions it recorded, credits it recognised) as a portable credit statement, " +
      "anchored in the Merkle log, and journals CREDIT_STATEMENT_ISSUED. The learner, or a registrar or provider of the organization who may read the learner; admins.",
  })
  creditStatementIssue(@Arg("input") input: CreditStatementIssueInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { statement, replayed } = await ctx.services.statements.issue(ctx.viewer, input);
      return { statement: toCreditStatement(statement), replayed };
    });
  }

  @Query(() => CreditStatementVerification, {
    description: "Verifies a credit statement: signature and key (current or retired before issue), every entry's anchoring in the Merkle log, and whether a stated transfer was reversed since. Public.",
  })
  async creditStatementVerify(@Arg("jws") jws: string, @Ctx() ctx: Context) {
    const verification = await ctx.services.statements.verify(jws);
    return { ...verification, payload: verification.payload as unknown as Record<string, unknown> | null };
  }
}
