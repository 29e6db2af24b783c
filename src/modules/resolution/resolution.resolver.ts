import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { badUserInput } from "../../graphql/errors.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { formatAmount } from "../ledger/amount.js";
import { todayInChina } from "../agreement/agreement-lifecycle.js";
import { visibleAgreement, visibleEquivalenceRule } from "../agreement/agreement.loaders.js";
import { Agreement, AgreementVersion, EquivalenceRule, toAgreementVersion } from "../agreement/agreement.type.js";
import { visibleCourse } from "../course/course.loaders.js";
import { Course } from "../course/course.type.js";
import { visibleCoursePackage } from "../course-package/course-package.loaders.js";
import { CoursePackage } from "../course-package/course-package.type.js";
import { loadVisibleLearner } from "../learner/learner.loaders.js";
import { Learner, toLearner } from "../learner/learner.type.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { EquivalencesInput, RecommendationsInput, TransferPlanInput } from "./resolution.input.js";
import { readCourseIds } from "./resolution.service.js";
import {
  EquivalenceResult,
  EquivalenceStep,
  OrganizationRecommendation,
  PathwayRecommendation,
  PlannedCompletion,
  Recommendations,
  TransferPlan,
  toEquivalenceResult,
} from "./resolution.type.js";

/** Courses by UUID as the caller may see them (drafts of others never), in the order given. */
async function visibleCourses(ids: string[], ctx: Context): Promise<Course[]> {
  const found = await Promise.all(ids.map((id) => visibleCourse(id, ctx)));
  return found.filter((course): course is Course => course !== null);
}

// Resolution only ever hands out rules of versions in force, and those are public.
const publicAgreement = async (id: string, ctx: Context) => (await visibleAgreement(id, ctx))!;
const publicRule = async (id: string, ctx: Context) => (await visibleEquivalenceRule(id, ctx))!;

@Resolver()
export class ResolutionResolver {
  @Query(() => [EquivalenceResult], {
    description:
      "What a set of completed courses is worth: per target, the best rule in force on `on` (complete first, then most credits, then fewest hops), " +
      "directly or through chains of agreements that allow transitivity. Public.",
  })
  async equivalences(@Arg("input") input: EquivalencesInput, @Ctx() ctx: Context): Promise<EquivalenceResult[]> {
    return (await ctx.services.resolution.equivalences(input)).map(toEquivalenceResult);
  }

  @Query(() => TransferPlan, {
    nullable: true,
    description: "A learner's pathway to one organization: what would be granted now, what is close, the total. Null when the caller may not read the learner.",
  })
  async transferPlan(@Arg("input") input: TransferPlanInput, @Ctx() ctx: Context): Promise<TransferPlan | null> {
    const learnerId = parseArgumentId(input.learnerId, "Learner", "input.learnerId");
    const targetOrganizationId = parseArgumentId(input.targetOrganizationId, "Organization", "input.targetOrganizationId");
    if (!(await ctx.services.learners.canReadLearner(ctx.viewer.actor, learnerId))) return null;
    return ctx.services.transferPlans.plan(learnerId, targetOrganizationId, input.on ?? todayInChina());
  }

  @Query(() => Recommendations, {
    nullable: true,
    description:
      "Ranked, explained advice for a learner (who may read them only) or a set of completed courses (public): courses and packages that complete " +
      "the most credit per additional hour, and organizations where the completed courses count most. Null when the caller may not read the learner.",
  })
  async recommendations(@Arg("input") input: RecommendationsInput, @Ctx() ctx: Context): Promise<Recommendations | null> {
    if ((input.learnerId ? 1 : 0) + (input.courseIds ? 1 : 0) !== 1) throw badUserInput('Argument "input" needs exactly one of learnerId and courseIds');
    let completed: string[];
    if (input.learnerId) {
      const learnerId = parseArgumentId(input.learnerId, "Learner", "input.learnerId");
      if (!(await ctx.services.learners.canReadLearner(ctx.viewer.actor, learnerId))) return null;
      completed = await ctx.services.resolution.completedCoursesOf(learnerId);
    } else {
      completed = readCourseIds(input.courseIds!, "input.courseIds");
    }
    const ranked = await ctx.services.resolution.recommendations(completed, input);
    return Object.assign(new Recommendations(), {
      pathways: ranked.pathways.map((pathway, index) =>
        Object.assign(new PathwayRecommendation(), {
          rank: index + 1,
          kind: pathway.kind,
          score: pathway.score,
          creditsGained: formatAmount(pathway.creditsGained),
          additionalHours: formatAmount(pathway.additionalHours),
          explanation: pathway.explanation,
          courseUuids: pathway.courseIds,
          coursePackageUuid: pathway.coursePackageId,
          equivalences: pathway.completes.map(toEquivalenceResult),
        }),
      ),
      organizations: ranked.organizations.map((organization, index) =>
        Object.assign(new OrganizationRecommendation(), {
          rank: index + 1,
          score: organization.score,
          credits: formatAmount(organization.credits),
          explanation: organization.explanation,
          organizationUuid: organization.organizationId,
          equivalences: organization.counted.map(toEquivalenceResult),
        }),
      ),
    });
  }
}

@Resolver(() => EquivalenceResult)
export class EquivalenceResultResolver {
  @FieldResolver(() => OrganizationModel, { description: "Where the credit lands." })
  async targetOrganization(@Root() equivalence: EquivalenceResult, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(equivalence.targetOrganizationUuid))!;
  }

  @FieldResolver(() => [Course], { description: "The courses recognised; empty for an elective block or a refusal." })
  targetCourses(@Root() equivalence: EquivalenceResult, @Ctx() ctx: Context) {
    return visibleCourses(equivalence.targetCourseUuids, ctx);
  }

  @FieldResolver(() => [Course], { description: "What the completed courses lack: all missing courses of an AND group, all alternatives of an OR group (any one will do)." })
  missingCourses(@Root() equivalence: EquivalenceResult, @Ctx() ctx: Context) {
    return visibleCourses(equivalence.missingCourseUuids, ctx);
  }
}

@Resolver(() => EquivalenceStep)
export class EquivalenceStepResolver {
  @FieldResolver(() => Agreement)
  agreement(@Root() step: EquivalenceStep, @Ctx() ctx: Context) {
    return publicAgreement(step.agreementUuid, ctx);
  }

  @FieldResolver(() => AgreementVersion, { description: "The version in force on the day asked, whose rule this is." })
  async agreementVersion(@Root() step: EquivalenceStep, @Ctx() ctx: Context) {
    const record = (await ctx.loaders.agreementRecordById.load(step.agreementUuid))!;
    return toAgreementVersion(record.versions.find((version) => version.version === step.agreementVersionNumber)!);
  }

  @FieldResolver(() => EquivalenceRule)
  rule(@Root() step: EquivalenceStep, @Ctx() ctx: Context) {
    return publicRule(step.ruleUuid, ctx);
  }

  @FieldResolver(() => [Course], { description: "The courses this step consumed: completed ones, or ones an earlier step produced." })
  fromCourses(@Root() step: EquivalenceStep, @Ctx() ctx: Context) {
    return visibleCourses(step.fromCourseUuids, ctx);
  }

  @FieldResolver(() => [Course], { description: "The courses it produced; empty for an elective block or a refusal." })
  toCourses(@Root() step: EquivalenceStep, @Ctx() ctx: Context) {
    return visibleCourses(step.toCourseUuids, ctx);
  }
}

@Resolver(() => TransferPlan)
export class TransferPlanResolver {
  @FieldResolver(() => Learner)
  async learner(@Root() plan: TransferPlan, @Ctx() ctx: Context) {
    // The plan exists only for a caller who may read the learner.
    return toLearner((await loadVisibleLearner(ctx, plan.learnerUuid))!);
  }

  @FieldResolver(() => OrganizationModel)
  async targetOrganization(@Root() plan: TransferPlan, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(plan.targetOrganizationUuid))!;
  }
}

@Resolver(() => PlannedCompletion)
export class PlannedCompletionResolver {
  @FieldResolver(() => EquivalenceRule)
  rule(@Root() completion: PlannedCompletion, @Ctx() ctx: Context) {
    return publicRule(completion.ruleUuid, ctx);
  }

  @FieldResolver(() => Agreement)
  agreement(@Root() completion: PlannedCompletion, @Ctx() ctx: Context) {
    return publicAgreement(completion.agreementUuid, ctx);
  }

  @FieldResolver(() => [Course], { description: "The one or two courses still to take (published now); `organization` says who offers each." })
  courses(@Root() completion: PlannedCompletion, @Ctx() ctx: Context) {
    return visibleCourses(completion.courseUuids, ctx);
  }
}

@Resolver(() => PathwayRecommendation)
export class PathwayRecommendationResolver {
  @FieldResolver(() => [Course], { description: "The courses to take: one or two, or the package's courses not yet completed." })
  courses(@Root() pathway: PathwayRecommendation, @Ctx() ctx: Context) {
    return visibleCourses(pathway.courseUuids, ctx);
  }

  @FieldResolver(() => CoursePackage, { nullable: true })
  coursePackage(@Root() pathway: PathwayRecommendation, @Ctx() ctx: Context) {
    return pathway.coursePackageUuid === null ? null : visibleCoursePackage(pathway.coursePackageUuid, ctx);
  }
}

@Resolver(() => OrganizationRecommendation)
export class OrganizationRecommendationResolver {
  @FieldResolver(() => OrganizationModel)
  async organization(@Root() recommendation: OrganizationRecommendation, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(recommendation.organizationUuid))!;
  }
}
