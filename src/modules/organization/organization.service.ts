import { and, asc, count, eq, getTableColumns, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import { anyUuid, preparedStatement } from "../../db/prepared-statement.js";
import type { Database, Db } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/errors.js";
import { likePattern } from "../../db/like-pattern.js";
import type { Actor } from "../../auth/viewer.js";
import { parseInputId } from "../../graphql/global-id.js";
import { readPageArgs, toConnection, type PageArgs } from "../../graphql/connection.js";
import { DomainError, Problems, UserErrorCode } from "../../graphql/user-error.js";
import { checkText, checkUrl } from "../../graphql/validation.js";
import { idempotent } from "../ledger/idempotency.js";
import { appendEntry } from "../ledger/journal.js";
import { describeCodeProblem } from "./organization-code.js";
import { organizations, type OrganizationKind, type OrganizationRow } from "./organization.table.js";
import { toOrganization } from "./organization.type.js";
import type { OrganizationCreateInput, OrganizationFilter, OrganizationUpdateInput } from "./organization.input.js";

interface OrganizationFields {
  name: string;
  nameEn: string | null;
  code: string;
  region: string | null;
  website: string | null;
}

// Organizations a process remembers as existing: 36-character IDs, a few megabytes at most.
const MAX_KNOWN_ORGANIZATIONS = 100_000;

// Prepared: the organizationById loader runs it in almost every request.
const organizationColumns = getTableColumns(organizations);
const selectOrganizationsByIds = preparedStatement(
  "organization_by_ids",
  (db) => db.select(organizationColumns).from(organizations).where(sql`${organizations.id} = ${anyUuid(sql.placeholder("ids"))}`),
  organizationColumns,
);

export class OrganizationService {
  /** Organizations are never deleted: one found once exists for good, and a token naming it needs no query. */
  private readonly known = new Set<string>();

  constructor(private readonly database: Database) {}

  /**
   * Registers an organization.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, REQUIRED / TOO_LONG / INVALID_VALUE / INVALID_URL / INVALID_CODE
   * (all reported together), CODE_TAKEN, IDEMPOTENCY_KEY_REUSED.
   */
  async create(actor: Actor, input: OrganizationCreateInput) {
    const { idempotencyKey, ...request } = input;
    const fields = this.validate(input.kind, input);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "organizationCreate", request }, async () => {
        const id = uuidv7();
        await refuseTakenCode(fields.code, () => tx.insert(organizations).values({ id, kind: input.kind, ...fields }));
        await appendEntry(tx, { kind: "ORGANIZATION_REGISTERED", actor, organizationIds: [id], body: { organizationId: id, kind: input.kind, ...fields } });
        return { organizationId: id };
      }),
    );
    return { organization: toOrganization(await this.require(result.organizationId)), replayed };
  }

  /**
   * Changes an organization's details; the kind never changes.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, INVALID_ID, NOT_FOUND, field validation codes, CODE_TAKEN, IDEMPOTENCY_KEY_REUSED.
   */
  async update(actor: Actor, input: OrganizationUpdateInput) {
    const { idempotencyKey, ...request } = input;
    const id = parseInputId(input.organizationId, "Organization", "organizationId");
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: idempotencyKey, operation: "organizationUpdate", request }, async () => {
        const [current] = await tx.select().from(organizations).where(eq(organizations.id, id)).for("update");
        if (!current) throw new DomainError(UserErrorCode.NOT_FOUND, "organizationId", "No organization has this ID");
        const fields = this.validate(current.kind, merge(current, input));
        await refuseTakenCode(fields.code, () => tx.update(organizations).set({ ...fields, updatedAt: new Date() }).where(eq(organizations.id, id)));
        return { organizationId: id };
      }),
    );
    return { organization: toOrganization(await this.require(result.organizationId)), replayed };
  }

  async list(args: PageArgs, filter: OrganizationFilter | null | undefined) {
    const { limit, after } = readPageArgs(args, 1);
    const conditions: SQL[] = [];
    if (filter?.kind) conditions.push(eq(organizations.kind, filter.kind));
    if (filter?.text?.trim()) {
      const pattern = likePattern(filter.text.trim());
      conditions.push(or(ilike(organizations.name, pattern), ilike(organizations.nameEn, pattern), ilike(organizations.code, pattern))!);
    }
    const matching = and(...conditions);
    const rows = await this.database.db
      .select()
      .from(organizations)
      .where(and(matching, after ? gt(organizations.id, String(after[0])) : undefined))
      .orderBy(asc(organizations.id))
      .limit(limit + 1);
    return toConnection(rows, limit, after !== null, (row) => [row.id], toOrganization, async () => {
      const [{ total }] = await this.database.db.select({ total: count() }).from(organizations).where(matching);
      return total;
    });
  }

  async byIds(ids: readonly string[]): Promise<OrganizationRow[]> {
    return selectOrganizationsByIds(this.database.db, { ids });
  }

  /** Whether the organization exists; asks the database only for one this process has not seen yet. */
  async exists(id: string): Promise<boolean> {
    if (this.known.has(id)) return true;
    const [row] = await this.byIds([id]);
    if (!row) return false;
    if (this.known.size >= MAX_KNOWN_ORGANIZATIONS) this.known.clear();
    this.known.add(id);
    return true;
  }

  private async require(id: string): Promise<OrganizationRow> {
    const [row] = await this.database.db.select().from(organizations).where(eq(organizations.id, id));
    return row;
  }

  private validate(kind: OrganizationKind, input: Partial<OrganizationFields>): OrganizationFields {
    const problems = new Problems();
    const name = checkText(problems, "name", input.name, { required: true, max: 200 });
    const nameEn = checkText(problems, "nameEn", input.nameEn, { required: false, max: 200 });
    const code = checkText(problems, "code", input.code, { required: true, max: 18 })?.toUpperCase() ?? null;
    const region = checkText(problems, "region", input.region, { required: false, max: 100 });
    const website = checkUrl(problems, "website", input.website);
    if (code !== null) {
      const problem = describeCodeProblem(kind, code);
      if (problem) problems.add(UserErrorCode.INVALID_CODE, "code", problem);
    }
    problems.throwIfAny();
    return { name: name!, nameEn, code: code!, region, website };
  }
}

/** Applies an update's fields over the current row: undefined keeps, null clears. */
function merge(current: OrganizationRow, input: OrganizationUpdateInput): Partial<OrganizationFields> {
  const pick = <K extends keyof OrganizationFields>(key: K) => (input[key] === undefined ? current[key] : input[key]);
  return { name: pick("name") ?? undefined, nameEn: pick("nameEn"), code: pick("code") ?? undefined, region: pick("region"), website: pick("website") };
}

/** The unique index decides, not a prior read: two concurrent registrations of one code cannot both pass. */
async function refuseTakenCode(code: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(UserErrorCode.CODE_TAKEN, "code", `Another organization already has the code ${code}`);
    throw error;
  }
}

/** For use cases of other modules that name an organization in their input: NOT_FOUND on `field` when it does not exist. */
export async function requireOrganization(executor: Db, organizationId: string, field: string): Promise<void> {
  const [found] = await executor.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, field, "No organization has this ID");
}
