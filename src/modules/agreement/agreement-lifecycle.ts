// Pure lifecycle rules of an agreement: which action is allowed in which state,
// what status a reader sees on a given day, and which version is in force on a
// date. Transfers and resolution call `versionInForceOn` with an achievement's
// completion date, so it must agree with what the API shows.
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import type { AgreementState } from "./agreement.table.js";

/** What readers see: the stored state, with EXPIRED derived from the in-force version's `validTo`. */
export type AgreementStatus = "PROPOSED" | "ACTIVE" | "SUSPENDED" | "EXPIRED" | "TERMINATED";

export type LifecycleAction = "AMEND" | "APPROVE" | "SUSPEND" | "RESUME" | "TERMINATE";

/**
 * The states each action may start from (TERMINATED is final for all of them).
 * The README's transition table is this table.
 */
export const ALLOWED_FROM: Readonly<Record<LifecycleAction, readonly AgreementState[]>> = {
  AMEND: ["PROPOSED", "ACTIVE", "SUSPENDED"],
  APPROVE: ["PROPOSED", "ACTIVE", "SUSPENDED"],
  SUSPEND: ["ACTIVE"],
  RESUME: ["SUSPENDED"],
  TERMINATE: ["PROPOSED", "ACTIVE", "SUSPENDED"],
};

/** Agreements between Chinese institutions: "today" is the calendar day in China, not in UTC. */
export const AGREEMENT_TIME_ZONE = "Asia/Shanghai";

// en-CA formats as YYYY-MM-DD. Built once: a formatter costs about 40 µs to create and 1 µs to use.
const CHINA_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: AGREEMENT_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar day (YYYY-MM-DD) of `now` in {@link AGREEMENT_TIME_ZONE}. */
export function todayInChina(now: Date = new Date()): string {
  return CHINA_DAY.format(now);
}

/**
 * Refuses `action` in `state`.
 *
 * Fails with: AGREEMENT_TERMINATED (any action once terminated), INVALID_TRANSITION.
 */
export function checkTransition(action: LifecycleAction, state: AgreementState): void {
  if (state === "TERMINATED") {
    throw new DomainError(UserErrorCode.AGREEMENT_TERMINATED, "agreementId", "The agreement is terminated; it can no longer change");
  }
  if (!ALLOWED_FROM[action].includes(state)) {
    throw new DomainError(UserErrorCode.INVALID_TRANSITION, "agreementId", `An agreement that is ${state} cannot be ${PAST_TENSE[action]}`);
  }
}

const PAST_TENSE: Record<LifecycleAction, string> = {
  AMEND: "amended",
  APPROVE: "approved",
  SUSPEND: "suspended",
  RESUME: "resumed",
  TERMINATE: "terminated",
};

export interface Validity {
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null = open-ended. */
  validTo: string | null;
}

/** What decides whether a version is in force: the stored state and the latest fully approved version. */
export interface InForceFacts<V extends Validity> {
  state: AgreementState;
  /** The latest version every party approved, or null. */
  inForce: V | null;
  /** First day on which a terminated agreement no longer applies. */
  terminationEffectiveOn: string | null;
}

/**
 * The status shown on `today`: TERMINATED and PROPOSED as stored; an ACTIVE or
 * SUSPENDED agreement whose in-force version ended before `today` is EXPIRED.
 * An ACTIVE agreement whose `validFrom` is still ahead stays ACTIVE (approved);
 * `versionInForceOn(today)` tells that it does not apply yet.
 */
export function agreementStatus(facts: InForceFacts<Validity>, today: string): AgreementStatus {
  if (facts.state === "PROPOSED" || facts.state === "TERMINATED") return facts.state;
  const validTo = facts.inForce?.validTo ?? null;
  return validTo !== null && validTo < today ? "EXPIRED" : facts.state;
}

/**
 * The version that applies to something dated `date` (an achievement's
 * completion date), or null. Only the latest fully approved version ever
 * applies: an approved amendment replaces its predecessor as a whole. Null
 * when nothing was approved yet, while the agreement is suspended, from the
 * termination's effective day on, and outside the version's validity.
 */
export function versionInForceOn<V extends Validity>(facts: InForceFacts<V>, date: string): V | null {
  const version = facts.inForce;
  if (version === null || facts.state === "SUSPENDED") return null;
  if (facts.terminationEffectiveOn !== null && date >= facts.terminationEffectiveOn) return null;
  if (date < version.validFrom || (version.validTo !== null && date > version.validTo)) return null;
  return version;
}
