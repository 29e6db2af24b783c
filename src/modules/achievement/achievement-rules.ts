// Whether an achievement may be recorded, and what it is worth. Pure
// functions over facts the service has loaded; no database.

import { UserErrorCode } from "../../graphql/user-error.js";
import { normalizeGrade, type GradeScale } from "../grade-scale/grade-scale.js";
import { account } from "../ledger/journal.js";
import type { Posting } from "../ledger/postings.js";
import type { CourseStatus } from "../course/course.table.js";

/** One published version of a course, as frozen when it was published. Amounts in hundredths. */
export interface CourseVersionFacts {
  version: number;
  /** The calendar day (China time) it was published. */
  publishedOn: string;
  lectureHours: bigint;
  practiceHours: bigint;
  credits: bigint | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface CourseFacts {
  id: string;
  organizationId: string;
  status: CourseStatus;
  /** Published versions, oldest first; empty for a course never published. */
  versions: CourseVersionFacts[];
}

export interface AchievementClaim {
  learner: { organizationId: string } | null;
  course: CourseFacts | null;
  scale: GradeScale;
  grade: string;
  /** YYYY-MM-DD */
  completedOn: string;
  /** Today in China (YYYY-MM-DD): completion dates after it are refused. */
  today: string;
  /** The learner already has this course completed on this date (recorded, or earlier in the same batch). */
  isDuplicate: boolean;
}

export type AchievementVerdict =
  | { ok: true; version: CourseVersionFacts; normalizedGrade: bigint }
  | { ok: false; code: UserErrorCode; field: "learnerId" | "courseId" | "grade" | "completedOn"; message: string };

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in China (UTC+8 all year, no daylight saving) at `instant`. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The version the learner took: the latest one published on or before the
 * completion day; the first version when the course was published only after
 * (providers often publish a course they already ran).
 */
export function versionInForce(versions: readonly CourseVersionFacts[], completedOn: string): CourseVersionFacts {
  return versions.reduce((chosen, version) => (version.publishedOn <= completedOn ? version : chosen), versions[0]);
}

function refuse(code: UserErrorCode, field: "learnerId" | "courseId" | "grade" | "completedOn", message: string): AchievementVerdict {
  return { ok: false, code, field, message };
}

/**
 * Judges one achievement. Codes in order of precedence: NOT_FOUND (learner),
 * NOT_FOUND (course), LEARNER_OF_ANOTHER_ORGANIZATION, COURSE_NOT_PUBLISHED,
 * COURSE_RETIRED, FUTURE_DATE, OUTSIDE_COURSE_VALIDITY, GRADE_INVALID,
 * GRADE_NOT_PASSING, ACHIEVEMENT_ALREADY_RECORDED.
 */
export function judgeAchievement(claim: AchievementClaim): AchievementVerdict {
  const { learner, course } = claim;
  if (!learner) return refuse(UserErrorCode.NOT_FOUND, "learnerId", "No learner has this ID");
  if (!course) return refuse(UserErrorCode.NOT_FOUND, "courseId", "No course has this ID");
  if (learner.organizationId !== course.organizationId) {
    return refuse(UserErrorCode.LEARNER_OF_ANOTHER_ORGANIZATION, "learnerId", "The learner is registered at another organization than the course's; register them at the course's organization");
  }
  if (course.status === "DRAFT" || course.versions.length === 0) return refuse(UserErrorCode.COURSE_NOT_PUBLISHED, "courseId", "The course is not published");
  if (course.status === "RETIRED") return refuse(UserErrorCode.COURSE_RETIRED, "courseId", "The course is retired; record completions before retiring a course");
  if (claim.completedOn > claim.today) return refuse(UserErrorCode.FUTURE_DATE, "completedOn", `completedOn ${claim.completedOn} is after today (${claim.today}, China time)`);
  const version = versionInForce(course.versions, claim.completedOn);
  if ((version.validFrom !== null && claim.completedOn < version.validFrom) || (version.validTo !== null && claim.completedOn > version.validTo)) {
    return refuse(UserErrorCode.OUTSIDE_COURSE_VALIDITY, "completedOn", `completedOn ${claim.completedOn} is outside the course's validity (${version.validFrom ?? "…"} to ${version.validTo ?? "…"})`);
  }
  const normalized = normalizeGrade(claim.scale, claim.grade);
  if (!normalized) return refuse(UserErrorCode.GRADE_INVALID, "grade", `"${claim.grade}" is not a grade on the organization's ${claim.scale.kind} scale`);
  if (!normalized.passing) return refuse(UserErrorCode.GRADE_NOT_PASSING, "grade", `"${claim.grade}" is below the pass mark: only passed learning earns value`);
  if (claim.isDuplicate) return refuse(UserErrorCode.ACHIEVEMENT_ALREADY_RECORDED, "completedOn", "The learner already has this course recorded as completed on this date");
  return { ok: true, version, normalizedGrade: normalized.normalizedGrade };
}

/**
 * What an achievement is worth in the ledger: its hours (lecture + practice),
 * and its credits when the course has any, move from the organization's
 * issuance account to the learner's account there. Zero amounts are left out
 * (a posting of nothing only obscures the audit trail).
 */
export function achievementPostings(learnerId: string, organizationId: string, version: CourseVersionFacts): Posting[] {
  const hours = version.lectureHours + version.practiceHours;
  const legs = (unit: "HOUR" | "CREDIT", amount: bigint): Posting[] =>
    amount > 0n
      ? [
          { account: account.learnerAt(learnerId, organizationId), unit, amount },
          { account: account.issuance(organizationId), unit, amount: -amount },
        ]
      : [];
  return [...legs("HOUR", hours), ...legs("CREDIT", version.credits ?? 0n)];
}
