import type { Database } from "../db/database.js";
import type { Logger } from "../http/logger.js";
import type { Viewer } from "../auth/viewer.js";
import { OrganizationService } from "../modules/organization/organization.service.js";
import { createOrganizationLoaders } from "../modules/organization/organization.loaders.js";

/** Long-lived services, one set per server. */
export function createServices(database: Database) {
  return {
    organizations: new OrganizationService(database),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request DataLoaders: batching and caching never outlive one request. */
export function createLoaders(services: Services) {
  return {
    ...createOrganizationLoaders(services.organizations),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  requestId: string;
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  logger: Logger;
}
