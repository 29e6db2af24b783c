import type { GraphQLClient } from "graphql-request";
import { ok, type TestServer } from "./server.js";
import { aMember, aPublishedCourse, type Member } from "./course-factories.js";
import { aKey, aProposedAgreement, approvedBy, aProposalInput, type Bilateral } from "./agreement-factories.js";
import { aLearner, anAchievement, consentTo, type RegisteredLearner } from "./learner-factories.js";
import {
  AgreementRulesDocument,
  CreditTransferDocument,
  LearnerTransfersDocument,
  LedgerEntriesDocument,
  LedgerUnitTotalsDocument,
  type AgreementFieldsFragment,
  type AgreementProposeInput,
  type CourseCreateInput,
  type CreditTransferInput,
  type EquivalenceRuleFieldsFragment,
} from "../generated/operations.js";

/** A completion date inside the default agreement's validity (from 2025-09-01) and before today. */
export const COMPLETED_ON = "2026-03-01";

/** A university, a provider, provider courses with the given hours, two university courses (2 and 3 credits). */
export async function aLandscape(server: TestServer, admin: GraphQLClient, providerCourses: Partial<CourseCreateInput>[] = [{}, {}]): Promise<Bilateral> {
  const university = await aMember(server, admin, "UNIVERSITY");
  const provider = await aMember(server, admin, "TRAINING_PROVIDER");
  const courses: string[] = [];
  for (const overrides of providerCourses) courses.push(await aPublishedCourse(provider, overrides));
  const universityCourses = [await aPublishedCourse(university, { credits: "2" }), await aPublishedCourse(university, { credits: "3" })];
  return { university, provider, providerCourses: courses, universityCourses };
}

export interface ActiveAgreement {
  agreement: AgreementFieldsFragment;
  rules: EquivalenceRuleFieldsFragment[];
}

/** Proposes (as the university) and has both parties approve; returns the agreement with its rules in canonical order. */
export async function anAgreement(setup: Bilateral, overrides: Partial<AgreementProposeInput> = {}): Promise<ActiveAgreement> {
  const agreement = await approvedBy([setup.university, setup.provider], await aProposedAgreement(setup.university, aProposalInput(setup, overrides)));
  const node = (await ok(setup.university.client, AgreementRulesDocument, { id: agreement.id, first: 100 })).node as { rules: { nodes: EquivalenceRuleFieldsFragment[] } };
  return { agreement, rules: node.rules.nodes };
}

/** The rule whose source names `courseId`. */
export function ruleNaming(agreement: ActiveAgreement, courseId: string): string {
  const rule = agreement.rules.find((each) => each.source.groups.some((group) => group.courses.some((cited) => cited.course.id === courseId)));
  if (!rule) throw new Error(`no rule names ${courseId}`);
  return rule.id;
}

/** A learner of the provider who consented to the university. */
export async function aConsentingLearner(server: TestServer, setup: Bilateral): Promise<RegisteredLearner> {
  const learner = await aLearner(setup.provider);
  await consentTo(server, learner.id, setup.university.organizationId);
  return learner;
}

/** The provider records a completion of `courseId` (default: on COMPLETED_ON with grade 85). */
export function aCompletion(setup: Bilateral, learner: RegisteredLearner, courseId: string, overrides: { grade?: string; completedOn?: string } = {}): Promise<string> {
  return anAchievement(setup.provider, learner.id, courseId, { completedOn: COMPLETED_ON, ...overrides });
}

export function aTransferInput(setup: Bilateral, learner: RegisteredLearner, achievementIds: string[], overrides: Partial<CreditTransferInput> = {}): CreditTransferInput {
  return { idempotencyKey: aKey("transfer"), learnerId: learner.id, targetOrganizationId: setup.university.organizationId, achievementIds, ...overrides };
}

/** The university's registrar asks for the transfer; returns the payload. */
export async function transfer(member: Member, input: CreditTransferInput) {
  return (await ok(member.client, CreditTransferDocument, { input })).creditTransfer;
}

/** The ledger's totals per unit: all "0.00" when balances are conserved. */
export async function unitTotals(client: GraphQLClient) {
  return (await ok(client, LedgerUnitTotalsDocument)).ledgerUnitTotals;
}

/** The database UUID inside a global ID, for comparing with journal bodies and account names. */
export const uuidOf = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

/** The learner's journal entries, oldest first, as kind and postings (read as admin). */
export async function journalOf(admin: GraphQLClient, learnerId: string) {
  const { ledgerEntries } = await ok(admin, LedgerEntriesDocument, { first: 100, filter: { learnerId } });
  return ledgerEntries.nodes.map((entry) => ({ kind: entry.kind, postings: entry.postings }));
}

export interface LearnerLedger {
  transfers: { totalCount: number; nodes: { id: string; decision: { outcome: string; credits: string }; reversal: { reason: string } | null }[] };
  balances: { organization: { id: string }; unit: string; amount: string }[];
  achievements: { nodes: { id: string; isTransferred: boolean }[] };
}

/** The learner's transfers, balances (sorted by unit, then organization) and which achievements are transferred, as `client` sees them. */
export async function ledgerOf(client: GraphQLClient, learnerId: string): Promise<LearnerLedger | null> {
  const node = (await ok(client, LearnerTransfersDocument, { id: learnerId, first: 100 })).node as LearnerLedger | null;
  if (!node) return null;
  const balances = [...node.balances].sort((a, b) => a.unit.localeCompare(b.unit) || a.organization.id.localeCompare(b.organization.id));
  return { ...node, balances };
}
