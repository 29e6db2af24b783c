import { Field, ID, InterfaceType, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import type { OrganizationKind, OrganizationRow } from "./organization.table.js";

export const OrganizationKindEnum = { UNIVERSITY: "UNIVERSITY", TRAINING_PROVIDER: "TRAINING_PROVIDER" } as const;
registerEnumType(OrganizationKindEnum, {
  name: "OrganizationKind",
  valuesConfig: {
    UNIVERSITY: { description: "A university or vocational college; `code` is its 10-digit MOE institution identifier (学校标识码)." },
    TRAINING_PROVIDER: { description: "An enterprise training provider; `code` is its 18-character unified social credit code (统一社会信用代码)." },
  },
});

export const organizationTypeOf = (value: Pick<OrganizationModel, "kind">): string => (value.kind === "UNIVERSITY" ? "University" : "TrainingProvider");

@InterfaceType("Organization", {
  implements: Node,
  description: "A university (incl. vocational colleges) or an enterprise training provider.",
  resolveType: (value: OrganizationModel) => organizationTypeOf(value),
})
export abstract class OrganizationModel implements Node {
  @Field(() => ID)
  id!: string;

  /** Database UUID; not exposed. */
  uuid!: string;
  kind!: OrganizationKind;

  @Field({ description: "Official name, usually Chinese." })
  name!: string;

  @Field(() => String, { nullable: true, description: "English name." })
  nameEn!: string | null;

  @Field({ description: "MOE institution identifier (universities) or unified social credit code (providers)." })
  code!: string;

  @Field(() => String, { nullable: true, description: "Administrative region, e.g. 广东省深圳市." })
  region!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ implements: [Node, OrganizationModel], description: "A university or vocational college." })
export class University extends OrganizationModel {}

@ObjectType({ implements: [Node, OrganizationModel], description: "An enterprise training provider." })
export class TrainingProvider extends OrganizationModel {}

export function toOrganization(row: OrganizationRow): OrganizationModel {
  const target = row.kind === "UNIVERSITY" ? new University() : new TrainingProvider();
  return Object.assign(target, {
    id: toGlobalId("Organization", row.id),
    uuid: row.id,
    kind: row.kind,
    name: row.name,
    nameEn: row.nameEn,
    code: row.code,
    region: row.region,
    website: row.website,
    createdAt: row.createdAt,
  });
}
