import { count } from "drizzle-orm";
import type { RunningServer } from "../http/server.js";
import { organizations } from "../modules/organization/organization.table.js";
import { todayInChina } from "../modules/agreement/agreement-lifecycle.js";
import { seedDemo, type DemoSummary } from "./demo.js";

/** Seeds the demo only into an empty database: a restart never duplicates it or touches real data. */
export async function seedIfEmpty(server: RunningServer): Promise<DemoSummary | null> {
  const [{ total }] = await server.database.db.select({ total: count() }).from(organizations);
  if (total > 0) return null;
  server.logger.info("empty database: loading the demo (SEED=none to skip)");
  return seedDemo(server.executeAs, server.logger, todayInChina());
}
