import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { audienceOf, type CatalogOrder } from "./catalog-search.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { CatalogOrderEnum, CatalogStatusEnum, Course, toCourse, toCourseVersion } from "./course.type.js";
import { CourseCreateInput, CourseFilter, CoursePublishInput, CourseRetireInput, CourseUpdateInput, type CourseLifecycleInput } from "./course.input.js";
import type { CourseStatus } from "./course.table.js";
import {
  CourseConnection,
  CourseCreatePayload,
  CoursePublishPayload,
  CourseRetirePayload,
  CourseUpdatePayload,
  CourseVersionConnection,
} from "./course.payload.js";

const WRITERS = ["admin", "registrar", "provider"] as const;

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => CourseConnection, {
    description: "Searches courses. Public; drafts appear only to their organization and admins. With `text`, ranked by relevance.",
  })
  courses(
    @Args() page: PageArgs,
    @Arg("filter", () => CourseFilter, { nullable: true }) filter: CourseFilter | null,
    @Arg("orderBy", () => CatalogOrderEnum, { nullable: true }) orderBy: CatalogOrder | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.courses.search(ctx.viewer, page, filter, orderBy);
  }

  @Mutation(() => CourseCreatePayload, { description: "Creates a draft course. Registrars and providers of the organization, or admins." })
  courseCreate(@Arg("input") input: CourseCreateInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.courses.create(ctx.viewer, input));
  }

  @Mutation(() => CourseUpdatePayload, { description: "Edits a draft in place, or a published course as its next version." })
  courseUpdate(@Arg("input") input: CourseUpdateInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.courses.update(ctx.viewer, input));
  }

  @Mutation(() => CoursePublishPayload, { description: "Publishes a draft course and freezes its version." })
  coursePublish(@Arg("input", () => CoursePublishInput) input: CourseLifecycleInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.courses.publish(ctx.viewer, input));
  }

  @Mutation(() => CourseRetirePayload, { description: "Retires a published course; it stays readable." })
  courseRetire(@Arg("input", () => CourseRetireInput) input: CourseLifecycleInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.courses.retire(ctx.viewer, input));
  }

  @FieldResolver(() => OrganizationModel)
  async organization(@Root() course: Course, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(course.organizationId))!;
  }

  @FieldResolver(() => CourseVersionConnection, { description: "Every published version, oldest first." })
  versions(@Root() course: Course, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(
      ctx.loaders.versionsOfCourse,
      course.uuid,
      null,
      page,
      { length: 1, keyOf: (row) => [row.version], isValid: (key) => Number.isInteger(key[0]) },
      toCourseVersion,
    );
  }
}

@Resolver(() => OrganizationModel)
export class OrganizationCoursesResolver {
  @FieldResolver(() => CourseConnection, { description: "The organization's courses in creation order; drafts only for the organization itself and admins." })
  courses(
    @Root() organization: OrganizationModel,
    @Args() page: PageArgs,
    @Arg("status", () => [CatalogStatusEnum], { nullable: true, description: "Default: DRAFT and PUBLISHED." }) status: CourseStatus[] | null,
    @Ctx() ctx: Context,
  ) {
    const scope = { audience: audienceOf(ctx.viewer), statuses: status };
    return loadChildConnection(ctx.loaders.coursesOfOrganization, organization.uuid, scope, page, idKeyset(), toCourse);
  }
}
