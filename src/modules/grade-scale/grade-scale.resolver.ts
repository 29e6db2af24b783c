import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { GradeScaleSetInput } from "./grade-scale.input.js";
import { GradeScaleSetPayload } from "./grade-scale.payload.js";
import { scaleOf } from "./grade-scale.service.js";
import { GradeScaleType, toGradeScaleType } from "./grade-scale.type.js";

@Resolver(() => OrganizationModel)
export class GradeScaleResolver {
  @Mutation(() => GradeScaleSetPayload, { description: "Sets an organization's grade scale. Registrar or provider of that organization, or admin." })
  gradeScaleSet(@Arg("input") input: GradeScaleSetInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { row, replayed } = await ctx.services.gradeScales.set(ctx.viewer, input);
      return { gradeScale: toGradeScaleType(scaleOf(row), row.updatedAt), replayed };
    });
  }

  @FieldResolver(() => GradeScaleType, { description: "How this organization's grades normalise to 0–100." })
  async gradeScale(@Root() organization: OrganizationModel, @Ctx() ctx: Context) {
    const row = await ctx.loaders.gradeScaleRowByOrganization.load(organization.uuid);
    return toGradeScaleType(scaleOf(row), row?.updatedAt ?? null);
  }
}
