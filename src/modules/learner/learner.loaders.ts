import DataLoader from "dataloader";
import type { Context } from "../../graphql/context.js";
import { mayReadLearner } from "./learner-access.js";
import type { LearnerBalanceRow, LearnerService } from "./learner.service.js";
import type { LearnerConsentRow, LearnerRow } from "./learner.table.js";

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

/** Per-request batching of learner reads; visibility is applied by `loadVisibleLearner`, not here. */
export function createLearnerLoaders(service: LearnerService) {
  return {
    learnerById: new DataLoader<string, LearnerRow | null>(async (ids) => {
      const byId = new Map((await service.byIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    learnersByPerson: new DataLoader<string, LearnerRow[]>(async (personIds) => {
      const groups = groupBy(await service.byPersons(personIds), (row) => row.personId);
      return personIds.map((id) => groups.get(id) ?? []);
    }),
    consentsByLearner: new DataLoader<string, LearnerConsentRow[]>(async (learnerIds) => {
      const groups = groupBy(await service.consentsOf(learnerIds), (row) => row.learnerId);
      return learnerIds.map((id) => groups.get(id) ?? []);
    }),
    balancesByLearner: new DataLoader<string, LearnerBalanceRow[]>(async (learnerIds) => {
      const groups = groupBy(await service.balancesOf(learnerIds), (row) => row.learnerId);
      return learnerIds.map((id) => groups.get(id) ?? []);
    }),
  };
}

/** Whether the caller may read this learner; consents are loaded only when the answer depends on them. */
export async function isVisibleLearner(ctx: Context, learner: LearnerRow): Promise<boolean> {
  const actor = ctx.viewer.actor;
  if (!actor?.organizationId || actor.organizationId === learner.organizationId) return mayReadLearner(actor, learner, new Set());
  const consents = await ctx.loaders.consentsByLearner.load(learner.id);
  return mayReadLearner(actor, learner, new Set(consents.filter((consent) => consent.revokedAt === null).map((consent) => consent.organizationId)));
}

/** The learner, or null when it does not exist or the caller may not read it. */
export async function loadVisibleLearner(ctx: Context, id: string): Promise<LearnerRow | null> {
  const learner = await ctx.loaders.learnerById.load(id);
  return learner && (await isVisibleLearner(ctx, learner)) ? learner : null;
}
