import type { GraphQLClient } from "graphql-request";
import { ok, type TestServer } from "./server.js";
import { aMember, aPublishedCourse, type Member } from "./course-factories.js";
import {
  AgreementApproveDocument,
  AgreementProposeDocument,
  LedgerEntriesDocument,
  type AgreementFieldsFragment,
  type AgreementProposeInput,
  type EquivalenceRuleInput,
} from "../generated/operations.js";

let sequence = 0;
const next = () => (sequence += 1);

/** A fresh idempotency key. */
export const aKey = (label = "agreement") => `${label}-${next()}`;

/** The calendar day in China, as the server judges "today". */
export function today(offsetDays = 0): string {
  const shifted = new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

/** A university that recognises a provider's courses: two published courses on each side. */
export interface Bilateral {
  university: Member;
  provider: Member;
  providerCourses: string[];
  universityCourses: string[];
}

export async function aBilateral(server: TestServer, admin: GraphQLClient): Promise<Bilateral> {
  const university = await aMember(server, admin, "UNIVERSITY");
  const provider = await aMember(server, admin, "TRAINING_PROVIDER");
  const providerCourses = [await aPublishedCourse(provider), await aPublishedCourse(provider)];
  const universityCourses = [await aPublishedCourse(university, { credits: "2" }), await aPublishedCourse(university, { credits: "3" })];
  return { university, provider, providerCourses, universityCourses };
}

/** provider course → university course, 2 fixed credits. */
export function aCourseRule(sourceCourseIds: string[], targetOrganizationId: string, targetCourseIds: string[], overrides: Partial<EquivalenceRuleInput> = {}): EquivalenceRuleInput {
  return {
    source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: sourceCourseIds }] },
    target: { kind: "COURSES", organizationId: targetOrganizationId, courseIds: targetCourseIds },
    credits: { kind: "FIXED", credits: "2" },
    ...overrides,
  };
}

/** A ONE_WAY agreement in which the university recognises the provider's two courses. */
export function aProposalInput(setup: Bilateral, overrides: Partial<AgreementProposeInput> = {}): AgreementProposeInput {
  const n = next();
  return {
    idempotencyKey: aKey("propose"),
    code: `AGR-${n}`,
    title: `校企学分互认协议 ${n}`,
    direction: "ONE_WAY",
    parties: [
      { organizationId: setup.university.organizationId, role: "RECEIVING" },
      { organizationId: setup.provider.organizationId, role: "SENDING" },
    ],
    validFrom: "2025-09-01",
    validTo: "2099-08-31",
    terms: { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: 60, recencyYears: 5, maxCreditsPerLearner: "20", allowTransitive: false },
    rules: [
      aCourseRule([setup.providerCourses[0]], setup.university.organizationId, [setup.universityCourses[0]]),
      aCourseRule([setup.providerCourses[1]], setup.university.organizationId, [setup.universityCourses[1]], { credits: { kind: "FROM_HOURS" } }),
    ],
    ...overrides,
  };
}

/** Proposes as `proposer` and returns the agreement; fails the test on user errors. */
export async function aProposedAgreement(proposer: Member, input: AgreementProposeInput): Promise<AgreementFieldsFragment> {
  const { agreementPropose } = await ok(proposer.client, AgreementProposeDocument, { input });
  if (!agreementPropose.agreement) throw new Error(`agreement not proposed: ${JSON.stringify(agreementPropose.userErrors)}`);
  return agreementPropose.agreement;
}

/** Approves the latest version by each member in turn and returns the agreement after the last approval. */
export async function approvedBy(members: Member[], agreement: AgreementFieldsFragment): Promise<AgreementFieldsFragment> {
  let current = agreement;
  for (const member of members) {
    const { agreementApprove } = await ok(member.client, AgreementApproveDocument, {
      input: { idempotencyKey: aKey("approve"), agreementId: agreement.id, termsHash: agreement.termsHash },
    });
    if (!agreementApprove.agreement) throw new Error(`not approved: ${JSON.stringify(agreementApprove.userErrors)}`);
    current = agreementApprove.agreement;
  }
  return current;
}

/** Proposes and has every party approve. */
export async function anActiveAgreement(setup: Bilateral, overrides: Partial<AgreementProposeInput> = {}): Promise<AgreementFieldsFragment> {
  const proposed = await aProposedAgreement(setup.university, aProposalInput(setup, overrides));
  return approvedBy([setup.university, setup.provider], proposed);
}

/** Journal entries about the agreement, oldest first, found through one of its parties (read as admin). */
export async function journalOf(admin: GraphQLClient, partyOrganizationId: string, agreementId: string) {
  const { ledgerEntries } = await ok(admin, LedgerEntriesDocument, { first: 100, filter: { organizationId: partyOrganizationId } });
  return ledgerEntries.nodes.filter((entry) => (entry.body as { agreementId?: string }).agreementId === agreementId);
}
