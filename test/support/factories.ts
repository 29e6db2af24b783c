import { computeOrganizationCodeCheckChar, computeUnifiedSocialCreditCheckChar } from "../../src/modules/organization/organization-code.js";

let sequence = 0;
const next = () => (sequence += 1);

/** A valid 10-digit MOE institution identifier (Beijing province code 11). */
export function aMoeCode(n: number = next()): string {
  return `4111${String(100000 + (n % 900000)).padStart(6, "0")}`;
}

/** A valid 18-character unified social credit code with both check characters. */
export function aCreditCode(n: number = next()): string {
  const orgBody = String(10000000 + (n % 89999999)).slice(0, 8);
  const orgCode = orgBody + computeOrganizationCodeCheckChar(orgBody);
  const first17 = `91440300${orgCode}`;
  return first17 + computeUnifiedSocialCreditCheckChar(first17);
}

export function aUniversityInput(overrides: Record<string, unknown> = {}) {
  const n = next();
  return { kind: "UNIVERSITY" as const, name: `测试大学${n}`, nameEn: `Test University ${n}`, code: aMoeCode(n), region: "北京市", website: "https://example.edu.cn", ...overrides };
}

export function aProviderInput(overrides: Record<string, unknown> = {}) {
  const n = next();
  return { kind: "TRAINING_PROVIDER" as const, name: `测试科技有限公司${n}`, nameEn: `Test Tech Co. ${n}`, code: aCreditCode(n), region: "广东省深圳市", website: null, ...overrides };
}
