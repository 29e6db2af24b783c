// Pure validators for the official identifiers that organizations register with:
// universities by their Ministry of Education institution code (学校标识码),
// training providers by their unified social credit code (统一社会信用代码).
// They check structure and check characters only; whether a code was actually
// issued can only be confirmed against the issuing registry.

/** GB 32100-2015 character set; a character's value is its index. I, O, S, V and Z are excluded to avoid confusion with 1, 0, 5, U and 2. */
const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const USCC_LENGTH = 18;

/** GB 32100-2015 weights w_i = 3^(i-1) mod 31 for positions 1..17. */
const USCC_WEIGHTS: readonly number[] = Array.from({ length: USCC_LENGTH - 1 }, (_, i) => powMod(3, i, 31));

/** GB 11714-1997 weights for the 8-character organization code body. */
const ORGANIZATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/** Province-level division codes of mainland China (GB/T 2260); Taiwan, Hong Kong and Macao (71, 81, 82) have no MOE institution codes. */
const MAINLAND_PROVINCE_CODES: ReadonlySet<string> = new Set([
  "11", "12", "13", "14", "15",
  "21", "22", "23",
  "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46",
  "50", "51", "52", "53", "54",
  "61", "62", "63", "64", "65",
]);

function powMod(base: number, exponent: number, modulus: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = (result * base) % modulus;
  return result;
}

function usesUsccCharset(text: string): boolean {
  return [...text].every((char) => USCC_CHARSET.includes(char));
}

/**
 * Computes the 18th (check) character of a unified social credit code from its
 * first 17 characters, per GB 32100-2015: C18 = 31 - (Σ value_i × 3^(i-1) mod 31) mod 31,
 * so a remainder of 0 yields "0" rather than an out-of-range 31.
 * Meant for generating valid codes in tests and seeds.
 *
 * @throws RangeError when `first17` is not 17 characters of the GB 32100 character set.
 */
export function computeUnifiedSocialCreditCheckChar(first17: string): string {
  if (first17.length !== USCC_LENGTH - 1 || !usesUsccCharset(first17)) {
    throw new RangeError(`Expected 17 characters from "${USCC_CHARSET}", got "${first17}"`);
  }
  const sum = [...first17].reduce((total, char, i) => total + USCC_CHARSET.indexOf(char) * USCC_WEIGHTS[i], 0);
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Computes the 9th (check) character of an organization code (组织机构代码) from its
 * first 8 characters, per GB 11714-1997: C9 = 11 - (Σ value_i × w_i mod 11), where
 * 10 is written "X" and 11 is written "0". Letters count A=10 … Z=35 over the full
 * alphabet here, unlike GB 32100's reduced character set.
 * Meant for generating valid positions 9–17 of a unified social credit code.
 *
 * @throws RangeError when `first8` is not 8 digits or uppercase letters.
 */
export function computeOrganizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError(`Expected 8 digits or uppercase letters, got "${first8}"`);
  }
  const sum = [...first8].reduce((total, char, i) => total + parseInt(char, 36) * ORGANIZATION_CODE_WEIGHTS[i], 0);
  const check = 11 - (sum % 11);
  if (check === 10) return "X";
  if (check === 11) return "0";
  return String(check);
}

type UsccProblem = "LENGTH" | "CHARSET" | "DIVISION" | "ORGANIZATION_CHECK" | "CHECK";

/** Returns the first structural problem of a unified social credit code, in the order listed by {@link isValidUnifiedSocialCreditCode}. */
function findUsccProblem(code: string): UsccProblem | null {
  if (code.length !== USCC_LENGTH) return "LENGTH";
  if (!usesUsccCharset(code)) return "CHARSET";
  // Only "six digits" is checked: national-level registrations use 100000,
  // which is not a province, so a province whitelist would reject real codes.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "DIVISION";
  if (computeOrganizationCodeCheckChar(code.slice(8, 16)) !== code[16]) return "ORGANIZATION_CHECK";
  if (computeUnifiedSocialCreditCheckChar(code.slice(0, 17)) !== code[17]) return "CHECK";
  return null;
}

/**
 * Whether `code` is a structurally valid 18-character unified social credit code
 * (统一社会信用代码, GB 32100-2015). Input must already be uppercase: callers
 * normalise with `code.trim().toUpperCase()` because lowercase is never issued and
 * silently accepting it here would let two spellings of one code into storage.
 *
 * Rules, checked in this order:
 * 1. exactly 18 characters;
 * 2. every character in "0123456789ABCDEFGHJKLMNPQRTUWXY" (positions 1 and 2,
 *    registration authority and entity type, are not further restricted because
 *    new authority codes keep being assigned);
 * 3. positions 3–8 (administrative division code) are 6 digits;
 * 4. position 17 is the GB 11714 check character of the organization code at positions 9–16;
 * 5. position 18 is the GB 32100 check character of positions 1–17.
 */
export function isValidUnifiedSocialCreditCode(code: string): boolean {
  return findUsccProblem(code) === null;
}

type MoeProblem = "FORMAT" | "PREFIX" | "PROVINCE";

function findMoeProblem(code: string): MoeProblem | null {
  if (!/^\d{10}$/.test(code)) return "FORMAT";
  if (code[0] !== "4") return "PREFIX";
  if (!MAINLAND_PROVINCE_CODES.has(code.slice(1, 3))) return "PROVINCE";
  return null;
}

/**
 * Whether `code` is a structurally valid Ministry of Education institution code
 * (学校标识码) of a higher-education institution, e.g. 4111010001 (Peking University).
 *
 * Rules, checked in this order:
 * 1. exactly 10 ASCII digits;
 * 2. first digit is "4" (the MOE prefix for higher education);
 * 3. digits 2–3 are a mainland province code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65).
 *
 * The code has no check digit, so a mistyped serial number cannot be detected.
 */
export function isValidMoeInstitutionCode(code: string): boolean {
  return findMoeProblem(code) === null;
}

const USCC_MESSAGES: Record<UsccProblem, (code: string) => string> = {
  LENGTH: (code) => `A unified social credit code must be exactly 18 characters long, but this one has ${code.length}.`,
  CHARSET: () =>
    "A unified social credit code may only contain digits and uppercase letters other than I, O, S, V and Z.",
  DIVISION: () => "Characters 3 to 8 of a unified social credit code must be a 6-digit administrative division code.",
  ORGANIZATION_CHECK: () =>
    "The organization code in characters 9 to 17 fails its check character, so the code probably contains a typo.",
  CHECK: () => "The last character does not match the check character of the code, so it probably contains a typo.",
};

const MOE_MESSAGES: Record<MoeProblem, string> = {
  FORMAT: "A Ministry of Education institution code must be exactly 10 digits.",
  PREFIX: "A higher-education institution code issued by the Ministry of Education starts with 4.",
  PROVINCE: "Digits 2 and 3 of a Ministry of Education institution code must be a mainland province code.",
};

/**
 * Explains in one sentence why `code` is not a valid identifier for an
 * organization of `kind`, or returns null when it is valid. Universities are
 * identified by their MOE institution code, training providers by their unified
 * social credit code; the first failing rule (in the order documented on the
 * validators) is reported.
 */
export function describeCodeProblem(kind: "UNIVERSITY" | "TRAINING_PROVIDER", code: string): string | null {
  if (kind === "UNIVERSITY") {
    const problem = findMoeProblem(code);
    return problem === null ? null : MOE_MESSAGES[problem];
  }
  const problem = findUsccProblem(code);
  return problem === null ? null : USCC_MESSAGES[problem](code);
}
