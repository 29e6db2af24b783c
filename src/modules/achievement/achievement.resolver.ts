import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { Course } from "../course/course.type.js";
import { LedgerEntry } from "../ledger/ledger.type.js";
import { Learner, toLearner } from "../learner/learner.type.js";
import { AchievementRecordInput, AchievementsRecordInput } from "./achievement.input.js";
import { AchievementRecordPayload, AchievementsRecordPayload } from "./achievement.payload.js";
import { Achievement, AchievementConnection, toAchievement } from "./achievement.type.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Resolver(() => Achievement)
export class AchievementResolver {
  @Mutation(() => AchievementRecordPayload, {
    description: "Records that a learner completed a course, crediting its hours (and credits) to the learner's account at the course's organization. Registrar or provider of the course's organization, or admin.",
  })
  achievementRecord(@Arg("input") input: AchievementRecordInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { achievements, replayed } = await ctx.services.achievements.record(ctx.viewer, input);
      return { achievement: toAchievement(achievements[0]), replayed };
    });
  }

  @Mutation(() => AchievementsRecordPayload, { description: "Records up to 1,000 achievements in one transaction, all or nothing; every refused item is reported at its path." })
  achievementsRecord(@Arg("input") input: AchievementsRecordInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { achievements, replayed } = await ctx.services.achievements.recordMany(ctx.viewer, input.items);
      return { achievements: achievements.map(toAchievement), replayed };
    });
  }

  // Whoever sees an achievement may read its learner, so no second visibility check.
  @FieldResolver(() => Learner)
  async learner(@Root() achievement: Achievement, @Ctx() ctx: Context) {
    return toLearner((await ctx.loaders.learnerById.load(achievement.learnerUuid))!);
  }

  @FieldResolver(() => OrganizationModel, { description: "The course's organization, which recorded the achievement." })
  organization(@Root() achievement: Achievement, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(achievement.organizationUuid);
  }

  @FieldResolver(() => Course, { description: "The course as it is now; `courseVersion` says which version the learner took." })
  course(@Root() achievement: Achievement, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(achievement.courseUuid);
  }

  @FieldResolver(() => Boolean, { description: "Whether a credit transfer currently holds this achievement's value (it can be transferred once)." })
  isTransferred(@Root() achievement: Achievement, @Ctx() ctx: Context) {
    return ctx.loaders.achievementIsTransferred.load(achievement.uuid);
  }

  @FieldResolver(() => LedgerEntry, { nullable: true, description: "The ACHIEVEMENT_RECORDED journal entry; null when the caller may not read the journal entry." })
  ledgerEntry(@Root() achievement: Achievement, @Ctx() ctx: Context) {
    return ctx.services.ledger.entry(ctx.viewer, achievement.ledgerEntryUuid);
  }
}

@Resolver(() => Learner)
export class LearnerAchievementsResolver {
  @FieldResolver(() => AchievementConnection, { description: "The learner's achievements, in recording order." })
  achievements(@Root() learner: Learner, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return loadChildConnection(
      ctx.loaders.achievementsOfLearner,
      learner.uuid,
      null,
      page,
      { length: 1, keyOf: (row) => [row.id], isValid: (key) => typeof key[0] === "string" && UUID.test(key[0]) },
      toAchievement,
    );
  }
}
