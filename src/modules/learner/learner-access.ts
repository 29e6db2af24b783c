import type { Actor } from "../../auth/viewer.js";
import { decodeGlobalId } from "../../graphql/global-id.js";

/** The learner a learner token speaks for: its `sub` is the learner's global ID. Null for other roles. */
export function learnerIdOf(actor: Actor | null): string | null {
  if (actor?.role !== "learner") return null;
  const decoded = decodeGlobalId(actor.subject);
  return decoded?.type === "Learner" ? decoded.id : null;
}

/**
 * Who may read a learner's record (achievements, transfers, balances):
 * admins; the learner themself; the learner's own organization (which records
 * their achievements); and organizations the learner currently consents to.
 * Linking learners across organizations grants nothing: consent is given per
 * record, so a mistaken link cannot expose another person's record.
 */
export function mayReadLearner(actor: Actor | null, learner: { id: string; organizationId: string }, consentedOrganizationIds: ReadonlySet<string>): boolean {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  if (actor.role === "learner") return learnerIdOf(actor) === learner.id;
  if (actor.organizationId === null) return false;
  return actor.organizationId === learner.organizationId || consentedOrganizationIds.has(actor.organizationId);
}
