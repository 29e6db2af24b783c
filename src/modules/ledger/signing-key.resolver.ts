import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { Context } from "../../graphql/context.js";
import { runMutation } from "../../graphql/mutation.js";
import { UserError } from "../../graphql/user-error.js";
import type { SigningKeyRow } from "./signing-key.service.js";

@ObjectType({ description: "A key that signs checkpoints and credit statements; its public half is in /.well-known/jwks.json for good." })
export class SigningKey {
  @Field({ description: "The `kid` in the JWS header of what it signed." })
  keyId!: string;

  @Field()
  algorithm!: string;

  @Field(() => GraphQLJSONObject, { description: "The public JWK." })
  publicJwk!: Record<string, unknown>;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When a newer key replaced it. What it signed before then still verifies." })
  retiredAt!: Date | null;
}

function toSigningKey(row: SigningKeyRow): SigningKey {
  return Object.assign(new SigningKey(), { ...row, publicJwk: row.publicJwk as Record<string, unknown> });
}

@InputType({ description: "Adds a signing key and retires the current one (admin)." })
export class SigningKeyRotateInput {
  @Field({ description: "Required client key (1–128 chars): a retry with the same key returns the key it made, without rotating again." })
  idempotencyKey!: string;
}

@ObjectType()
export class SigningKeyRotatePayload {
  @Field(() => SigningKey, { nullable: true, description: "The new current key." })
  signingKey!: SigningKey | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class SigningKeyResolver {
  @Query(() => [SigningKey], { description: "Every signing key, current and retired, oldest first (the JWKS as a list). Public." })
  async signingKeys(@Ctx() ctx: Context) {
    return (await ctx.services.signingKeys.list()).map(toSigningKey);
  }

  @Mutation(() => SigningKeyRotatePayload, { description: "Rotates the signing key: new checkpoints and statements are signed with a new key at once; the old one stays in the JWKS, retired. Admin only." })
  signingKeyRotate(@Arg("input") input: SigningKeyRotateInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("admin");
    return runMutation(async () => {
      const { signingKey, replayed } = await ctx.services.signingKeys.rotate(actor, input);
      return { signingKey: toSigningKey(signingKey), replayed };
    });
  }
}
