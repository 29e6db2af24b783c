import type { GraphQLClient } from "graphql-request";
import { ok, type TestServer } from "./server.js";
import type { Member } from "./course-factories.js";
import { AchievementRecordDocument, LearnerConsentGrantDocument, LearnerRegisterDocument, type AchievementRecordInput } from "../generated/operations.js";

let sequence = 0;
const next = () => (sequence += 1);

export interface RegisteredLearner {
  id: string;
  organizationId: string;
  externalRef: string;
}

/** Registers a learner at the member's organization under a fresh student number. */
export async function aLearner(member: Member, overrides: { externalRef?: string; displayName?: string } = {}): Promise<RegisteredLearner> {
  const n = next();
  const input = { organizationId: member.organizationId, externalRef: `S${String(n).padStart(6, "0")}`, displayName: `学员${n}`, ...overrides };
  const { learnerRegister } = await ok(member.client, LearnerRegisterDocument, { input });
  if (!learnerRegister.learner) throw new Error(`learner not registered: ${JSON.stringify(learnerRegister.userErrors)}`);
  return { id: learnerRegister.learner.id, organizationId: member.organizationId, externalRef: input.externalRef };
}

/** A client holding the learner's own token (role learner, sub = the learner's global ID). */
export async function asLearner(server: TestServer, learnerId: string): Promise<GraphQLClient> {
  return server.client(await server.token({ role: "learner", sub: learnerId }));
}

/** The learner consents to `organizationId` reading their record. */
export async function consentTo(server: TestServer, learnerId: string, organizationId: string): Promise<void> {
  const { learnerConsentGrant } = await ok(await asLearner(server, learnerId), LearnerConsentGrantDocument, { input: { idempotencyKey: `consent-${next()}`, organizationId } });
  if (learnerConsentGrant.userErrors.length > 0) throw new Error(`consent refused: ${JSON.stringify(learnerConsentGrant.userErrors)}`);
}

export function anAchievementInput(learnerId: string, courseId: string, overrides: Partial<AchievementRecordInput> = {}): AchievementRecordInput {
  return { idempotencyKey: `achievement-${next()}`, learnerId, courseId, grade: "85", completedOn: "2025-06-30", ...overrides };
}

/** Records an achievement that must be accepted and returns its ID. */
export async function anAchievement(member: Member, learnerId: string, courseId: string, overrides: Partial<AchievementRecordInput> = {}): Promise<string> {
  const { achievementRecord } = await ok(member.client, AchievementRecordDocument, { input: anAchievementInput(learnerId, courseId, overrides) });
  if (!achievementRecord.achievement) throw new Error(`achievement refused: ${JSON.stringify(achievementRecord.userErrors)}`);
  return achievementRecord.achievement.id;
}
