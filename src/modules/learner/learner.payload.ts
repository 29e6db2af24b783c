import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { Learner, LearnerConsent } from "./learner.type.js";

function LearnerPayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => Learner, { nullable: true })
    learner!: Learner | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

function ConsentPayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => Learner, { nullable: true })
    learner!: Learner | null;

    @Field(() => LearnerConsent, { nullable: true, description: "The consent granted or revoked." })
    consent!: LearnerConsent | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const LearnerRegisterPayload = LearnerPayloadType("LearnerRegisterPayload");
export const LearnerLinkPayload = LearnerPayloadType("LearnerLinkPayload");
export const LearnerConsentGrantPayload = ConsentPayloadType("LearnerConsentGrantPayload");
export const LearnerConsentRevokePayload = ConsentPayloadType("LearnerConsentRevokePayload");
