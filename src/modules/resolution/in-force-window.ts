// The dates on which an agreement's rules apply, as one window per agreement,
// so the in-memory index answers "in force on D?" with two string compares.
// It must agree with `versionInForceOn`, which transfers use: only the latest
// fully approved version ever applies, never while suspended, and never on or
// after a termination's effective day.
import type { InForceFacts, Validity } from "../agreement/agreement-lifecycle.js";

/** Inclusive YYYY-MM-DD bounds; `to` null = open-ended. */
export interface InForceWindow {
  from: string;
  to: string | null;
}

/** The calendar day before `date` (YYYY-MM-DD). */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The days D for which `versionInForceOn(facts, D)` is the in-force version; null when there are none. */
export function inForceWindow(facts: InForceFacts<Validity>): InForceWindow | null {
  const version = facts.inForce;
  if (version === null || facts.state === "SUSPENDED") return null;
  const lastBeforeTermination = facts.terminationEffectiveOn === null ? null : dayBefore(facts.terminationEffectiveOn);
  const to = earliest(version.validTo, lastBeforeTermination);
  if (to !== null && to < version.validFrom) return null;
  return { from: version.validFrom, to };
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
