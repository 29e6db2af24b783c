// What the generator holds in memory while it writes: the plan for a scale,
// the shared context of the phases, and the entities later phases refer to.
import type { Sql } from "postgres";
import type { Actor } from "../../src/auth/viewer.js";
import type { CourseContent } from "../../src/modules/course/course-validation.js";
import type { GradeScale } from "../../src/modules/grade-scale/grade-scale.js";
import type { OrganizationKind } from "../../src/modules/organization/organization.table.js";
import type { AchievementRow } from "../../src/modules/achievement/achievement.table.js";
import type { RuleFacts } from "../../src/modules/transfer/transfer-facts.js";
import type { CopyWriter } from "./copy-writer.js";
import type { DatasetJournal } from "./dataset-journal.js";
import type { Random } from "./prng.js";

/** Row counts at scale 1 (the dataset); other scales multiply them. */
const AT_SCALE_1 = {
  organizations: 1_000,
  courses: 100_000,
  packages: 500,
  agreements: 2_000,
  rules: 300_000,
  learners: 100_000,
  achievements: 1_000_000,
};

export interface Plan {
  scale: number;
  universities: number;
  providers: number;
  courses: number;
  packages: number;
  agreements: number;
  rulesPerAgreement: number;
  learners: number;
  achievements: number;
}

export function planFor(scale: number): Plan {
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be > 0 and ≤ 10, got ${scale}`);
  const organizations = Math.max(6, Math.round(AT_SCALE_1.organizations * scale));
  const universities = Math.max(3, Math.round(organizations * 0.3));
  const agreements = Math.max(6, Math.round(AT_SCALE_1.agreements * scale));
  return {
    scale,
    universities,
    providers: organizations - universities,
    courses: Math.max(organizations * 30, Math.round(AT_SCALE_1.courses * scale)),
    packages: Math.max(3, Math.round(AT_SCALE_1.packages * scale)),
    agreements,
    rulesPerAgreement: Math.round(AT_SCALE_1.rules / AT_SCALE_1.agreements),
    learners: Math.max(100, Math.round(AT_SCALE_1.learners * scale)),
    achievements: Math.max(1_000, Math.round(AT_SCALE_1.achievements * scale)),
  };
}

export interface GeneratedVersion {
  version: number;
  content: CourseContent;
  publishedAtMs: number;
}

export interface GeneratedCourse {
  id: string;
  organization: GeneratedOrganization;
  status: "DRAFT" | "PUBLISHED" | "RETIRED";
  /** The current content (the latest version). */
  content: CourseContent;
  /** Published versions, oldest first. */
  versions: GeneratedVersion[];
}

export interface GeneratedOrganization {
  index: number;
  id: string;
  kind: OrganizationKind;
  name: string;
  registeredAtMs: number;
  /** The registrar (universities) or provider (enterprises) who writes for it. */
  actor: Actor;
  gradeScale: GradeScale;
  courses: GeneratedCourse[];
  /** Its PUBLISHED courses; the first ones are "hub" courses that agreements cite most. */
  published: GeneratedCourse[];
}

export interface GeneratedAgreement {
  id: string;
  active: boolean;
  /** Where credit lands (ONE_WAY) or the parties (MUTUAL). */
  universityIds: string[];
  providerIds: string[];
}

export interface GeneratedLearner {
  id: string;
  organization: GeneratedOrganization;
  /** A university the learner consented to read their record (their prospective transfer target). */
  consentedTo: GeneratedOrganization | null;
  achievementCount: number;
  /** Kept for the learners whose credits the dataset transfers (half of those who consented). */
  achievements: AchievementRow[] | null;
}

export interface Dataset {
  plan: Plan;
  seed: string;
  sql: Sql;
  writer: CopyWriter;
  journal: DatasetJournal;
  /** A generator per phase, so adding a phase never changes the others' data. */
  random(phase: string): Random;
  admin: Actor;
  organizations: GeneratedOrganization[];
  universities: GeneratedOrganization[];
  providers: GeneratedOrganization[];
  agreements: GeneratedAgreement[];
  /** Rules of active ONE_WAY agreements by provider and university (pairKey), in candidate order. */
  transferRules: Map<string, RuleFacts[]>;
  learners: GeneratedLearner[];
}

const DAY_MS = 86_400_000;

/** Milliseconds of a UTC day; the dataset's history runs from 2018 to mid-2026. */
export function at(isoDate: string, offsetMs = 0): number {
  return Date.parse(`${isoDate}T00:00:00.000Z`) + offsetMs;
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}
