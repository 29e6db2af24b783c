// An agreement version with its rules, for other systems: as JSON (the shape
// below, mappable to CTDL TransferValueProfile; see the README) and as CSV with
// exactly the columns the rules import reads, so exporting an agreement and
// importing the file into another agreement reproduces its rules. Pure: the
// export service loads the facts.
import type { TermsDocument, CourseRef, TermsRule } from "../agreement/terms-hash.js";
import type { CourseContent } from "../course/course-validation.js";
import type { OrganizationRow } from "../organization/organization.table.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { formatCsv } from "./csv.js";
import { COLUMNS } from "./import-columns.js";
import { formatGroup, formatGroups, type CourseCode } from "./rule-notation.js";

export const AGREEMENT_EXPORT_FORMAT = "ronghe.agreement-export/1";

export interface AgreementExportFacts {
  agreement: { id: string; code: string; title: string; direction: string; status: string; version: number; termsHash: string };
  /** The version's hashed terms document (global IDs), as every party approved or reviews it. */
  document: TermsDocument;
  /** Rule global IDs in the document's order. */
  ruleIds: string[];
  /** By course global ID: the course's current code and organization, and the snapshot of each cited version. */
  courses: ReadonlyMap<string, { code: string; organizationId: string; versions: ReadonlyMap<number, CourseContent> }>;
  /** By organization global ID. */
  organizations: ReadonlyMap<string, OrganizationRow>;
}

function organizationOf(facts: AgreementExportFacts, globalId: string) {
  const row = facts.organizations.get(globalId);
  return { id: globalId, code: row?.code ?? null, name: row?.name ?? null, nameEn: row?.nameEn ?? null, kind: row?.kind ?? null };
}

function courseOf(facts: AgreementExportFacts, ref: CourseRef) {
  const course = facts.courses.get(ref.id);
  const cited = course?.versions.get(ref.version);
  return {
    id: ref.id,
    version: ref.version,
    code: cited?.code ?? course?.code ?? null,
    title: cited?.title ?? null,
    titleEn: cited?.titleEn ?? null,
    lectureHours: cited?.lectureHours ?? null,
    practiceHours: cited?.practiceHours ?? null,
    credits: cited?.credits ?? null,
    organization: course ? organizationOf(facts, toGlobalId("Organization", course.organizationId)) : null,
  };
}

function ruleJson(facts: AgreementExportFacts, rule: TermsRule, index: number) {
  const { target } = rule;
  return {
    id: facts.ruleIds[index] ?? null,
    source: {
      groupConjunction: rule.source.groupConjunction,
      groups: rule.source.groups.map((group) => ({ conjunction: group.conjunction, courses: group.courses.map((ref) => courseOf(facts, ref)) })),
    },
    target: {
      kind: target.kind,
      organization: organizationOf(facts, target.organizationId),
      ...(target.kind === "COURSES" ? { courses: target.courses.map((ref) => courseOf(facts, ref)) } : {}),
      ...(target.kind === "ELECTIVE_BLOCK" ? { credits: target.credits, category: target.category } : {}),
      ...(target.kind === "NO_RECOGNITION" ? { reason: target.reason } : {}),
    },
    credits: rule.credits,
    minGrade: rule.minGrade,
    recencyYears: rule.recencyYears,
    note: rule.note,
  };
}

/** The JSON export (see the README for the shape and its CTDL mapping). */
export function agreementJson(facts: AgreementExportFacts) {
  const { agreement, document } = facts;
  return {
    format: AGREEMENT_EXPORT_FORMAT,
    agreement: {
      ...agreement,
      validFrom: document.terms.validFrom,
      validTo: document.terms.validTo,
      terms: document.terms,
      parties: document.parties.map((party) => ({ organization: organizationOf(facts, party.organizationId), role: party.role })),
    },
    rules: document.rules.map((rule, index) => ruleJson(facts, rule, index)),
  };
}

/** A course as the CSV names it: its current code (what an import resolves) and its organization's code. */
function codeOf(facts: AgreementExportFacts, ref: CourseRef): CourseCode {
  const course = facts.courses.get(ref.id);
  const organization = course ? facts.organizations.get(toGlobalId("Organization", course.organizationId)) : undefined;
  return { code: course?.code ?? ref.id, organizationCode: organization?.code ?? "" };
}

function ruleRow(facts: AgreementExportFacts, rule: TermsRule): Record<string, string | null> {
  const groups = rule.source.groups.map((group) => ({ conjunction: group.conjunction, courses: group.courses.map((ref) => codeOf(facts, ref)) }));
  // The row's source organization is the first source course's; others are written CODE@ORGANIZATION.
  const sourceOrganization = groups[0]?.courses[0]?.organizationCode ?? "";
  const targetOrganization = facts.organizations.get(rule.target.organizationId)?.code ?? "";
  const { target } = rule;
  return {
    sourceOrganization,
    sourceCourses: formatGroups(groups, sourceOrganization),
    sourceGroupConjunction: rule.source.groupConjunction,
    targetKind: target.kind,
    targetOrganization,
    targetCourses: target.kind === "COURSES" ? formatGroup({ conjunction: "AND", courses: target.courses.map((ref) => codeOf(facts, ref)) }, targetOrganization) : null,
    electiveCredits: target.kind === "ELECTIVE_BLOCK" ? target.credits : null,
    electiveCategory: target.kind === "ELECTIVE_BLOCK" ? target.category : null,
    reason: target.kind === "NO_RECOGNITION" ? target.reason : null,
    creditsKind: rule.credits?.kind ?? null,
    credits: rule.credits?.kind === "FIXED" ? rule.credits.credits : null,
    minGrade: rule.minGrade === null ? null : String(rule.minGrade),
    recencyYears: rule.recencyYears === null ? null : String(rule.recencyYears),
    note: rule.note,
  };
}

/** The CSV export: a header of the rules import's English column names, one rule per row. */
export function agreementCsv(facts: AgreementExportFacts): string {
  const names = COLUMNS.RULES.map((column) => column.name);
  return formatCsv([names, ...facts.document.rules.map((rule) => names.map((name) => ruleRow(facts, rule)[name]))]);
}
