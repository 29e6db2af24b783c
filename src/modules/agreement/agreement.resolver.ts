import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { loadChildConnection } from "../../graphql/child-connection.js";
import { runMutation } from "../../graphql/mutation.js";
import { DateScalar } from "../../graphql/scalars.js";
import { idKeyset } from "../../graphql/child-connection.js";
import { OrganizationModel } from "../organization/organization.type.js";
import { todayInChina, versionInForceOn } from "./agreement-lifecycle.js";
import { audienceOf, seesPending, versionKeyOf } from "./agreement.service.js";
import {
  AgreementAmendInput,
  AgreementApproveInput,
  AgreementFilter,
  AgreementProposeInput,
  AgreementResumeInput,
  AgreementSuspendInput,
  AgreementTerminateInput,
} from "./agreement.input.js";
import {
  AgreementAmendPayload,
  AgreementApprovePayload,
  AgreementConnection,
  AgreementProposePayload,
  AgreementResumePayload,
  AgreementSuspendPayload,
  AgreementTerminatePayload,
  EquivalenceRuleConnection,
} from "./agreement.payload.js";
import {
  Agreement,
  AgreementParty,
  AgreementSuspension,
  AgreementTermination,
  AgreementVersion,
  presentAgreement,
  toEquivalenceRule,
} from "./agreement.type.js";

/** Only the parties' own staff negotiate: admins register organizations, they do not sign for them. */
const NEGOTIATORS = ["registrar", "provider"] as const;

const POSITION_KEYSET = {
  length: 1,
  keyOf: (row: { position: number }) => [row.position],
  isValid: (key: (string | number)[]) => Number.isInteger(key[0]),
};

/** A version's parties, its rules and its canonical text: shared by `Agreement` (for the version shown) and `AgreementVersion`. */
const versionFields = {
  parties: async (agreementUuid: string, version: number, ctx: Context): Promise<AgreementParty[]> => {
    const rows = await ctx.loaders.agreementPartiesOfVersion.load(versionKeyOf(agreementUuid, version));
    return rows.map((row) => ({ organizationUuid: row.organizationId, role: row.role, approvedAt: row.approvedAt, approvedBy: row.approvedBy, approvedHash: row.approvedHash }));
  },
  rules: (agreementUuid: string, version: number, page: PageArgs, ctx: Context) =>
    loadChildConnection(ctx.loaders.rulesOfAgreementVersion, versionKeyOf(agreementUuid, version), null, page, POSITION_KEYSET, toEquivalenceRule),
  canonicalTerms: (agreementUuid: string, version: number, ctx: Context) => ctx.loaders.agreementCanonicalTerms.load(versionKeyOf(agreementUuid, version)),
};

/** The version of `agreement` that applies to something dated `date`. */
function versionOn(agreement: Agreement, date: string): AgreementVersion | null {
  return versionInForceOn({ state: agreement.row.state, inForce: agreement.inForce, terminationEffectiveOn: agreement.row.terminationEffectiveOn }, date);
}

@Resolver(() => Agreement)
export class AgreementResolver {
  @Query(() => AgreementConnection, {
    description: "Recognition agreements, oldest first. Public: agreements approved by every party; their parties also see the rest.",
  })
  agreements(@Args() page: PageArgs, @Arg("filter", () => AgreementFilter, { nullable: true }) filter: AgreementFilter | null, @Ctx() ctx: Context) {
    return ctx.services.agreements.list(audienceOf(ctx.viewer), page, filter);
  }

  @Mutation(() => AgreementProposePayload, { description: "Proposes an agreement (version 1, PROPOSED). A registrar or provider of one of the parties." })
  agreementPropose(@Arg("input") input: AgreementProposeInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.propose(actor, input));
  }

  @Mutation(() => AgreementAmendPayload, { description: "Proposes the next version; the version in force stays in force until every party approves it. Parties only." })
  agreementAmend(@Arg("input") input: AgreementAmendInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.amend(actor, input));
  }

  @Mutation(() => AgreementApprovePayload, { description: "Approves the latest version's terms hash for the caller's own organization. Parties only." })
  agreementApprove(@Arg("input") input: AgreementApproveInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.approve(actor, input));
  }

  @Mutation(() => AgreementSuspendPayload, { description: "Pauses recognition under an active agreement. Parties only." })
  agreementSuspend(@Arg("input") input: AgreementSuspendInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.suspend(actor, input));
  }

  @Mutation(() => AgreementResumePayload, { description: "Lifts a suspension. Only the party that suspended." })
  agreementResume(@Arg("input") input: AgreementResumeInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.resume(actor, input));
  }

  @Mutation(() => AgreementTerminatePayload, { description: "Ends the agreement from `effectiveOn`. Parties only; final." })
  agreementTerminate(@Arg("input") input: AgreementTerminateInput, @Ctx() ctx: Context) {
    const actor = ctx.viewer.requireRole(...NEGOTIATORS);
    return runMutation(() => ctx.services.agreements.terminate(actor, input));
  }

  @FieldResolver(() => [AgreementParty], { description: "Every party with its approval of the version shown." })
  parties(@Root() agreement: Agreement, @Ctx() ctx: Context) {
    return versionFields.parties(agreement.uuid, agreement.version, ctx);
  }

  @FieldResolver(() => EquivalenceRuleConnection, { description: "The rules of the version shown, in canonical order." })
  rules(@Root() agreement: Agreement, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return versionFields.rules(agreement.uuid, agreement.version, page, ctx);
  }

  @FieldResolver(() => String, { description: "The exact text `termsHash` hashes (RFC 8785 canonical JSON): recompute SHA-256 over it to check the hash." })
  canonicalTerms(@Root() agreement: Agreement, @Ctx() ctx: Context) {
    return versionFields.canonicalTerms(agreement.uuid, agreement.version, ctx);
  }

  @FieldResolver(() => [AgreementVersion], { description: "Version history, oldest first: approved versions for everyone, pending and withdrawn ones for the parties." })
  versions(@Root() agreement: Agreement) {
    return agreement.visibleVersions;
  }

  @FieldResolver(() => AgreementVersion, { nullable: true, description: "The latest version approved by every party; may be older than `version` while an amendment is pending." })
  inForceVersion(@Root() agreement: Agreement) {
    return agreement.inForce;
  }

  @FieldResolver(() => Boolean, { description: "Whether a version applies today (China time): approved, within its validity, not suspended, not terminated." })
  isInForce(@Root() agreement: Agreement) {
    return versionOn(agreement, todayInChina()) !== null;
  }

  @FieldResolver(() => AgreementVersion, { nullable: true, description: "The version that applies to something dated `date`, e.g. an achievement's completion date; null if none." })
  versionInForceOn(@Root() agreement: Agreement, @Arg("date", () => DateScalar) date: string) {
    return versionOn(agreement, date);
  }
}

@Resolver(() => AgreementVersion)
export class AgreementVersionResolver {
  @FieldResolver(() => [AgreementParty], { description: "Every party with its approval of this version." })
  parties(@Root() version: AgreementVersion, @Ctx() ctx: Context) {
    return versionFields.parties(version.agreementUuid, version.version, ctx);
  }

  @FieldResolver(() => EquivalenceRuleConnection, { description: "This version's rules, in canonical order." })
  rules(@Root() version: AgreementVersion, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return versionFields.rules(version.agreementUuid, version.version, page, ctx);
  }

  @FieldResolver(() => String, { description: "The exact text `termsHash` hashes." })
  canonicalTerms(@Root() version: AgreementVersion, @Ctx() ctx: Context) {
    return versionFields.canonicalTerms(version.agreementUuid, version.version, ctx);
  }
}

/** Organizations referenced by agreement facts always exist: rows reference them by foreign key. */
async function organizationOf(organizationUuid: string, ctx: Context): Promise<OrganizationModel> {
  return (await ctx.loaders.organizationById.load(organizationUuid))!;
}

@Resolver(() => AgreementParty)
export class AgreementPartyResolver {
  @FieldResolver(() => OrganizationModel)
  organization(@Root() party: AgreementParty, @Ctx() ctx: Context) {
    return organizationOf(party.organizationUuid, ctx);
  }
}

@Resolver(() => AgreementSuspension)
export class AgreementSuspensionResolver {
  @FieldResolver(() => OrganizationModel, { description: "The party that suspended (the only one that may resume)." })
  organization(@Root() suspension: AgreementSuspension, @Ctx() ctx: Context) {
    return organizationOf(suspension.organizationUuid, ctx);
  }
}

@Resolver(() => AgreementTermination)
export class AgreementTerminationResolver {
  @FieldResolver(() => OrganizationModel, { description: "The party that terminated." })
  organization(@Root() termination: AgreementTermination, @Ctx() ctx: Context) {
    return organizationOf(termination.organizationUuid, ctx);
  }
}

@Resolver(() => OrganizationModel)
export class OrganizationAgreementsResolver {
  @FieldResolver(() => AgreementConnection, { description: "Agreements the organization is party to, oldest first, as the caller may see them." })
  agreements(@Root() organization: OrganizationModel, @Args() page: PageArgs, @Ctx() ctx: Context) {
    const audience = audienceOf(ctx.viewer);
    const today = todayInChina();
    const keyset = { ...idKeyset<{ id: string }>(), keyOf: (record: { row: { id: string } }) => [record.row.id] };
    return loadChildConnection(ctx.loaders.agreementsOfOrganization, organization.uuid, audience, page, keyset, (record) =>
      presentAgreement(record, seesPending(audience, record.row.partyOrganizationIds), today)!,
    );
  }
}
