import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { OrganizationModel } from "../modules/organization/organization.type.js";

@ObjectType("Viewer", { description: "Who the bearer token says the caller is." })
export class ViewerType {
  @Field(() => String, { nullable: true, description: "The token's subject; null when anonymous." })
  subject!: string | null;

  @Field(() => String, { description: "admin, registrar, provider, learner or anonymous." })
  role!: string;

  @Field(() => OrganizationModel, { nullable: true })
  organization!: Promise<OrganizationModel | null> | null;
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerType, { description: "The caller, as the bearer token identifies it." })
  viewer(@Ctx() ctx: Context): ViewerType {
    const actor = ctx.viewer.actor;
    return {
      subject: actor?.subject ?? null,
      role: actor?.role ?? "anonymous",
      organization: actor?.organizationId ? ctx.loaders.organizationById.load(actor.organizationId) : null,
    };
  }
}
