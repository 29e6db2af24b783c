import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { Course } from "../course/course.type.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { audienceOf } from "./agreement.service.js";
import { EquivalenceRuleConnection } from "./agreement.payload.js";
import { Agreement, CitedCourse, EquivalenceRule, RuleTargetType, toEquivalenceRule } from "./agreement.type.js";
import { visibleAgreement } from "./agreement.loaders.js";

@Resolver(() => EquivalenceRule)
export class EquivalenceRuleResolver {
  @FieldResolver(() => Agreement)
  async agreement(@Root() rule: EquivalenceRule, @Ctx() ctx: Context) {
    // A rule is only ever handed out when its agreement is visible to the caller.
    return (await visibleAgreement(rule.agreementUuid, ctx))!;
  }
}

@Resolver(() => RuleTargetType)
export class RuleTargetResolver {
  @FieldResolver(() => OrganizationModel, { description: "The receiving party where the credit lands." })
  async organization(@Root() target: RuleTargetType, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(target.organizationUuid))!;
  }
}

@Resolver(() => CitedCourse)
export class CitedCourseResolver {
  @FieldResolver(() => Course, { description: "The course as it is now; `version` is the one the agreement cites (see `course.versions`)." })
  async course(@Root() cited: CitedCourse, @Ctx() ctx: Context) {
    // Cited courses were published, so they are public whatever their status now.
    return (await ctx.loaders.courseById.load(cited.courseUuid))!;
  }
}

@Resolver(() => Course)
export class CourseEquivalenceRulesResolver {
  @FieldResolver(() => EquivalenceRuleConnection, {
    description: "Rules naming this course as a source or target, in creation order: those of versions in force, and of pending versions for their parties.",
  })
  equivalenceRules(@Root() course: Course, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(ctx.loaders.equivalenceRulesOfCourse, course.uuid, audienceOf(ctx.viewer), page, idKeyset(), toEquivalenceRule);
  }
}
