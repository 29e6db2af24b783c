// The canonical form of an agreement version's terms and its SHA-256 hash.
// Parties approve by sending back the hash they reviewed (as in Erasmus Without
// Paper), so the form must be reproducible by anyone from the API's data alone:
// global IDs, decimals as two-digit strings, every list in a defined order.
import { canonicalJson, sha256Hex } from "../ledger/canonical-json.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import type { Conjunction } from "../transfer/rule-evaluation.js";
import type { AgreementDirection, AgreementTermsRecord, PartyRole } from "./agreement.table.js";

/** Names the layout below; a different layout would get a new tag, never a silent change. */
export const TERMS_FORMAT = "ronghe.agreement-terms/1";

/** A course as an agreement cites it: global ID and published version. */
export interface CourseRef {
  id: string;
  version: number;
}

export interface TermsRuleSource {
  groupConjunction: Conjunction;
  groups: { conjunction: Conjunction; courses: CourseRef[] }[];
}

export type TermsRuleTarget =
  | { kind: "COURSES"; organizationId: string; courses: CourseRef[] }
  | { kind: "ELECTIVE_BLOCK"; organizationId: string; credits: string; category: string }
  | { kind: "NO_RECOGNITION"; organizationId: string; reason: string };

/** Null for NO_RECOGNITION rules, which grant nothing. */
export type TermsRuleCredits = { kind: "FIXED"; credits: string } | { kind: "FROM_HOURS" } | null;

export interface TermsRule {
  source: TermsRuleSource;
  target: TermsRuleTarget;
  credits: TermsRuleCredits;
  minGrade: number | null;
  recencyYears: number | null;
  note: string | null;
}

export interface TermsInput {
  direction: AgreementDirection;
  parties: { organizationId: string; role: PartyRole }[];
  terms: AgreementTermsRecord;
  rules: TermsRule[];
}

/** The hashed document: `format`, then the input with every list sorted and every decimal canonical. */
export interface TermsDocument extends TermsInput {
  format: typeof TERMS_FORMAT;
}

const decimal = (text: string) => formatAmount(parseAmount(text));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCourse = (a: CourseRef, b: CourseRef) => byText(a.id, b.id) || a.version - b.version;

/** Sorts by canonical JSON text: a total order that needs no per-field comparator. */
function sortCanonically<T>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: canonicalJson(item) }))
    .sort((a, b) => byText(a.key, b.key))
    .map(({ item }) => item);
}

function canonicalTarget(target: TermsRuleTarget): TermsRuleTarget {
  switch (target.kind) {
    case "COURSES":
      return { kind: target.kind, organizationId: target.organizationId, courses: [...target.courses].sort(byCourse) };
    case "ELECTIVE_BLOCK":
      return { kind: target.kind, organizationId: target.organizationId, credits: decimal(target.credits), category: target.category };
    case "NO_RECOGNITION":
      return { kind: target.kind, organizationId: target.organizationId, reason: target.reason };
  }
}

function canonicalCredits(credits: TermsRuleCredits): TermsRuleCredits {
  if (credits === null || credits.kind === "FROM_HOURS") return credits;
  return { kind: credits.kind, credits: decimal(credits.credits) };
}

function canonicalRule(rule: TermsRule): TermsRule {
  const groups = rule.source.groups.map((group) => ({ conjunction: group.conjunction, courses: [...group.courses].sort(byCourse) }));
  return {
    source: { groupConjunction: rule.source.groupConjunction, groups: sortCanonically(groups) },
    target: canonicalTarget(rule.target),
    credits: canonicalCredits(rule.credits),
    minGrade: rule.minGrade,
    recencyYears: rule.recencyYears,
    note: rule.note,
  };
}

function canonicalTermsRecord(terms: AgreementTermsRecord): AgreementTermsRecord {
  return {
    validFrom: terms.validFrom,
    validTo: terms.validTo,
    lectureHoursPerCredit: decimal(terms.lectureHoursPerCredit),
    practiceHoursPerCredit: decimal(terms.practiceHoursPerCredit),
    minGrade: terms.minGrade,
    recencyYears: terms.recencyYears,
    maxCreditsPerLearner: terms.maxCreditsPerLearner === null ? null : decimal(terms.maxCreditsPerLearner),
    allowTransitive: terms.allowTransitive,
  };
}

/**
 * The canonical document of a version's terms. Order never matters in the
 * input: parties are sorted by organization ID, courses by ID then version,
 * groups and rules by their canonical JSON text. Rule and group order carry no
 * meaning, so the stored rules follow this order too (equal hash, equal rows).
 *
 * @throws AmountFormatError when a decimal is malformed (validate input first).
 */
export function termsDocument(input: TermsInput): TermsDocument {
  return {
    format: TERMS_FORMAT,
    direction: input.direction,
    parties: [...input.parties].map(({ organizationId, role }) => ({ organizationId, role })).sort((a, b) => byText(a.organizationId, b.organizationId)),
    terms: canonicalTermsRecord(input.terms),
    rules: sortCanonically(input.rules.map(canonicalRule)),
  };
}

export interface HashedTerms {
  document: TermsDocument;
  /** The exact text that is hashed: RFC 8785 canonical JSON of `document`. */
  canonical: string;
  /** SHA-256 (hex) of `canonical`: what every party must approve. */
  termsHash: string;
}

/** The canonical document of `input`, its text and its hash. */
export function hashTerms(input: TermsInput): HashedTerms {
  const document = termsDocument(input);
  const canonical = canonicalJson(document);
  return { document, canonical, termsHash: sha256Hex(canonical) };
}
