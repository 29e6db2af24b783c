import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { OrganizationModel } from "./organization.type.js";
import { ConnectionType } from "../../graphql/connection.js";

function OrganizationPayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => OrganizationModel, { nullable: true })
    organization!: OrganizationModel | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const OrganizationCreatePayload = OrganizationPayloadType("OrganizationCreatePayload");
export const OrganizationUpdatePayload = OrganizationPayloadType("OrganizationUpdatePayload");
export const OrganizationConnection = ConnectionType(OrganizationModel, "Organization");
