import "reflect-metadata";
import { describe, expect, it } from "vitest";
import {
  agreementStatus,
  checkTransition,
  todayInChina,
  versionInForceOn,
  type InForceFacts,
  type LifecycleAction,
  type Validity,
} from "../../../src/modules/agreement/agreement-lifecycle.js";
import type { AgreementState } from "../../../src/modules/agreement/agreement.table.js";
import { DomainError } from "../../../src/graphql/user-error.js";

const V1 = { version: 1, validFrom: "2025-09-01", validTo: "2027-08-31" };

function facts(overrides: Partial<InForceFacts<Validity & { version: number }>> = {}): InForceFacts<Validity & { version: number }> {
  return { state: "ACTIVE", inForce: V1, terminationEffectiveOn: null, ...overrides };
}

function refusal(action: LifecycleAction, state: AgreementState): string | null {
  try {
    checkTransition(action, state);
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

describe("checkTransition", () => {
  const table: [LifecycleAction, AgreementState, string | null][] = [
    ["AMEND", "PROPOSED", null],
    ["AMEND", "ACTIVE", null],
    ["AMEND", "SUSPENDED", null],
    ["AMEND", "TERMINATED", "AGREEMENT_TERMINATED"],
    ["APPROVE", "PROPOSED", null],
    ["APPROVE", "ACTIVE", null],
    ["APPROVE", "SUSPENDED", null],
    ["APPROVE", "TERMINATED", "AGREEMENT_TERMINATED"],
    ["SUSPEND", "PROPOSED", "INVALID_TRANSITION"],
    ["SUSPEND", "ACTIVE", null],
    ["SUSPEND", "SUSPENDED", "INVALID_TRANSITION"],
    ["SUSPEND", "TERMINATED", "AGREEMENT_TERMINATED"],
    ["RESUME", "PROPOSED", "INVALID_TRANSITION"],
    ["RESUME", "ACTIVE", "INVALID_TRANSITION"],
    ["RESUME", "SUSPENDED", null],
    ["RESUME", "TERMINATED", "AGREEMENT_TERMINATED"],
    ["TERMINATE", "PROPOSED", null],
    ["TERMINATE", "ACTIVE", null],
    ["TERMINATE", "SUSPENDED", null],
    ["TERMINATE", "TERMINATED", "AGREEMENT_TERMINATED"],
  ];
  it.each(table)("%s from %s → %s", (action, state, expected) => {
    expect(refusal(action, state)).toBe(expected);
  });
});

describe("agreementStatus", () => {
  it("shows PROPOSED and TERMINATED as stored, whatever the dates", () => {
    expect(agreementStatus(facts({ state: "PROPOSED", inForce: null }), "2030-01-01")).toBe("PROPOSED");
    expect(agreementStatus(facts({ state: "TERMINATED", terminationEffectiveOn: "2026-01-01" }), "2025-01-01")).toBe("TERMINATED");
  });

  it("keeps an approved agreement ACTIVE before its validFrom and through its last valid day", () => {
    expect(agreementStatus(facts(), "2025-01-01")).toBe("ACTIVE");
    expect(agreementStatus(facts(), "2027-08-31")).toBe("ACTIVE");
  });

  it("derives EXPIRED the day after validTo, for active and suspended agreements alike", () => {
    expect(agreementStatus(facts(), "2027-09-01")).toBe("EXPIRED");
    expect(agreementStatus(facts({ state: "SUSPENDED" }), "2027-09-01")).toBe("EXPIRED");
  });

  it("never expires an open-ended version", () => {
    expect(agreementStatus(facts({ inForce: { ...V1, validTo: null } }), "2999-12-31")).toBe("ACTIVE");
  });
});

describe("versionInForceOn", () => {
  it("returns the approved version for a date inside its validity, bounds included", () => {
    expect(versionInForceOn(facts(), "2025-09-01")).toBe(V1);
    expect(versionInForceOn(facts(), "2027-08-31")).toBe(V1);
  });

  it("returns null outside the validity", () => {
    expect(versionInForceOn(facts(), "2025-08-31")).toBeNull();
    expect(versionInForceOn(facts(), "2027-09-01")).toBeNull();
  });

  it("returns null before any version was approved", () => {
    expect(versionInForceOn(facts({ state: "PROPOSED", inForce: null }), "2026-01-01")).toBeNull();
  });

  it("returns null for every date while the agreement is suspended", () => {
    expect(versionInForceOn(facts({ state: "SUSPENDED" }), "2026-01-01")).toBeNull();
  });

  it("applies a terminated agreement only to dates before the termination's effective day", () => {
    const terminated = facts({ state: "TERMINATED", terminationEffectiveOn: "2026-03-01" });
    expect(versionInForceOn(terminated, "2026-02-28")).toBe(V1);
    expect(versionInForceOn(terminated, "2026-03-01")).toBeNull();
  });
});

describe("todayInChina", () => {
  it("is already the next day in China at 16:00 UTC", () => {
    expect(todayInChina(new Date("2025-08-31T16:00:00Z"))).toBe("2025-09-01");
    expect(todayInChina(new Date("2025-08-31T15:59:59Z"))).toBe("2025-08-31");
  });
});
