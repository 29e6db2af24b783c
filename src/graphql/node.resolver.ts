import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context.js";
import { decodeGlobalId, type NodeType } from "./global-id.js";
import { badUserInput } from "./errors.js";
import { Node } from "./node.js";
import { visibleCourse } from "../modules/course/course.loaders.js";
import { visibleCoursePackage } from "../modules/course-package/course-package.loaders.js";
import { loadVisibleLearner } from "../modules/learner/learner.loaders.js";
import { toLearner } from "../modules/learner/learner.type.js";
import { loadVisibleAchievement } from "../modules/achievement/achievement.loaders.js";
import { toAchievement } from "../modules/achievement/achievement.type.js";
import { visibleAgreement, visibleEquivalenceRule } from "../modules/agreement/agreement.loaders.js";
import { loadVisibleAppeal, loadVisibleTransfer } from "../modules/transfer/transfer.loaders.js";
import { toCreditTransfer, toTransferAppeal } from "../modules/transfer/transfer.type.js";

const MAX_NODES = 100;

type Fetcher = (id: string, ctx: Context) => Promise<object | null>;

/** How `node(id)` finds each type; visibility rules live in the loaders they call. */
const FETCHERS: Partial<Record<NodeType, Fetcher>> = {
  Organization: (id, ctx) => ctx.loaders.organizationById.load(id),
  Course: visibleCourse,
  Agreement: visibleAgreement,
  EquivalenceRule: visibleEquivalenceRule,
  CoursePackage: visibleCoursePackage,
  Learner: async (id, ctx) => {
    const learner = await loadVisibleLearner(ctx, id);
    return learner && toLearner(learner);
  },
  Achievement: async (id, ctx) => {
    const achievement = await loadVisibleAchievement(ctx, id);
    return achievement && toAchievement(achievement);
  },
  LedgerEntry: (id, ctx) => ctx.services.ledger.entry(ctx.viewer, id),
  CreditTransfer: async (id, ctx) => {
    const transfer = await loadVisibleTransfer(ctx, id);
    return transfer && toCreditTransfer(transfer);
  },
  TransferAppeal: async (id, ctx) => {
    const appeal = await loadVisibleAppeal(ctx, id);
    return appeal && toTransferAppeal(appeal);
  },
};

async function fetchNode(globalId: string, ctx: Context): Promise<object | null> {
  const decoded = decodeGlobalId(globalId);
  const fetcher = decoded ? FETCHERS[decoded.type as NodeType] : undefined;
  if (!decoded || !fetcher) throw badUserInput(`"${String(globalId).slice(0, 40)}" is not a valid ID`);
  return fetcher(decoded.id, ctx);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any entity by its global ID; null when it does not exist or is not visible to the caller." })
  node(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return fetchNode(id, ctx);
  }

  @Query(() => [Node], { nullable: "items", description: `Up to ${MAX_NODES} entities by global ID, in the order asked.` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_NODES) throw badUserInput(`Argument "ids" takes at most ${MAX_NODES} IDs`);
    return Promise.all(ids.map((id) => fetchNode(id, ctx)));
  }
}
