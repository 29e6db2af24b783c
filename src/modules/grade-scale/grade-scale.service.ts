import { inArray } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import type { Viewer } from "../../auth/viewer.js";
import { parseInputId } from "../../graphql/global-id.js";
import { Problems } from "../../graphql/user-error.js";
import { idempotent } from "../ledger/idempotency.js";
import { requireOrganization } from "../organization/organization.service.js";
import { DEFAULT_GRADE_SCALE, fromStoredScale, readGradeScale, toStoredScale, type GradeScale } from "./grade-scale.js";
import { gradeScales, type GradeScaleRow } from "./grade-scale.table.js";
import type { GradeScaleSetInput } from "./grade-scale.input.js";

/** The scale in force for an organization: its own, or the default when it never set one. */
export function scaleOf(row: GradeScaleRow | undefined): GradeScale {
  return row ? fromStoredScale(row) : DEFAULT_GRADE_SCALE;
}

export class GradeScaleService {
  constructor(private readonly database: Database) {}

  /**
   * Replaces an organization's grade scale. Achievements already recorded keep
   * the normalised grade they were recorded with.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, INVALID_ID, FORBIDDEN (top-level: not the organization's registrar or
   * provider), INVALID_VALUE / REQUIRED / TOO_LONG / TOO_MANY_ITEMS (reported together), IDEMPOTENCY_KEY_REUSED,
   * NOT_FOUND (organization).
   */
  async set(viewer: Viewer, input: GradeScaleSetInput): Promise<{ row: GradeScaleRow; replayed: boolean }> {
    const { idempotencyKey, ...request } = input;
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const actor = viewer.requireOrganizationWriter(organizationId);
    const problems = new Problems();
    const stored = toStoredScale(readGradeScale(problems, input));
    problems.throwIfAny();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "gradeScaleSet", request }, async () => {
        await requireOrganization(tx, organizationId, "organizationId");
        const updatedAt = new Date();
        await tx
          .insert(gradeScales)
          .values({ organizationId, ...stored, updatedAt })
          .onConflictDoUpdate({ target: gradeScales.organizationId, set: { ...stored, updatedAt } });
        return { organizationId };
      }),
    );
    const [row] = await this.byOrganizations([result.organizationId]);
    return { row, replayed };
  }

  /** Stored scales; organizations on the default have none. Pass `executor` to read inside a transaction. */
  async byOrganizations(organizationIds: readonly string[], executor: Db = this.database.db): Promise<GradeScaleRow[]> {
    return executor.select().from(gradeScales).where(inArray(gradeScales.organizationId, [...organizationIds]));
  }
}
