import DataLoader from "dataloader";
import { childConnectionLoaders } from "../../graphql/child-connection.js";
import type { Context } from "../../graphql/context.js";
import { todayInChina } from "./agreement-lifecycle.js";
import { audienceOf, seesPending, versionKeyOf, type AgreementAudience, type AgreementService } from "./agreement.service.js";
import type { AgreementPartyRow, EquivalenceRuleRow } from "./agreement.table.js";
import { isVersionVisible, presentAgreement, toEquivalenceRule, type Agreement, type AgreementRecord, type EquivalenceRule } from "./agreement.type.js";

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Per-request batching: a page of agreements loads its versions, parties and rules in one statement each. */
export function createAgreementLoaders(service: AgreementService) {
  return {
    /** Raw records, before visibility: resolve through `visibleAgreement`. */
    agreementRecordById: new DataLoader<string, AgreementRecord | null>(async (ids) => {
      const byId = new Map((await service.recordsByIds(ids)).map((record) => [record.row.id, record]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Keyed by "uuid:version". */
    agreementPartiesOfVersion: new DataLoader<string, AgreementPartyRow[]>(async (keys) => {
      const byVersion = groupBy(await service.partiesOfVersions(keys), (row) => versionKeyOf(row.agreementId, row.version));
      return keys.map((key) => byVersion.get(key) ?? []);
    }),
    /** Keyed by "uuid:version". */
    agreementCanonicalTerms: new DataLoader<string, string>(async (keys) => {
      const byVersion = new Map((await service.canonicalTermsOf(keys)).map((row) => [versionKeyOf(row.agreementId, row.version), row.canonicalTerms]));
      return keys.map((key) => byVersion.get(key) ?? new Error(`No agreement version ${key}`));
    }),
    equivalenceRuleRowById: new DataLoader<string, EquivalenceRuleRow | null>(async (ids) => {
      const byId = new Map((await service.rulesByIds(ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    rulesOfAgreementVersion: childConnectionLoaders<EquivalenceRuleRow, null>(
      (row) => versionKeyOf(row.agreementId, row.version),
      (keys, limit, after) => service.rulePages(keys, limit, after),
      (keys) => service.ruleTotals(keys),
    ),
    agreementsOfOrganization: childConnectionLoaders<AgreementRecord & { parentId: string }, AgreementAudience>(
      (record) => record.parentId,
      (ids, limit, after, audience) => service.pagesOfOrganizations(ids, limit, after, audience),
      (ids, audience) => service.totalsOfOrganizations(ids, audience),
    ),
    equivalenceRulesOfCourse: childConnectionLoaders<EquivalenceRuleRow & { parentId: string }, AgreementAudience>(
      (row) => row.parentId,
      (ids, limit, after, audience) => service.rulePagesOfCourses(ids, limit, after, audience),
      (ids, audience) => service.ruleTotalsOfCourses(ids, audience),
    ),
  };
}

/** `node(id)` for an agreement: null when it does not exist or the caller may not see it. */
export async function visibleAgreement(id: string, ctx: Context): Promise<Agreement | null> {
  const record = await ctx.loaders.agreementRecordById.load(id);
  return record && presentAgreement(record, seesPending(audienceOf(ctx.viewer), record.row.partyOrganizationIds), todayInChina());
}

/** `node(id)` for a rule: visible when its agreement is, and its version was approved or the caller is a party. */
export async function visibleEquivalenceRule(id: string, ctx: Context): Promise<EquivalenceRule | null> {
  const row = await ctx.loaders.equivalenceRuleRowById.load(id);
  const record = row && (await ctx.loaders.agreementRecordById.load(row.agreementId));
  if (!row || !record) return null;
  const version = record.versions.find((each) => each.version === row.version);
  const pendingVisible = seesPending(audienceOf(ctx.viewer), record.row.partyOrganizationIds);
  return version && isVersionVisible(version.status, pendingVisible) ? toEquivalenceRule(row) : null;
}
