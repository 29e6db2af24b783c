import DataLoader from "dataloader";
import { childConnectionLoaders } from "../../graphql/child-connection.js";
import type { Context } from "../../graphql/context.js";
import { loadVisibleLearner } from "../learner/learner.loaders.js";
import type { AchievementService } from "./achievement.service.js";
import type { AchievementRow } from "./achievement.table.js";

export function createAchievementLoaders(service: AchievementService) {
  return {
    achievementById: new DataLoader<string, AchievementRow | null>(async (ids) => {
      const byId = new Map((await service.byIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    achievementsOfLearner: childConnectionLoaders<AchievementRow, null>(
      (row) => row.learnerId,
      (ids, limit, after) => service.pagesOfLearners(ids, limit, after),
      (ids) => service.totalsOfLearners(ids),
    ),
    achievementIsTransferred: new DataLoader<string, boolean>(async (ids) => {
      const transferred = await service.transferredAmong(ids);
      return ids.map((id) => transferred.has(id));
    }),
  };
}

/** An achievement is visible exactly when its learner is. */
export async function loadVisibleAchievement(ctx: Context, id: string): Promise<AchievementRow | null> {
  const achievement = await ctx.loaders.achievementById.load(id);
  return achievement && (await loadVisibleLearner(ctx, achievement.learnerId)) ? achievement : null;
}
