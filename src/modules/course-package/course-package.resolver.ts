import { Arg, Args, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { runMutation } from "../../graphql/mutation.js";
import { DecimalScalar } from "../../graphql/scalars.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { parseAmount } from "../ledger/amount.js";
import { audienceOf, type CatalogOrder } from "../course/catalog-search.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { practiceRatio } from "../course/course-validation.js";
import { CatalogOrderEnum, CatalogStatusEnum, Course, Hours, hoursOf } from "../course/course.type.js";
import type { CourseStatus } from "../course/course.table.js";
import { sumHours, type HoursInHundredths } from "./course-package-validation.js";
import { CoursePackage, CoursePackageItem, toCoursePackage, toCoursePackageItem } from "./course-package.type.js";
import {
  CoursePackageCreateInput,
  CoursePackageFilter,
  CoursePackagePublishInput,
  CoursePackageRetireInput,
  CoursePackageReviseInput,
  CoursePackageUpdateInput,
  type CoursePackageLifecycleInput,
} from "./course-package.input.js";
import {
  CoursePackageConnection,
  CoursePackageCreatePayload,
  CoursePackagePublishPayload,
  CoursePackageRetirePayload,
  CoursePackageRevisePayload,
  CoursePackageUpdatePayload,
} from "./course-package.payload.js";

const WRITERS = ["admin", "registrar", "provider"] as const;

/** A published version's hours were frozen with it; a draft's follow its courses as they are now. */
async function hoursOfPackage(coursePackage: CoursePackage, ctx: Context): Promise<HoursInHundredths> {
  const items = await ctx.loaders.itemsOfCoursePackage.load(coursePackage.uuid);
  const hours = await Promise.all(
    items.map(async (item) => {
      if (item.lectureHours !== null && item.practiceHours !== null) return { lecture: parseAmount(item.lectureHours), practice: parseAmount(item.practiceHours) };
      const course = (await ctx.loaders.courseById.load(item.courseId))!;
      return { lecture: parseAmount(course.hours.lecture), practice: parseAmount(course.hours.practice) };
    }),
  );
  return sumHours(hours);
}

@Resolver(() => CoursePackage)
export class CoursePackageResolver {
  @Query(() => CoursePackageConnection, {
    description: "Searches course packages (every version). Public; drafts appear only to their organization and admins. With `text`, ranked by relevance.",
  })
  coursePackages(
    @Args() page: PageArgs,
    @Arg("filter", () => CoursePackageFilter, { nullable: true }) filter: CoursePackageFilter | null,
    @Arg("orderBy", () => CatalogOrderEnum, { nullable: true }) orderBy: CatalogOrder | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.coursePackages.search(ctx.viewer, page, filter, orderBy);
  }

  @Mutation(() => CoursePackageCreatePayload, { description: "Creates version 1 of a package as a draft, for a training provider." })
  coursePackageCreate(@Arg("input") input: CoursePackageCreateInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.coursePackages.create(ctx.viewer, input));
  }

  @Mutation(() => CoursePackageUpdatePayload, { description: "Changes a draft version." })
  coursePackageUpdate(@Arg("input") input: CoursePackageUpdateInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.coursePackages.update(ctx.viewer, input));
  }

  @Mutation(() => CoursePackagePublishPayload, { description: "Publishes a draft version; the previously published version is retired." })
  coursePackagePublish(@Arg("input", () => CoursePackagePublishInput) input: CoursePackageLifecycleInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.coursePackages.publish(ctx.viewer, input));
  }

  @Mutation(() => CoursePackageRevisePayload, { description: "Starts the next version of a published package as a draft; returns the draft." })
  coursePackageRevise(@Arg("input", () => CoursePackageReviseInput) input: CoursePackageLifecycleInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.coursePackages.revise(ctx.viewer, input));
  }

  @Mutation(() => CoursePackageRetirePayload, { description: "Retires a published version; it stays readable." })
  coursePackageRetire(@Arg("input", () => CoursePackageRetireInput) input: CoursePackageLifecycleInput, @Ctx() ctx: Context) {
    ctx.viewer.requireRole(...WRITERS);
    return runMutation(() => ctx.services.coursePackages.retire(ctx.viewer, input));
  }

  @FieldResolver(() => OrganizationModel)
  async organization(@Root() coursePackage: CoursePackage, @Ctx() ctx: Context) {
    return (await ctx.loaders.organizationById.load(coursePackage.organizationId))!;
  }

  @FieldResolver(() => [CoursePackageItem], { description: "The courses, in order (at most 100)." })
  async items(@Root() coursePackage: CoursePackage, @Ctx() ctx: Context) {
    return (await ctx.loaders.itemsOfCoursePackage.load(coursePackage.uuid)).map(toCoursePackageItem);
  }

  @FieldResolver(() => Hours, { description: "Hours of all items, required and elective." })
  async hours(@Root() coursePackage: CoursePackage, @Ctx() ctx: Context) {
    const { lecture, practice } = await hoursOfPackage(coursePackage, ctx);
    return hoursOf(lecture, practice);
  }

  @FieldResolver(() => DecimalScalar, { description: "Same as `hours.total`." })
  async totalHours(@Root() coursePackage: CoursePackage, @Ctx() ctx: Context) {
    const { lecture, practice } = await hoursOfPackage(coursePackage, ctx);
    return hoursOf(lecture, practice).total;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Practice hours as a share of all hours, 0–1; null for an empty package." })
  async practiceRatio(@Root() coursePackage: CoursePackage, @Ctx() ctx: Context) {
    const { lecture, practice } = await hoursOfPackage(coursePackage, ctx);
    return practiceRatio(lecture, practice);
  }

  @FieldResolver(() => CoursePackageConnection, { description: "Every version of this package the caller may see, oldest first." })
  versions(@Root() coursePackage: CoursePackage, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(
      ctx.loaders.versionsOfCoursePackage,
      coursePackage.lineageId,
      audienceOf(ctx.viewer),
      page,
      { length: 1, keyOf: (row) => [row.version], isValid: (key) => Number.isInteger(key[0]) },
      toCoursePackage,
    );
  }
}

@Resolver(() => CoursePackageItem)
export class CoursePackageItemResolver {
  @FieldResolver(() => Course, { description: "The course as it is now; `courseVersion` names the version a published package froze." })
  async course(@Root() item: CoursePackageItem, @Ctx() ctx: Context) {
    return (await ctx.loaders.courseById.load(item.courseId))!;
  }
}

@Resolver(() => Course)
export class CoursePackagesOfCourseResolver {
  @FieldResolver(() => CoursePackageConnection, { description: "The package versions containing this course; by default published ones and visible drafts." })
  packages(@Root() course: Course, @Args() page: PageArgs, @Ctx() ctx: Context) {
    const scope = { audience: audienceOf(ctx.viewer), statuses: null };
    return loadChildConnection(ctx.loaders.coursePackagesOfCourse, course.uuid, scope, page, idKeyset(), toCoursePackage);
  }
}

@Resolver(() => OrganizationModel)
export class OrganizationCoursePackagesResolver {
  @FieldResolver(() => CoursePackageConnection, { description: "The organization's package versions in creation order; drafts only for the organization itself and admins." })
  coursePackages(
    @Root() organization: OrganizationModel,
    @Args() page: PageArgs,
    @Arg("status", () => [CatalogStatusEnum], { nullable: true, description: "Default: DRAFT and PUBLISHED." }) status: CourseStatus[] | null,
    @Ctx() ctx: Context,
  ) {
    const scope = { audience: audienceOf(ctx.viewer), statuses: status };
    return loadChildConnection(ctx.loaders.coursePackagesOfOrganization, organization.uuid, scope, page, idKeyset(), toCoursePackage);
  }
}
