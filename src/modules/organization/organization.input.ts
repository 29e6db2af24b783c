import { Field, ID, InputType } from "type-graphql";
import { OrganizationKindEnum } from "./organization.type.js";
import type { OrganizationKind } from "./organization.table.js";

@InputType({ description: "Registers a university or a training provider (admin only)." })
export class OrganizationCreateInput {
  @Field(() => String, { nullable: true, description: "Optional client key (1–128 chars): a retry with the same key and input returns the original result." })
  idempotencyKey?: string | null;

  @Field(() => OrganizationKindEnum)
  kind!: OrganizationKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field({ description: "10-digit MOE institution identifier, or 18-character unified social credit code." })
  code!: string;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: "http(s) URL." })
  website?: string | null;
}

@InputType({ description: "Changes an organization's details; omitted fields stay as they are, null clears optional ones." })
export class OrganizationUpdateInput {
  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  website?: string | null;
}

@InputType()
export class OrganizationFilter {
  @Field(() => OrganizationKindEnum, { nullable: true })
  kind?: OrganizationKind | null;

  @Field(() => String, { nullable: true, description: "Substring of the name, English name or code." })
  text?: string | null;
}
