// Recognition agreements with their versions, parties, approvals, equivalence
// rules and journal entries, in the form the agreement service writes them:
// terms hashed with the app's own hashTerms, rules stored in the canonical
// document's order. Rules recognise into each university's hub courses, which
// university↔university agreements (MUTUAL) also name as sources, so chains
// of transitive agreements exist for multi-hop resolution.
import type { Actor } from "../../src/auth/viewer.js";
import { decodeGlobalId, toGlobalId } from "../../src/graphql/global-id.js";
import type { AgreementDirection, AgreementRow, AgreementTermsRecord, EquivalenceRuleRow, PartyRecord, PartyRole } from "../../src/modules/agreement/agreement.table.js";
import { hashTerms, type CourseRef, type TermsDocument, type TermsRule, type TermsRuleCredits, type TermsRuleTarget } from "../../src/modules/agreement/terms-hash.js";
import { json, type CopyValue } from "./copy-writer.js";
import { HUB_COURSES } from "./dataset-catalog.js";
import { at, type Dataset, type GeneratedCourse, type GeneratedOrganization } from "./dataset-model.js";
import type { Random } from "./prng.js";
import { TOPICS } from "./vocabulary.js";

interface Party {
  organization: GeneratedOrganization;
  role: PartyRole;
}

const courseRef = (course: GeneratedCourse): CourseRef => ({ id: toGlobalId("Course", course.id), version: course.versions.at(-1)!.version });
const uuidOf = (globalId: string) => decodeGlobalId(globalId)!.id;

function hubs(organization: GeneratedOrganization): GeneratedCourse[] {
  return organization.published.slice(0, HUB_COURSES);
}

function ruleSource(random: Random, from: GeneratedOrganization): TermsRule["source"] {
  const groupCount = random.chance(0.85) ? 1 : 2;
  const groups = Array.from({ length: groupCount }, () => {
    const size = random.chance(0.7) ? 1 : random.int(2, 3);
    const pool = from.published;
    return { conjunction: (random.chance(0.8) ? "AND" : "OR") as "AND" | "OR", courses: random.sample(pool, size).map(courseRef) };
  });
  return { groupConjunction: random.chance(0.7) ? "OR" : "AND", groups };
}

function ruleTarget(random: Random, to: GeneratedOrganization): { target: TermsRuleTarget; credits: TermsRuleCredits } {
  const organizationId = toGlobalId("Organization", to.id);
  const draw = random.float();
  if (draw < 0.08) return { target: { kind: "NO_RECOGNITION", organizationId, reason: "课程内容与培养方案差异较大" }, credits: null };
  const credits: TermsRuleCredits = random.chance(0.6) ? { kind: "FIXED", credits: random.pick(["1.00", "2.00", "3.00"]) } : { kind: "FROM_HOURS" };
  if (draw < 0.2) {
    const field = to.published[0]?.content.field as keyof typeof TOPICS;
    return { target: { kind: "ELECTIVE_BLOCK", organizationId, credits: random.pick(["2.00", "4.00"]), category: `${TOPICS[field][0][0]}类选修` }, credits };
  }
  const courses = random.sample(hubs(to), random.chance(0.9) ? 1 : 2).map(courseRef);
  return { target: { kind: "COURSES", organizationId, courses }, credits };
}

function terms(random: Random, allowTransitive: boolean): AgreementTermsRecord {
  return {
    validFrom: "2019-09-01",
    validTo: random.chance(0.8) ? null : "2030-08-31",
    lectureHoursPerCredit: "16.00",
    practiceHoursPerCredit: "32.00",
    minGrade: random.chance(0.3) ? 60 : null,
    recencyYears: random.chance(0.2) ? 10 : null,
    maxCreditsPerLearner: random.chance(0.3) ? "30.00" : null,
    allowTransitive,
  };
}

function choosePartners(random: Random, dataset: Dataset, index: number): { direction: AgreementDirection; parties: Party[] } {
  const { universities, providers } = dataset;
  if (index % 5 < 4) {
    const provider = providers[index % providers.length];
    return { direction: "ONE_WAY", parties: [{ organization: provider, role: "SENDING" }, { organization: random.pick(universities), role: "RECEIVING" }] };
  }
  const first = universities[index % universities.length];
  const second = universities[(index + 1 + random.int(0, universities.length - 2)) % universities.length];
  return { direction: "MUTUAL", parties: [{ organization: first, role: "BOTH" }, { organization: second, role: "BOTH" }] };
}

function rulesOf(random: Random, dataset: Dataset, direction: AgreementDirection, parties: Party[]): TermsRule[] {
  return Array.from({ length: dataset.plan.rulesPerAgreement }, () => {
    const [from, to] = direction === "ONE_WAY" ? [parties[0].organization, parties[1].organization] : random.sample(parties, 2).map((party) => party.organization);
    const { target, credits } = ruleTarget(random, to);
    return {
      source: ruleSource(random, from),
      target,
      credits,
      minGrade: random.chance(0.3) ? 70 : null,
      recencyYears: random.chance(0.2) ? 5 : null,
      note: null,
    };
  });
}

/** Rule rows and course lookups in the canonical document's order, as the service's ruleRows makes them. */
function ruleRows(random: Random, agreementId: string, document: TermsDocument, atMs: number) {
  return document.rules.map((rule, position) => {
    const sourceRefs = rule.source.groups.flatMap((group) => group.courses);
    const targetRefs = rule.target.kind === "COURSES" ? rule.target.courses : [];
    const row: EquivalenceRuleRow = {
      id: random.uuidv7(atMs),
      agreementId,
      version: 1,
      position,
      source: { groupConjunction: rule.source.groupConjunction, groups: rule.source.groups.map((group) => ({ conjunction: group.conjunction, courseIds: group.courses.map((ref) => uuidOf(ref.id)) })) },
      targetKind: rule.target.kind,
      targetOrganizationId: uuidOf(rule.target.organizationId),
      targetCourseIds: targetRefs.map((ref) => uuidOf(ref.id)),
      electiveCredits: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.credits : null,
      electiveCategory: rule.target.kind === "ELECTIVE_BLOCK" ? rule.target.category : null,
      noRecognitionReason: rule.target.kind === "NO_RECOGNITION" ? rule.target.reason : null,
      creditsKind: rule.credits?.kind ?? null,
      fixedCredits: rule.credits?.kind === "FIXED" ? rule.credits.credits : null,
      minGrade: rule.minGrade,
      recencyYears: rule.recencyYears,
      note: rule.note,
      courseVersions: Object.fromEntries([...sourceRefs, ...targetRefs].map((ref) => [uuidOf(ref.id), ref.version])),
    };
    const lookups = [
      ...[...new Set(sourceRefs.map((ref) => uuidOf(ref.id)))].map((courseId) => [row.id, courseId, "SOURCE", agreementId, 1]),
      ...targetRefs.map((ref) => [row.id, uuidOf(ref.id), "TARGET", agreementId, 1]),
    ];
    return { row, lookups };
  });
}

function ruleValues(row: EquivalenceRuleRow): CopyValue[] {
  return [
    row.id, row.agreementId, row.version, row.position, json(row.source), row.targetKind, row.targetOrganizationId, row.targetCourseIds, row.electiveCredits, row.electiveCategory,
    row.noRecognitionReason, row.creditsKind, row.fixedCredits, row.minGrade, row.recencyYears, row.note, json(row.courseVersions),
  ];
}

function agreementValues(row: AgreementRow): CopyValue[] {
  return [row.id, row.code, row.title, row.direction, row.state, row.partyOrganizationIds, row.latestVersion, row.inForceVersion, row.proposedByOrganizationId, row.createdAt, row.updatedAt];
}

/** Rules of an agreement in force between a provider and a university, by that pair: the candidates transfers decide among. */
export const pairKey = (providerId: string, universityId: string) => `${providerId}|${universityId}`;

/**
 * 80 % ONE_WAY (provider → university), 20 % MUTUAL (two universities, an
 * alliance), half of each allowing transitivity; 90 %
 * approved by every party (ACTIVE, version 1 in force from 2019-09-01), the
 * rest still PROPOSED with the proposer's approval only.
 */
export async function generateAgreements(dataset: Dataset): Promise<void> {
  const random = dataset.random("agreements");
  const { writer, journal } = dataset;
  const agreementSink = writer.sink("agreement", [
    "id", "code", "title", "direction", "state", "party_organization_ids", "latest_version", "in_force_version", "proposed_by_organization_id", "created_at", "updated_at",
  ]);
  const versionSink = writer.sink("agreement_version", [
    "agreement_id", "version", "terms", "parties", "terms_hash", "canonical_terms", "status", "proposed_at", "proposed_by", "proposed_by_organization_id", "activated_at",
  ]);
  const partySink = writer.sink("agreement_party", ["agreement_id", "version", "organization_id", "role", "approved_at", "approved_by", "approved_hash"]);
  const ruleSink = writer.sink("equivalence_rule", [
    "id", "agreement_id", "version", "position", "source", "target_kind", "target_organization_id", "target_course_ids", "elective_credits", "elective_category",
    "no_recognition_reason", "credits_kind", "fixed_credits", "min_grade", "recency_years", "note", "course_versions",
  ]);
  const lookupSink = writer.sink("equivalence_rule_course", ["rule_id", "course_id", "side", "agreement_id", "version"]);
  // Proposals are spread over July and August 2019, approvals follow within minutes.
  const spacingMs = Math.floor((60 * 86_400_000) / dataset.plan.agreements);
  for (let index = 0; index < dataset.plan.agreements; index += 1) {
    const proposedAtMs = at("2019-07-01", index * spacingMs);
    const { direction, parties } = choosePartners(random, dataset, index);
    const proposer = parties.at(-1)!.organization;
    const id = random.uuidv7(proposedAtMs);
    const active = random.chance(0.9);
    const partyRecords: PartyRecord[] = parties.map((party) => ({ organizationId: party.organization.id, role: party.role }));
    const hashed = hashTerms({
      direction,
      parties: parties.map((party) => ({ organizationId: toGlobalId("Organization", party.organization.id), role: party.role })),
      terms: terms(random, random.chance(0.5)),
      rules: rulesOf(random, dataset, direction, parties),
    });
    const code = `AGR-2019-${String(index + 1).padStart(4, "0")}`;
    const title = `${parties.map((party) => party.organization.name).join("与")}${direction === "MUTUAL" ? "课程互认协议" : "学分认定协议"}`;
    const approvers = active ? [...parties].reverse() : [parties.at(-1)!];
    const approvedAt = (i: number) => proposedAtMs + (i + 1) * 60_000;
    const activatedAtMs = active ? approvedAt(approvers.length - 1) : null;
    const partyIds = parties.map((party) => party.organization.id);
    const row: AgreementRow = {
      id, code, title, direction, state: active ? "ACTIVE" : "PROPOSED", partyOrganizationIds: partyIds, latestVersion: 1, inForceVersion: active ? 1 : null,
      proposedByOrganizationId: proposer.id, suspendedAt: null, suspendedByOrganizationId: null, suspensionReason: null, terminatedAt: null, terminatedByOrganizationId: null,
      terminationReason: null, terminationEffectiveOn: null, createdAt: new Date(proposedAtMs), updatedAt: new Date(activatedAtMs ?? proposedAtMs),
    };
    await agreementSink.add(agreementValues(row));
    await versionSink.add([
      id, 1, json(hashed.document.terms), json(partyRecords), hashed.termsHash, hashed.canonical, active ? "ACTIVE" : "PROPOSED", new Date(proposedAtMs), proposer.actor.subject, proposer.id,
      activatedAtMs === null ? null : new Date(activatedAtMs),
    ]);
    for (const party of parties) {
      const approval = approvers.indexOf(party);
      const approved = approval >= 0;
      await partySink.add([id, 1, party.organization.id, party.role, approved ? new Date(approvedAt(approval)) : null, approved ? party.organization.actor.subject : null, approved ? hashed.termsHash : null]);
    }
    const rules = ruleRows(random, id, hashed.document, proposedAtMs);
    for (const { row: rule, lookups } of rules) {
      await ruleSink.add(ruleValues(rule));
      for (const lookup of lookups) await lookupSink.add(lookup);
    }
    if (active && direction === "ONE_WAY") {
      const version = { version: 1, termsHash: hashed.termsHash, terms: hashed.document.terms };
      dataset.transferRules.set(pairKey(parties[0].organization.id, parties[1].organization.id), [
        ...(dataset.transferRules.get(pairKey(parties[0].organization.id, parties[1].organization.id)) ?? []),
        ...rules.map(({ row: rule }) => ({ rule, agreement: row, version })),
      ]);
    }
    const agreementGlobalId = toGlobalId("Agreement", id);
    const facts = { agreementId: agreementGlobalId, version: 1, termsHash: hashed.termsHash };
    const entry = (actor: Actor, kind: "AGREEMENT_PROPOSED" | "AGREEMENT_APPROVED" | "AGREEMENT_ACTIVATED", body: Record<string, unknown>) => ({ kind, actor, organizationIds: partyIds, body: { ...facts, ...body } });
    await journal.append(entry(proposer.actor, "AGREEMENT_PROPOSED", { code, title, terms: hashed.document }), proposedAtMs);
    for (const [i, party] of approvers.entries()) {
      await journal.append(entry(party.organization.actor, "AGREEMENT_APPROVED", { organizationId: toGlobalId("Organization", party.organization.id) }), approvedAt(i));
    }
    if (active) await journal.append(entry(approvers.at(-1)!.organization.actor, "AGREEMENT_ACTIVATED", { validFrom: hashed.document.terms.validFrom, supersededVersion: null }), activatedAtMs!);
    dataset.agreements.push({
      id,
      active,
      universityIds: parties.filter((party) => party.organization.kind === "UNIVERSITY").map((party) => party.organization.id),
      providerIds: parties.filter((party) => party.organization.kind === "TRAINING_PROVIDER").map((party) => party.organization.id),
    });
  }
}
