import { describe, it, expect } from "vitest";
import {
  computeOrganizationCodeCheckChar,
  computeUnifiedSocialCreditCheckChar,
  describeCodeProblem,
  isValidMoeInstitutionCode,
  isValidUnifiedSocialCreditCode,
} from "../../../src/modules/organization/organization-code.js";

// Codes published on real business licences, used as external test vectors so
// the tests do not merely agree with the implementation's own arithmetic.
const PUBLISHED_CODES = [
  "91350100M000100Y43",
  "91110000600037341L",
  "1134082855783407XL", // organization check character 10 -> "X"
  "51610700305332460K", // organization check character 11 -> "0"
  "91341000MA2N0ABGXX", // overall check character "X"
  "11610923MB2900168E",
];

/** Builds a valid code from a 16-character prefix by appending both check characters. */
function validCodeFrom(first16: string): string {
  const first17 = first16 + computeOrganizationCodeCheckChar(first16.slice(8));
  return first17 + computeUnifiedSocialCreditCheckChar(first17);
}

describe("isValidUnifiedSocialCreditCode", () => {
  it("accepts codes published on real business licences", () => {
    expect(PUBLISHED_CODES.map(isValidUnifiedSocialCreditCode)).toEqual(PUBLISHED_CODES.map(() => true));
  });

  it("accepts a code generated with both check-character helpers", () => {
    expect(isValidUnifiedSocialCreditCode(validCodeFrom("9144030070846113"))).toBe(true);
  });

  it("rejects a code whose final check character is wrong", () => {
    expect(isValidUnifiedSocialCreditCode("91350100M000100Y44")).toBe(false);
  });

  it("rejects a code whose embedded organization code check character is wrong even when the final check character is recomputed", () => {
    const first17 = "91350100M000100Y5";
    expect(isValidUnifiedSocialCreditCode(first17 + computeUnifiedSocialCreditCheckChar(first17))).toBe(false);
  });

  it("rejects codes that are not 18 characters long", () => {
    expect(["", "91350100M000100Y4", "91350100M000100Y430"].map(isValidUnifiedSocialCreditCode)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("rejects lowercase input because callers must normalise with toUpperCase first", () => {
    expect(isValidUnifiedSocialCreditCode("91350100m000100y43")).toBe(false);
  });

  it("rejects the letters I, O, S, V and Z that GB 32100 excludes", () => {
    const codes = ["I", "O", "S", "V", "Z"].map((letter) => `9${letter}350100M000100Y43`);
    expect(codes.map(isValidUnifiedSocialCreditCode)).toEqual([false, false, false, false, false]);
  });

  it("rejects a letter inside the administrative division code", () => {
    expect(isValidUnifiedSocialCreditCode(validCodeFrom("913501A0M000100Y"))).toBe(false);
  });

  it("accepts the national-level division code 100000 which is not a province", () => {
    expect(isValidUnifiedSocialCreditCode(validCodeFrom("9110000010000396"))).toBe(true);
  });
});

describe("computeUnifiedSocialCreditCheckChar", () => {
  it("reproduces the check characters of published codes", () => {
    expect(PUBLISHED_CODES.map((code) => computeUnifiedSocialCreditCheckChar(code.slice(0, 17)))).toEqual(
      PUBLISHED_CODES.map((code) => code[17]),
    );
  });

  it("returns 0 when the weighted sum is a multiple of 31", () => {
    expect(computeUnifiedSocialCreditCheckChar("00000000000000000")).toBe("0");
  });

  it("throws a RangeError for input that is not 17 valid characters", () => {
    expect(() => computeUnifiedSocialCreditCheckChar("91350100M000100Y")).toThrow(RangeError);
    expect(() => computeUnifiedSocialCreditCheckChar("91350100M000100YI")).toThrow(RangeError);
  });
});

describe("computeOrganizationCodeCheckChar", () => {
  it("reproduces the organization check characters of published codes including X and 0", () => {
    expect(PUBLISHED_CODES.map((code) => computeOrganizationCodeCheckChar(code.slice(8, 16)))).toEqual(
      PUBLISHED_CODES.map((code) => code[16]),
    );
  });

  it("throws a RangeError for input that is not 8 digits or uppercase letters", () => {
    expect(() => computeOrganizationCodeCheckChar("M000100")).toThrow(RangeError);
    expect(() => computeOrganizationCodeCheckChar("m000100y")).toThrow(RangeError);
  });
});

describe("isValidMoeInstitutionCode", () => {
  it("accepts the codes of Peking University and Tsinghua University", () => {
    expect(["4111010001", "4111010003"].map(isValidMoeInstitutionCode)).toEqual([true, true]);
  });

  it("accepts codes from the first and last province of every range", () => {
    const provinces = ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65"];
    expect(provinces.map((p) => isValidMoeInstitutionCode(`4${p}0000001`))).toEqual(provinces.map(() => true));
  });

  it("rejects province codes outside the mainland ranges", () => {
    const provinces = ["10", "16", "24", "38", "47", "55", "66", "71", "81", "82"];
    expect(provinces.map((p) => isValidMoeInstitutionCode(`4${p}0000001`))).toEqual(provinces.map(() => false));
  });

  it("rejects codes that do not start with 4", () => {
    expect(isValidMoeInstitutionCode("3111010001")).toBe(false);
  });

  it("rejects codes that are not exactly 10 digits", () => {
    expect(["411101000", "41110100011", "411101000A", " 4111010001"].map(isValidMoeInstitutionCode)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("describeCodeProblem", () => {
  it("returns null for valid codes of both kinds", () => {
    expect([
      describeCodeProblem("UNIVERSITY", "4111010001"),
      describeCodeProblem("TRAINING_PROVIDER", "91350100M000100Y43"),
    ]).toEqual([null, null]);
  });

  it("explains each unified social credit code problem in one sentence", () => {
    expect([
      describeCodeProblem("TRAINING_PROVIDER", "91350100"),
      describeCodeProblem("TRAINING_PROVIDER", "91350100M000100O43"),
      describeCodeProblem("TRAINING_PROVIDER", "913501A0M000100Y43"),
      describeCodeProblem("TRAINING_PROVIDER", "91350100M000100Y53"),
      describeCodeProblem("TRAINING_PROVIDER", "91350100M000100Y44"),
    ]).toEqual([
      "A unified social credit code must be exactly 18 characters long, but this one has 8.",
      "A unified social credit code may only contain digits and uppercase letters other than I, O, S, V and Z.",
      "Characters 3 to 8 of a unified social credit code must be a 6-digit administrative division code.",
      "The organization code in characters 9 to 17 fails its check character, so the code probably contains a typo.",
      "The last character does not match the check character of the code, so it probably contains a typo.",
    ]);
  });

  it("explains each institution code problem in one sentence", () => {
    expect([
      describeCodeProblem("UNIVERSITY", "41110100"),
      describeCodeProblem("UNIVERSITY", "5111010001"),
      describeCodeProblem("UNIVERSITY", "4711010001"),
    ]).toEqual([
      "A Ministry of Education institution code must be exactly 10 digits.",
      "A higher-education institution code issued by the Ministry of Education starts with 4.",
      "Digits 2 and 3 of a Ministry of Education institution code must be a mainland province code.",
    ]);
  });

  it("validates a university against the institution code rules rather than the credit code rules", () => {
    expect(describeCodeProblem("UNIVERSITY", "91350100M000100Y43")).toBe(
      "A Ministry of Education institution code must be exactly 10 digits.",
    );
  });
});
