import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationCreateInput, OrganizationFilter, OrganizationUpdateInput } from "./organization.input.js";
import { OrganizationConnection, OrganizationCreatePayload, OrganizationUpdatePayload } from "./organization.payload.js";

@Resolver()
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: "Universities and training providers, in registration order. Public." })
  organizations(@Args() page: PageArgs, @Arg("filter", () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null, @Ctx() ctx: Context) {
    return ctx.services.organizations.list(page, filter);
  }

  @Mutation(() => OrganizationCreatePayload, { description: "Registers a university or training provider. Admin only." })
  organizationCreate(@Arg("input") input: OrganizationCreateInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("admin");
    return runMutation(() => ctx.services.organizations.create(actor, input));
  }

  @Mutation(() => OrganizationUpdatePayload, { description: "Changes an organization's details. Admin only." })
  organizationUpdate(@Arg("input") input: OrganizationUpdateInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole("admin");
    return runMutation(() => ctx.services.organizations.update(actor, input));
  }
}
