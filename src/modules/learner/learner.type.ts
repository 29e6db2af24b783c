import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { DecimalScalar } from "../../graphql/scalars.js";
import { OrganizationModel } from "../organization/organization.type.js";
import type { LearnerRow } from "./learner.table.js";

@ObjectType({
  implements: Node,
  description:
    "A learner as one organization knows them: pseudonymous (the organization's own reference, never a national ID). " +
    "Readable by the learner, their organization, admins and organizations the learner consents to.",
})
export class Learner implements Node {
  @Field(() => ID)
  id!: string;

  /** Database UUIDs; not exposed. */
  uuid!: string;
  organizationUuid!: string;
  personUuid!: string;

  @Field({ description: "The organization's own reference, e.g. a student or employee number." })
  externalRef!: string;

  @Field()
  displayName!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "A learner's consent for an organization to read their record; revocable." })
export class LearnerConsent {
  @Field(() => OrganizationModel)
  organization!: Promise<OrganizationModel | null>;

  @Field()
  grantedAt!: Date;

  @Field(() => Date, { nullable: true, description: "Null while the consent is in force." })
  revokedAt!: Date | null;
}

@ObjectType({ description: "What a learner holds at one organization in one unit, summed from the ledger." })
export class LearnerBalance {
  @Field(() => OrganizationModel)
  organization!: Promise<OrganizationModel | null>;

  @Field({ description: "HOUR or CREDIT" })
  unit!: string;

  @Field(() => DecimalScalar)
  amount!: string;
}

export function toLearner(row: LearnerRow): Learner {
  return Object.assign(new Learner(), {
    id: toGlobalId("Learner", row.id),
    uuid: row.id,
    organizationUuid: row.organizationId,
    personUuid: row.personId,
    externalRef: row.externalRef,
    displayName: row.displayName,
    createdAt: row.createdAt,
  });
}
