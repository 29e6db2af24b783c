import DataLoader from "dataloader";
import { childConnectionLoaders } from "../../graphql/child-connection.js";
import type { Context } from "../../graphql/context.js";
import { audienceOf, isVisible, type Audience } from "../course/catalog-search.js";
import type { CoursePackageService, PackageListScope } from "./course-package.service.js";
import type { CoursePackageItemRow, CoursePackageRow } from "./course-package.table.js";
import { toCoursePackage, type CoursePackage } from "./course-package.type.js";

/** Per-request batching: a page of 100 courses loads the packages containing them in one statement. */
export function createCoursePackageLoaders(service: CoursePackageService) {
  return {
    coursePackageById: new DataLoader<string, CoursePackage | null>(async (ids) => {
      const rows = await service.byIds(ids);
      const byId = new Map(rows.map((row) => [row.id, toCoursePackage(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    itemsOfCoursePackage: new DataLoader<string, CoursePackageItemRow[]>(async (packageIds) => {
      const byPackage = new Map<string, CoursePackageItemRow[]>();
      for (const row of await service.itemsOf(packageIds)) byPackage.set(row.packageId, [...(byPackage.get(row.packageId) ?? []), row]);
      return packageIds.map((id) => byPackage.get(id) ?? []);
    }),
    coursePackagesOfOrganization: childConnectionLoaders<CoursePackageRow, PackageListScope>(
      (row) => row.organizationId,
      (ids, limit, after, scope) => service.pagesOfOrganizations(ids, limit, after, scope),
      (ids, scope) => service.totalsOfOrganizations(ids, scope),
    ),
    coursePackagesOfCourse: childConnectionLoaders<CoursePackageRow & { courseId: string }, PackageListScope>(
      (row) => row.courseId,
      (ids, limit, after, scope) => service.pagesOfCourses(ids, limit, after, scope),
      (ids, scope) => service.totalsOfCourses(ids, scope),
    ),
    versionsOfCoursePackage: childConnectionLoaders<CoursePackageRow, Audience>(
      (row) => row.lineageId,
      (ids, limit, after, audience) => service.versionPages(ids, limit, after, audience),
      (ids, audience) => service.versionTotals(ids, audience),
    ),
  };
}

/** `node(id)` for a package version: null when it does not exist or is a draft the caller may not see. */
export async function visibleCoursePackage(id: string, ctx: Context): Promise<CoursePackage | null> {
  const coursePackage = await ctx.loaders.coursePackageById.load(id);
  return coursePackage && isVisible(audienceOf(ctx.viewer), coursePackage) ? coursePackage : null;
}
