import DataLoader from "dataloader";
import type { GradeScaleService } from "./grade-scale.service.js";
import type { GradeScaleRow } from "./grade-scale.table.js";

export function createGradeScaleLoaders(service: GradeScaleService) {
  return {
    /** Undefined when the organization uses the default scale. */
    gradeScaleRowByOrganization: new DataLoader<string, GradeScaleRow | undefined>(async (organizationIds) => {
      const byOrganization = new Map((await service.byOrganizations(organizationIds)).map((row) => [row.organizationId, row]));
      return organizationIds.map((id) => byOrganization.get(id));
    }),
  };
}
