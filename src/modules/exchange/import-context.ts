import type { Db } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, DomainErrors } from "../../graphql/user-error.js";
import type { OrganizationRow } from "../organization/organization.table.js";
import type { CourseService } from "../course/course.service.js";
import type { AchievementService } from "../achievement/achievement.service.js";
import type { AgreementService } from "../agreement/agreement.service.js";
import type { ImportProblem, ImportRow } from "./import-columns.js";

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

// The services judge a batch in stages (e.g. shape, then references) and stop
// at the first stage that fails; a few more passes reach the last stage.
const MAX_PASSES = 3;

/**
 * Writes `items` through a service's all-or-nothing path so that the report
 * names every bad row: the items refused in one pass are left out of the next,
 * so the service's later stages judge the rest. Each pass runs in a savepoint,
 * so a refused pass leaves nothing behind (idempotency claims included); the
 * import's transaction rolls back a later pass that succeeded when any problem was found.
 *
 * `locate` maps a service field to the item (by index) and the column.
 */
export async function writeInPasses<T extends { row: ImportRow }>(
  tx: Db,
  items: T[],
  write: (tx: Db, items: T[]) => Promise<number>,
  locate: (field: string | null) => { index: number; column: string | null } | null,
): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  let remaining = items;
  for (let pass = 0; pass < MAX_PASSES && remaining.length > 0; pass += 1) {
    let refused: Set<number>;
    try {
      const batch = remaining;
      const written = await tx.transaction((savepoint) => write(savepoint as unknown as Db, batch));
      return { rowsWritten: problems.length === 0 ? written : 0, problems };
    } catch (error) {
      refused = new Set();
      const current = remaining;
      problems.push(
        ...problemsFrom(error, (field) => {
          const at = locate(field);
          const item = at ? current[at.index] : undefined;
          if (!at || !item) return { line: null, column: null };
          refused.add(at.index);
          return { line: item.row.line, column: at.column === null ? null : item.row.header(at.column) };
        }),
      );
    }
    // A refusal of the whole batch (not of rows) ends the passes.
    if (refused.size === 0) break;
    remaining = remaining.filter((_, index) => !refused.has(index));
  }
  return { rowsWritten: 0, problems };
}
