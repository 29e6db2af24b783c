import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { StatementProblemCode } from "./statement-verification.js";

@ObjectType({ description: "A signed credit statement: a CLR 2.0-shaped Verifiable Credential as a compact JWS (EdDSA, kid in the header)." })
export class CreditStatement {
  @Field({ description: "urn:uuid:… — the credential's id and the JWT's jti." })
  id!: string;

  @Field({ description: "The compact JWS (typ vc+jwt): what to hand to a third party." })
  jws!: string;

  @Field(() => GraphQLJSONObject, { description: "The signed payload, decoded (the credential plus iss, sub, jti, iat)." })
  payload!: Record<string, unknown>;

  @Field()
  issuedAt!: Date;

  @Field({ description: "The signing key, as in the JWS header and /.well-known/jwks.json." })
  keyId!: string;
}

const PROBLEM_CODES: Record<StatementProblemCode, string> = {
  MALFORMED: "Not a compact JWS of a Ronghe statement (typ vc+jwt, EdDSA, kid), or an unreadable payload.",
  UNKNOWN_KEY: "The kid is not in the JWKS.",
  SIGNATURE_INVALID: "Header, payload or signature altered, or signed with another key than the kid's.",
  KEY_RETIRED: "Signed with a key after that key's retirement.",
  PAYLOAD_INVALID: "The payload lacks the parts a statement must have (entries, anchors, checkpoint).",
  CHECKPOINT_INVALID: "The embedded checkpoint's signature does not verify, or differs from what it signed.",
  ENTRY_HASH_MISMATCH: "An entry's journal text does not hash to its contentHash or leafHash, or does not record that entry.",
  INCLUSION_PROOF_INVALID: "An entry's audit path does not lead to the checkpoint's root.",
  TRANSFER_REVERSED: "A stated transfer was reversed after the statement was issued (checked by the server only).",
};
export const StatementProblemCodeEnum = Object.fromEntries(Object.keys(PROBLEM_CODES).map((code) => [code, code])) as Record<StatementProblemCode, StatementProblemCode>;
registerEnumType(StatementProblemCodeEnum, {
  name: "StatementProblemCode",
  description: "Why a credit statement does not verify.",
  valuesConfig: Object.fromEntries(Object.entries(PROBLEM_CODES).map(([code, description]) => [code, { description }])),
});

@ObjectType()
export class StatementVerificationReason {
  @Field(() => StatementProblemCodeEnum)
  code!: StatementProblemCode;

  @Field()
  message!: string;

  @Field(() => Int, { nullable: true, description: "The entry concerned: its index in credentialSubject.verifiableCredential." })
  entry!: number | null;
}

@ObjectType({ description: "The verdict on a credit statement." })
export class CreditStatementVerification {
  @Field({ description: "True only when no reason was found." })
  valid!: boolean;

  @Field(() => [StatementVerificationReason], { description: "Every problem found." })
  reasons!: StatementVerificationReason[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The payload as decoded, also when invalid (what it claims); null when unreadable." })
  payload!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The kid of the JWS header." })
  keyId!: string | null;
}
