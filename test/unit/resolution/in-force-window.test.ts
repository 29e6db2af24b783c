import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { versionInForceOn, type InForceFacts, type Validity } from "../../../src/modules/agreement/agreement-lifecycle.js";
import { dayBefore, inForceWindow } from "../../../src/modules/resolution/in-force-window.js";

const version = (validFrom: string, validTo: string | null): Validity => ({ validFrom, validTo });

/** Every day from 2025-12-25 to 2027-01-05, around the bounds the cases use. */
function days(): string[] {
  const all: string[] = [];
  for (let day = new Date("2025-12-25T00:00:00Z"); day <= new Date("2027-01-05T00:00:00Z"); day.setUTCDate(day.getUTCDate() + 1)) all.push(day.toISOString().slice(0, 10));
  return all;
}

const cases: [string, InForceFacts<Validity>][] = [
  ["active, open-ended", { state: "ACTIVE", inForce: version("2026-01-01", null), terminationEffectiveOn: null }],
  ["active, bounded", { state: "ACTIVE", inForce: version("2026-01-01", "2026-12-31"), terminationEffectiveOn: null }],
  ["suspended", { state: "SUSPENDED", inForce: version("2026-01-01", null), terminationEffectiveOn: null }],
  ["never approved", { state: "PROPOSED", inForce: null, terminationEffectiveOn: null }],
  ["terminated inside the validity", { state: "TERMINATED", inForce: version("2026-01-01", "2026-12-31"), terminationEffectiveOn: "2026-03-01" }],
  ["terminated after the validity", { state: "TERMINATED", inForce: version("2026-01-01", "2026-06-30"), terminationEffectiveOn: "2026-09-01" }],
  ["terminated before it began", { state: "TERMINATED", inForce: version("2026-06-01", null), terminationEffectiveOn: "2026-06-01" }],
  ["terminated, open-ended", { state: "TERMINATED", inForce: version("2026-01-01", null), terminationEffectiveOn: "2026-01-02" }],
];

describe("inForceWindow", () => {
  it.each(cases)("agrees with versionInForceOn on every day (%s)", (_name, facts) => {
    const window = inForceWindow(facts);
    for (const day of days()) {
      const inWindow = window !== null && window.from <= day && (window.to === null || day <= window.to);
      expect({ day, inWindow }).toEqual({ day, inWindow: versionInForceOn(facts, day) !== null });
    }
  });

  it("steps back over month, year and leap-day boundaries", () => {
    expect([dayBefore("2026-03-01"), dayBefore("2028-03-01"), dayBefore("2027-01-01")]).toEqual(["2026-02-28", "2028-02-29", "2026-12-31"]);
  });
});
