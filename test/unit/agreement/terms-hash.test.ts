import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { hashTerms, TERMS_FORMAT, type TermsInput, type TermsRule } from "../../../src/modules/agreement/terms-hash.js";

const UNIVERSITY = "T3JnYW5pemF0aW9uOjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMQ";
const PROVIDER = "T3JnYW5pemF0aW9uOjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMg";
const THIRD = "T3JnYW5pemF0aW9uOjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMw";

function ruleTo(targetCourse: string, sourceCourses: string[], overrides: Partial<TermsRule> = {}): TermsRule {
  return {
    source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courses: sourceCourses.map((id) => ({ id, version: 1 })) }] },
    target: { kind: "COURSES", organizationId: UNIVERSITY, courses: [{ id: targetCourse, version: 2 }] },
    credits: { kind: "FIXED", credits: "3" },
    minGrade: null,
    recencyYears: null,
    note: null,
    ...overrides,
  };
}

function terms(overrides: Partial<TermsInput> = {}): TermsInput {
  return {
    direction: "ONE_WAY",
    parties: [
      { organizationId: UNIVERSITY, role: "RECEIVING" },
      { organizationId: PROVIDER, role: "SENDING" },
    ],
    terms: {
      validFrom: "2025-09-01",
      validTo: "2028-08-31",
      lectureHoursPerCredit: "16",
      practiceHoursPerCredit: "32",
      minGrade: 60,
      recencyYears: 5,
      maxCreditsPerLearner: "20",
      allowTransitive: false,
    },
    rules: [ruleTo("U1", ["P1", "P2"]), ruleTo("U2", ["P3"], { credits: { kind: "FROM_HOURS" } })],
    ...overrides,
  };
}

describe("hashTerms", () => {
  it("hashes the canonical text with SHA-256, so anyone can recompute the hash from the text", () => {
    const { canonical, termsHash } = hashTerms(terms());
    expect(termsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(canonical, "utf8").digest("hex")).toBe(termsHash);
  });

  it("writes a documented layout: format tag, sorted keys, two-digit decimals, global IDs and course versions", () => {
    const { document, canonical } = hashTerms(terms({ rules: [ruleTo("U1", ["P1"])] }));
    expect(document).toEqual({
      format: TERMS_FORMAT,
      direction: "ONE_WAY",
      parties: [
        { organizationId: UNIVERSITY, role: "RECEIVING" },
        { organizationId: PROVIDER, role: "SENDING" },
      ],
      terms: {
        validFrom: "2025-09-01",
        validTo: "2028-08-31",
        lectureHoursPerCredit: "16.00",
        practiceHoursPerCredit: "32.00",
        minGrade: 60,
        recencyYears: 5,
        maxCreditsPerLearner: "20.00",
        allowTransitive: false,
      },
      rules: [
        {
          source: { groupConjunction: "AND", groups: [{ conjunction: "AND", courses: [{ id: "P1", version: 1 }] }] },
          target: { kind: "COURSES", organizationId: UNIVERSITY, courses: [{ id: "U1", version: 2 }] },
          credits: { kind: "FIXED", credits: "3.00" },
          minGrade: null,
          recencyYears: null,
          note: null,
        },
      ],
    });
    expect(canonical.startsWith('{"direction":"ONE_WAY","format":"ronghe.agreement-terms/1","parties":[')).toBe(true);
    expect(canonical).not.toMatch(/\s/);
  });

  it("gives the same hash whatever the order of parties, rules, groups and courses", () => {
    const base = terms({
      rules: [
        ruleTo("U1", ["P1", "P2"], { source: { groupConjunction: "OR", groups: [{ conjunction: "AND", courses: [{ id: "P1", version: 1 }, { id: "P2", version: 1 }] }, { conjunction: "OR", courses: [{ id: "P3", version: 1 }] }] } }),
        ruleTo("U2", ["P3"]),
        ruleTo("U3", ["P4"]),
      ],
    });
    const reordered: TermsInput = {
      ...base,
      parties: [...base.parties].reverse(),
      rules: [
        base.rules[2],
        {
          ...base.rules[0],
          source: { groupConjunction: "OR", groups: [{ conjunction: "OR", courses: [{ id: "P3", version: 1 }] }, { conjunction: "AND", courses: [{ id: "P2", version: 1 }, { id: "P1", version: 1 }] }] },
        },
        base.rules[1],
      ],
    };
    expect(hashTerms(reordered).termsHash).toBe(hashTerms(base).termsHash);
  });

  it("gives the same hash for equal decimals written differently", () => {
    const plain = terms();
    const padded = terms({ terms: { ...plain.terms, lectureHoursPerCredit: "16.0", practiceHoursPerCredit: "32.00", maxCreditsPerLearner: "20.0" } });
    expect(hashTerms(padded).termsHash).toBe(hashTerms(plain).termsHash);
  });

  it("orders the rules of the document canonically, so stored rules follow the hash and not the input", () => {
    const forward = hashTerms(terms({ rules: [ruleTo("U1", ["P1"]), ruleTo("U2", ["P2"])] }));
    const backward = hashTerms(terms({ rules: [ruleTo("U2", ["P2"]), ruleTo("U1", ["P1"])] }));
    expect(backward.document.rules).toEqual(forward.document.rules);
  });

  describe("changes the hash when anything that was agreed changes", () => {
    const base = terms();
    const baseHash = hashTerms(base).termsHash;
    const changes: [string, TermsInput][] = [
      ["the direction", { ...base, direction: "MUTUAL" }],
      ["a party's role", { ...base, parties: [{ organizationId: UNIVERSITY, role: "SENDING" }, { organizationId: PROVIDER, role: "RECEIVING" }] }],
      ["an added party", { ...base, parties: [...base.parties, { organizationId: THIRD, role: "SENDING" }] }],
      ["validFrom", { ...base, terms: { ...base.terms, validFrom: "2025-09-02" } }],
      ["validTo", { ...base, terms: { ...base.terms, validTo: null } }],
      ["lecture hours per credit", { ...base, terms: { ...base.terms, lectureHoursPerCredit: "18" } }],
      ["practice hours per credit", { ...base, terms: { ...base.terms, practiceHoursPerCredit: "30" } }],
      ["the minimum grade", { ...base, terms: { ...base.terms, minGrade: 61 } }],
      ["recency", { ...base, terms: { ...base.terms, recencyYears: null } }],
      ["the cap", { ...base, terms: { ...base.terms, maxCreditsPerLearner: "20.5" } }],
      ["transitivity", { ...base, terms: { ...base.terms, allowTransitive: true } }],
      ["a removed rule", { ...base, rules: base.rules.slice(1) }],
      ["a rule's credits", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { credits: { kind: "FIXED", credits: "4" } }), base.rules[1]] }],
      ["a cited course version", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { target: { kind: "COURSES", organizationId: UNIVERSITY, courses: [{ id: "U1", version: 3 }] } }), base.rules[1]] }],
      ["a group's conjunction", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { source: { groupConjunction: "AND", groups: [{ conjunction: "OR", courses: [{ id: "P1", version: 1 }, { id: "P2", version: 1 }] }] } }), base.rules[1]] }],
      ["a rule's note", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { note: "备注" }), base.rules[1]] }],
      ["a rule's minimum grade", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { minGrade: 70 }), base.rules[1]] }],
      ["the target kind", { ...base, rules: [ruleTo("U1", ["P1", "P2"], { target: { kind: "ELECTIVE_BLOCK", organizationId: UNIVERSITY, credits: "3", category: "专业选修" } }), base.rules[1]] }],
    ];
    it.each(changes)("%s", (_name, changed) => {
      expect(hashTerms(changed).termsHash).not.toBe(baseHash);
    });
  });
});
