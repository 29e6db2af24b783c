import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { ConnectionType } from "../../graphql/connection.js";
import { Agreement, EquivalenceRule } from "./agreement.type.js";

function AgreementPayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => Agreement, { nullable: true, description: "The agreement as its parties see it, pending version included." })
    agreement!: Agreement | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const AgreementProposePayload = AgreementPayloadType("AgreementProposePayload");
export const AgreementAmendPayload = AgreementPayloadType("AgreementAmendPayload");
export const AgreementApprovePayload = AgreementPayloadType("AgreementApprovePayload");
export const AgreementSuspendPayload = AgreementPayloadType("AgreementSuspendPayload");
export const AgreementResumePayload = AgreementPayloadType("AgreementResumePayload");
export const AgreementTerminatePayload = AgreementPayloadType("AgreementTerminatePayload");
export const AgreementConnection = ConnectionType(Agreement, "Agreement");
export const EquivalenceRuleConnection = ConnectionType(EquivalenceRule, "EquivalenceRule");
