import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { visibleAgreement } from "../agreement/agreement.loaders.js";
import { Agreement } from "../agreement/agreement.type.js";
import { visibleCourse } from "../course/course.loaders.js";
import { Course, IndustryFieldEnum, type IndustryField } from "../course/course.type.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { RecognitionGroupByEnum, RecognitionStatisticsFilter, type RecognitionGroupBy } from "./resolution.input.js";
import type { StatisticsGroup } from "./recognition-statistics.service.js";
import { CourseRecognitionCount, RecognitionStatistics, RecognitionStatisticsGroup } from "./recognition-statistics.type.js";

function toGroup(group: StatisticsGroup, groupBy: RecognitionGroupBy | null): RecognitionStatisticsGroup {
  return Object.assign(new RecognitionStatisticsGroup(), {
    ...group,
    groupBy,
    topCourses: group.topCourses.map((course) => Object.assign(new CourseRecognitionCount(), course)),
  });
}

@Resolver()
export class RecognitionStatisticsResolver {
  @Query(() => RecognitionStatistics, { description: "Transfers by outcome, credits granted, denial reasons and most-recognised courses, grouped. Public." })
  async recognitionStatistics(
    @Arg("groupBy", () => RecognitionGroupByEnum) groupBy: RecognitionGroupBy,
    @Arg("filter", () => RecognitionStatisticsFilter, { nullable: true }) filter: RecognitionStatisticsFilter | null,
    @Ctx() ctx: Context,
  ): Promise<RecognitionStatistics> {
    const { groups, total } = await ctx.services.recognitionStatistics.statistics(filter, groupBy);
    return { groupBy, groups: groups.map((group) => toGroup(group, groupBy)), total: toGroup(total, null) };
  }
}

@Resolver(() => RecognitionStatisticsGroup)
export class RecognitionStatisticsGroupResolver {
  @FieldResolver(() => String, { nullable: true, description: "MONTH: the month, YYYY-MM." })
  month(@Root() group: RecognitionStatisticsGroup) {
    return group.groupBy === "MONTH" ? group.key : null;
  }

  @FieldResolver(() => IndustryFieldEnum, { nullable: true, description: "FIELD: the industry field." })
  field(@Root() group: RecognitionStatisticsGroup): IndustryField | null {
    return group.groupBy === "FIELD" ? (group.key as IndustryField) : null;
  }

  @FieldResolver(() => OrganizationModel, { nullable: true, description: "ORGANIZATION: the receiving organization." })
  organization(@Root() group: RecognitionStatisticsGroup, @Ctx() ctx: Context) {
    return group.groupBy === "ORGANIZATION" && group.key ? ctx.loaders.organizationById.load(group.key) : null;
  }

  @FieldResolver(() => Agreement, { nullable: true, description: "AGREEMENT: the agreement; null for decisions no agreement covered." })
  agreement(@Root() group: RecognitionStatisticsGroup, @Ctx() ctx: Context) {
    return group.groupBy === "AGREEMENT" && group.key ? visibleAgreement(group.key, ctx) : null;
  }
}

@Resolver(() => CourseRecognitionCount)
export class CourseRecognitionCountResolver {
  // Only published courses take achievements, so a course here is public.
  @FieldResolver(() => Course)
  async course(@Root() count: CourseRecognitionCount, @Ctx() ctx: Context) {
    return (await visibleCourse(count.courseUuid, ctx))!;
  }
}
