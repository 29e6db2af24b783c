import DataLoader from "dataloader";
import type { OrganizationService } from "./organization.service.js";
import { toOrganization, type OrganizationModel } from "./organization.type.js";

/** Per-request batching: a page of 100 courses loads their organizations in one statement. */
export function createOrganizationLoaders(service: OrganizationService) {
  return {
    organizationById: new DataLoader<string, OrganizationModel | null>(async (ids) => {
      const rows = await service.byIds(ids);
      const byId = new Map(rows.map((row) => [row.id, toOrganization(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
