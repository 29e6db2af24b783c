import DataLoader from "dataloader";
import { childConnectionLoaders } from "../../graphql/child-connection.js";
import type { Context } from "../../graphql/context.js";
import { loadVisibleLearner } from "../learner/learner.loaders.js";
import type { TransferService } from "./transfer.service.js";
import type { TransferAppealService } from "./transfer-appeal.service.js";
import type { CreditTransferRow, TransferAppealRow } from "./transfer.table.js";

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const pairKey = (pair: { learnerId: string; transferId: string }) => `${pair.learnerId}|${pair.transferId}`;

/** Per-request batching of transfer reads; visibility is applied by `loadVisibleTransfer`, not here. */
export function createTransferLoaders(transfers: TransferService, appeals: TransferAppealService) {
  return {
    creditTransferById: new DataLoader<string, CreditTransferRow | null>(async (ids) => {
      const byId = new Map((await transfers.byIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Scope: null for all of a learner's transfers, or an organization's UUID for the grants in force there (a transcript). */
    transfersOfLearner: childConnectionLoaders<CreditTransferRow, string | null>(
      (row) => row.learnerId,
      (ids, limit, after, effectiveAt) => transfers.pagesOfLearners(ids, limit, after, effectiveAt),
      (ids, effectiveAt) => transfers.totalsOfLearners(ids, effectiveAt),
    ),
    /** Keyed by "learner|organization": credits in force there. */
    transcriptCredits: new DataLoader<string, string>(async (keys) => {
      const pairs = keys.map((key) => key.split("|") as [string, string]);
      const byOrganization = groupBy(pairs, ([, organizationId]) => organizationId);
      const answers = new Map<string, string>();
      for (const [organizationId, group] of byOrganization) {
        const credits = await transfers.creditsAt(group.map(([learnerId]) => learnerId), organizationId);
        for (const [learnerId] of group) answers.set(`${learnerId}|${organizationId}`, credits.get(learnerId) ?? "0.00");
      }
      return keys.map((key) => answers.get(key)!);
    }),
    transferAppealById: new DataLoader<string, TransferAppealRow | null>(async (ids) => {
      const byId = new Map((await appeals.byIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    appealOfTransfer: new DataLoader<{ learnerId: string; transferId: string }, TransferAppealRow | null, string>(
      async (pairs) => {
        const byPair = new Map((await appeals.ofTransfers(pairs)).map((row) => [pairKey({ learnerId: row.learnerId, transferId: row.transferId }), row]));
        return pairs.map((pair) => byPair.get(pairKey(pair)) ?? null);
      },
      { cacheKeyFn: pairKey },
    ),
  };
}

/** A transfer is visible to whoever may read its learner, and to the receiving organization, which recorded it. */
export async function isVisibleTransfer(ctx: Context, transfer: CreditTransferRow): Promise<boolean> {
  const organizationId = ctx.viewer.actor?.organizationId ?? null;
  if (organizationId !== null && organizationId === transfer.targetOrganizationId) return true;
  return (await loadVisibleLearner(ctx, transfer.learnerId)) !== null;
}

export async function loadVisibleTransfer(ctx: Context, id: string): Promise<CreditTransferRow | null> {
  const transfer = await ctx.loaders.creditTransferById.load(id);
  return transfer && (await isVisibleTransfer(ctx, transfer)) ? transfer : null;
}

/** An appeal is visible exactly when its transfer is. */
export async function loadVisibleAppeal(ctx: Context, id: string): Promise<TransferAppealRow | null> {
  const appeal = await ctx.loaders.transferAppealById.load(id);
  return appeal && (await loadVisibleTransfer(ctx, appeal.transferId)) ? appeal : null;
}
