import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { runMutation } from "../../graphql/mutation.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { LearnerConsentGrantInput, LearnerConsentRevokeInput, LearnerLinkInput, LearnerRegisterInput } from "./learner.input.js";
import { LearnerConsentGrantPayload, LearnerConsentRevokePayload, LearnerLinkPayload, LearnerRegisterPayload } from "./learner.payload.js";
import { isVisibleLearner } from "./learner.loaders.js";
import type { ConsentChange } from "./learner.service.js";
import type { LearnerConsentRow } from "./learner.table.js";
import { Learner, LearnerBalance, LearnerConsent, toLearner } from "./learner.type.js";

function toConsent(ctx: Context, row: LearnerConsentRow): LearnerConsent {
  return { organization: ctx.loaders.organizationById.load(row.organizationId), grantedAt: row.grantedAt, revokedAt: row.revokedAt };
}

function consentPayload(ctx: Context, change: ConsentChange) {
  return { learner: toLearner(change.learner), consent: toConsent(ctx, change.consent), replayed: change.replayed };
}

@Resolver(() => Learner)
export class LearnerResolver {
  @Query(() => Learner, { nullable: true, description: "A learner by an organization's reference; null when unknown or not visible to the caller." })
  async learner(@Arg("organizationId", () => ID) organizationId: string, @Arg("externalRef") externalRef: string, @Ctx() ctx: Context) {
    const row = await ctx.services.learners.byReference(parseArgumentId(organizationId, "Organization", "organizationId"), externalRef);
    return row && (await isVisibleLearner(ctx, row)) ? toLearner(row) : null;
  }

  @Mutation(() => LearnerRegisterPayload, { description: "Registers a learner under an organization's own reference. Registrar or provider of that organization, or admin." })
  learnerRegister(@Arg("input") input: LearnerRegisterInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { learner, replayed } = await ctx.services.learners.register(ctx.viewer, input);
      return { learner: toLearner(learner), replayed };
    });
  }

  @Mutation(() => LearnerLinkPayload, { description: "Links two organizations' records of one person. Registrar or provider of one of them (the other must consent to it), or admin." })
  learnerLink(@Arg("input") input: LearnerLinkInput, @Ctx() ctx: Context) {
    return runMutation(async () => {
      const { learner, replayed } = await ctx.services.learners.link(ctx.viewer, input);
      return { learner: toLearner(learner), replayed };
    });
  }

  @Mutation(() => LearnerConsentGrantPayload, { description: "Lets an organization read the caller's record. Learner token only; journaled." })
  learnerConsentGrant(@Arg("input") input: LearnerConsentGrantInput, @Ctx() ctx: Context) {
    return runMutation(async () => consentPayload(ctx, await ctx.services.learners.grantConsent(ctx.viewer, input)));
  }

  @Mutation(() => LearnerConsentRevokePayload, { description: "Withdraws an organization's access to the caller's record. Learner token only; journaled." })
  learnerConsentRevoke(@Arg("input") input: LearnerConsentRevokeInput, @Ctx() ctx: Context) {
    return runMutation(async () => consentPayload(ctx, await ctx.services.learners.revokeConsent(ctx.viewer, input)));
  }

  @FieldResolver(() => OrganizationModel)
  organization(@Root() learner: Learner, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(learner.organizationUuid);
  }

  @FieldResolver(() => [Learner], { description: "The same person's records at other organizations that the caller may read." })
  async linkedLearners(@Root() learner: Learner, @Ctx() ctx: Context) {
    const others = (await ctx.loaders.learnersByPerson.load(learner.personUuid)).filter((row) => row.id !== learner.uuid);
    const visible = await Promise.all(others.map((row) => isVisibleLearner(ctx, row)));
    return others.filter((_, i) => visible[i]).map(toLearner);
  }

  @FieldResolver(() => [LearnerConsent], {
    description: "Consents, revoked ones included, oldest first. Another organization sees only its own consents.",
  })
  async consents(@Root() learner: Learner, @Ctx() ctx: Context) {
    const rows = await ctx.loaders.consentsByLearner.load(learner.uuid);
    const viewerOrganization = ctx.viewer.actor?.organizationId ?? null;
    const seesAll = viewerOrganization === null || viewerOrganization === learner.organizationUuid;
    return rows.filter((row) => seesAll || row.organizationId === viewerOrganization).map((row) => toConsent(ctx, row));
  }

  @FieldResolver(() => [LearnerBalance], { description: "What the learner holds per organization and unit, from the ledger; by organization, then unit." })
  async balances(@Root() learner: Learner, @Ctx() ctx: Context): Promise<LearnerBalance[]> {
    const rows = await ctx.loaders.balancesByLearner.load(learner.uuid);
    return [...rows]
      .sort((a, b) => a.organizationId.localeCompare(b.organizationId) || a.unit.localeCompare(b.unit))
      .map((row) => ({ organization: ctx.loaders.organizationById.load(row.organizationId), unit: row.unit, amount: row.amount }));
  }
}
