import type { Db } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, DomainErrors } from "../../graphql/user-error.js";
import type { OrganizationRow } from "../organization/organization.table.js";
import type { CourseService } from "../course/course.service.js";
import type { AchievementService } from "../achievement/achievement.service.js";
import type { AgreementService } from "../agreement/agreement.service.js";
import type { ImportProblem } from "./import-columns.js";

/** What one kind's importer works with: the import's transaction and the services whose rules it reuses. */
export interface ImportContext {
  tx: Db;
  actor: Actor;
  organization: OrganizationRow;
  /** RULES only: the agreement the rules amend. */
  agreementId: string | null;
  /** Identifies the file (content, kind, organization): per-row idempotency keys derive from it. */
  fileKey: string;
  services: { courses: CourseService; achievements: AchievementService; agreements: AgreementService };
}

export interface ImportOutcome {
  rowsWritten: number;
  problems: ImportProblem[];
}

/**
 * A service's refusal as report entries: `locate` turns the service's input
 * path (e.g. "items.3.grade") into the row and column it came from. Anything
 * that is not a refusal propagates.
 */
export function problemsFrom(error: unknown, locate: (field: string | null) => { line: number | null; column: string | null }): ImportProblem[] {
  const errors = error instanceof DomainErrors ? error.errors : error instanceof DomainError ? [error] : null;
  if (!errors) throw error;
  return errors.map((each) => ({ ...locate(each.field), code: each.code, reason: each.message }));
}
