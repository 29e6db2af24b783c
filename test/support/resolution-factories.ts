import { ok } from "./server.js";
import type { Member } from "./course-factories.js";
import { aProposalInput, aProposedAgreement, approvedBy } from "./agreement-factories.js";
import {
  AgreementRulesDocument,
  type AgreementFieldsFragment,
  type AgreementProposeInput,
  type AgreementTermsInput,
  type EquivalenceRuleFieldsFragment,
  type EquivalenceRuleInput,
} from "../generated/operations.js";

export interface Agreed {
  agreement: AgreementFieldsFragment;
  rules: EquivalenceRuleFieldsFragment[];
}

/** The factories' default terms: 16 h lecture / 32 h practice per credit, cap 20, no transitivity. */
export const TERMS: AgreementTermsInput = { lectureHoursPerCredit: "16", practiceHoursPerCredit: "32", minGrade: 60, recencyYears: 5, maxCreditsPerLearner: "20", allowTransitive: false };

/** A ONE_WAY agreement in which `receiver` recognises `sender`'s courses by `rules`, approved by both; with its rules. */
export async function anAgreementFrom(sender: Member, receiver: Member, rules: EquivalenceRuleInput[], overrides: Partial<AgreementProposeInput> = {}): Promise<Agreed> {
  const setup = { university: receiver, provider: sender, providerCourses: [], universityCourses: [] };
  const agreement = await approvedBy([receiver, sender], await aProposedAgreement(receiver, aProposalInput(setup, { rules, ...overrides })));
  return { agreement, rules: await rulesOf(receiver, agreement.id) };
}

/** An agreement whose terms allow chaining it with others. */
export const transitive = (overrides: Partial<AgreementTermsInput> = {}): Partial<AgreementProposeInput> => ({ terms: { ...TERMS, allowTransitive: true, ...overrides } });

export async function rulesOf(member: Member, agreementId: string): Promise<EquivalenceRuleFieldsFragment[]> {
  const node = (await ok(member.client, AgreementRulesDocument, { id: agreementId, first: 100 })).node as { rules: { nodes: EquivalenceRuleFieldsFragment[] } };
  return node.rules.nodes;
}

/** The ID of the agreement's rule whose source names `courseId` (and whose target is `kind`, when several do). */
export function ruleFrom(agreed: Agreed, courseId: string, kind?: "COURSES" | "ELECTIVE_BLOCK" | "NO_RECOGNITION"): string {
  const rule = agreed.rules.find(
    (each) => each.source.groups.some((group) => group.courses.some((cited) => cited.course.id === courseId)) && (kind === undefined || each.target.kind === kind),
  );
  if (!rule) throw new Error(`no rule names ${courseId}`);
  return rule.id;
}

/** A rule target of elective credits. */
export function anElectiveRule(sourceCourseIds: string[], organizationId: string, credits: string, category: string): EquivalenceRuleInput {
  return {
    source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: sourceCourseIds }] },
    target: { kind: "ELECTIVE_BLOCK", organizationId, electiveCredits: credits, electiveCategory: category },
    credits: { kind: "FIXED", credits },
  };
}

/** An explicit refusal with its reason. */
export function aRefusalRule(sourceCourseIds: string[], organizationId: string, reason: string): EquivalenceRuleInput {
  return { source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courseIds: sourceCourseIds }] }, target: { kind: "NO_RECOGNITION", organizationId, reason }, credits: null };
}
