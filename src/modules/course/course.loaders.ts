import DataLoader from "dataloader";
import { childConnectionLoaders } from "../../graphql/child-connection.js";
import type { Context } from "../../graphql/context.js";
import { audienceOf, isVisible } from "./catalog-search.js";
import type { CourseListScope, CourseService, CourseVersionRow } from "./course.service.js";
import type { CourseRow } from "./course.table.js";
import { toCourse, type Course } from "./course.type.js";

/** Per-request batching: a page of 100 packages loads its items' courses in one statement. */
export function createCourseLoaders(service: CourseService) {
  return {
    courseById: new DataLoader<string, Course | null>(async (ids) => {
      const rows = await service.byIds(ids);
      const byId = new Map(rows.map((row) => [row.id, toCourse(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    coursesOfOrganization: childConnectionLoaders<CourseRow, CourseListScope>(
      (row) => row.organizationId,
      (ids, limit, after, scope) => service.pagesOfOrganizations(ids, limit, after, scope),
      (ids, scope) => service.totalsOfOrganizations(ids, scope),
    ),
    versionsOfCourse: childConnectionLoaders<CourseVersionRow, null>(
      (row) => row.courseId,
      (ids, limit, after) => service.versionPages(ids, limit, after),
      (ids) => service.versionTotals(ids),
    ),
  };
}

/** `node(id)` for a course: null when it does not exist or is a draft the caller may not see. */
export async function visibleCourse(id: string, ctx: Context): Promise<Course | null> {
  const course = await ctx.loaders.courseById.load(id);
  return course && isVisible(audienceOf(ctx.viewer), course) ? course : null;
}
