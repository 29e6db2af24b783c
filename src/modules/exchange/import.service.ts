import { and, eq } from "drizzle-orm";
import type { Database, Db } from "../../db/database.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { parseInputId } from "../../graphql/global-id.js";
import { DomainError, UserErrorCode, type UserError } from "../../graphql/user-error.js";
import { contentHash } from "../ledger/canonical-json.js";
import { idempotent } from "../ledger/idempotency.js";
import { organizations, type OrganizationRow } from "../organization/organization.table.js";
import { CsvSyntaxError, parseCsv } from "./csv.js";
import { decodeText, UndecodableTextError, withoutBom, type SourceEncoding } from "./text-decoding.js";
import { readTable, type ImportKind, type ImportProblem, type ImportRow } from "./import-columns.js";
import type { ImportContext, ImportOutcome } from "./import-context.js";
import { importCourses, MAX_COURSE_ROWS } from "./course-import.js";
import { importAchievements, MAX_ACHIEVEMENT_ROWS } from "./achievement-import.js";
import { importRules, MAX_RULE_ROWS } from "./rule-import.js";
import { importRuns, type ImportRunRow } from "./import.table.js";
import type { ImportRunInput } from "./import.input.js";
import type { ImportReport } from "./import.type.js";

const IMPORTERS: Record<ImportKind, { maxRows: number; run: (context: ImportContext, rows: ImportRow[]) => Promise<ImportOutcome> }> = {
  COURSES: { maxRows: MAX_COURSE_ROWS, run: importCourses },
  ACHIEVEMENTS: { maxRows: MAX_ACHIEVEMENT_ROWS, run: importAchievements },
  RULES: { maxRows: MAX_RULE_ROWS, run: importRules },
};

/** A refused import leaves its transaction by throwing, so everything it wrote rolls back. */
class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import rejected");
  }
}

/** A dry run does all the work, then rolls it back the same way. */
class DryRunFinished extends Error {
  constructor(readonly rowsWritten: number) {
    super("dry run finished");
  }
}

interface ImportFile {
  kind: ImportKind;
  organizationId: string;
  agreementId: string | null;
  text: string;
  encoding: SourceEncoding;
  fileKey: string;
}

export interface ImportResult {
  report: ImportReport;
  replayed: boolean;
  /** IMPORT_REJECTED when the report lists errors (nothing was written). */
  rejection: UserError | null;
}

const byLine = (a: ImportProblem, b: ImportProblem) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? "").localeCompare(b.column ?? "");

export class ImportService {
  constructor(
    private readonly database: Database,
    private readonly services: ImportContext["services"],
  ) {}

  /**
   * Imports one CSV file into an organization, all or nothing, and at most
   * once per file. Problems with the file or its rows come back in the report
   * (with IMPORT_REJECTED); problems with the input are userErrors.
   *
   * Fails with: INVALID_ID, REQUIRED / INVALID_VALUE (agreementId, csv, csvBase64), FORBIDDEN (top level:
   * another organization), UNDECODABLE_FILE; IMPORT_REJECTED for the file as a whole (MALFORMED_CSV, the header's
   * UNKNOWN_COLUMN / DUPLICATE_COLUMN / MISSING_COLUMN, EMPTY_FILE, TOO_MANY_ITEMS); then, in the import's
   * transaction, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, NOT_FOUND (organization), FORBIDDEN (top level,
   * RULES: not a party), and IMPORT_REJECTED listing every bad row (the kind's own codes, DUPLICATE_ROW, NOT_FOUND /
   * UNKNOWN_ORGANIZATION / UNKNOWN_COURSE for unknown references, and the agreement's refusals such as TERMS_UNCHANGED).
   */
  async run(viewer: Viewer, input: ImportRunInput): Promise<ImportResult> {
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const agreementId = readAgreementId(input);
    const actor = viewer.requireOrganizationWriter(organizationId);
    const decoded = decodeInput(input);
    const records = parseRecords(decoded.text);
    const table = records.problems.length > 0 ? { rows: [], problems: records.problems } : readTable(input.kind, records.records);
    const file: ImportFile = { kind: input.kind, organizationId, agreementId, ...decoded, fileKey: fileKeyOf(input.kind, organizationId, agreementId, decoded.text) };
    const report = (fields: Partial<ImportReport>): ImportReport => ({
      kind: file.kind, dryRun: input.dryRun, alreadyImported: false, encoding: file.encoding, fileKey: file.fileKey,
      rowsRead: table.rows.length, rowsWritten: 0, importedAt: null, errors: [], ...fields,
    });
    const fileProblems = table.problems.length > 0 ? table.problems : sizeProblems(input.kind, table.rows);
    if (fileProblems.length > 0) return rejected(report({ errors: fileProblems }));
    try {
      const { result, replayed } = await this.database.write((tx) => {
        const work = () => this.importFile(tx, actor, file, table.rows, input.dryRun);
        if (input.dryRun) return work().then((result) => ({ result, replayed: false }));
        const request = { kind: file.kind, organizationId, agreementId, fileKey: file.fileKey };
        return idempotent(tx, { actor, key: input.idempotencyKey, operation: "importRun", request }, work);
      });
      if (!result.alreadyImported && !replayed) this.notifyChanged(file);
      const run = await this.findRun(organizationId, file.fileKey);
      const written = result.alreadyImported ? 0 : (run?.rowsWritten ?? 0);
      return { report: report({ alreadyImported: result.alreadyImported, rowsWritten: written, importedAt: run?.importedAt ?? null }), replayed, rejection: null };
    } catch (error) {
      if (error instanceof ImportRejected) return rejected(report({ errors: [...error.problems].sort(byLine) }));
      if (error instanceof DryRunFinished) return { report: report({ rowsWritten: error.rowsWritten }), replayed: false, rejection: null };
      throw error;
    }
  }

  /** Tells the caches a committed import changed: the agreement's rules, or the public catalog. */
  private notifyChanged(file: ImportFile): void {
    if (file.agreementId) this.services.agreements.notifyChanged(file.agreementId);
    if (file.kind === "COURSES") this.services.courses.notifyChanged();
  }

  /** Claims the file (insert first), runs the kind's importer and records what it wrote; throws to roll back. */
  private async importFile(tx: Db, actor: Actor, file: ImportFile, rows: ImportRow[], dryRun: boolean): Promise<{ alreadyImported: boolean }> {
    const organization = await loadOrganization(tx, file.organizationId);
    const claimed = await tx
      .insert(importRuns)
      .values({ organizationId: file.organizationId, fileKey: file.fileKey, kind: file.kind, agreementId: file.agreementId, encoding: file.encoding, rowsRead: rows.length, rowsWritten: 0, importedBy: actor.subject })
      .onConflictDoNothing()
      .returning({ fileKey: importRuns.fileKey });
    if (claimed.length === 0) return { alreadyImported: true };
    const context: ImportContext = { tx, actor, organization, agreementId: file.agreementId, fileKey: file.fileKey, services: this.services };
    const outcome = await IMPORTERS[file.kind].run(context, rows);
    if (outcome.problems.length > 0) throw new ImportRejected(outcome.problems);
    if (dryRun) throw new DryRunFinished(outcome.rowsWritten);
    await tx
      .update(importRuns)
      .set({ rowsWritten: outcome.rowsWritten })
      .where(and(eq(importRuns.organizationId, file.organizationId), eq(importRuns.fileKey, file.fileKey)));
    return { alreadyImported: false };
  }

  private async findRun(organizationId: string, fileKey: string): Promise<ImportRunRow | undefined> {
    const [row] = await this.database.db.select().from(importRuns).where(and(eq(importRuns.organizationId, organizationId), eq(importRuns.fileKey, fileKey)));
    return row;
  }
}

function rejected(report: ImportReport): ImportResult {
  const message = `The file was not imported: ${report.errors.length} problem(s), listed in the report; nothing was written`;
  return { report, replayed: false, rejection: { code: UserErrorCode.IMPORT_REJECTED, field: ["input", "csv"], message } };
}

function readAgreementId(input: ImportRunInput): string | null {
  const given = input.agreementId ?? null;
  if (input.kind !== "RULES") {
    if (given !== null) throw new DomainError(UserErrorCode.INVALID_VALUE, "agreementId", "agreementId applies to RULES imports only");
    return null;
  }
  if (given === null) throw new DomainError(UserErrorCode.REQUIRED, "agreementId", "A RULES import amends an agreement: give its ID");
  return parseInputId(given, "Agreement", "agreementId");
}

/** The text of the file: given as a string, or as bytes in UTF-8 or GB18030 (detected). */
function decodeInput(input: ImportRunInput): { text: string; encoding: SourceEncoding } {
  const hasText = input.csv !== null && input.csv !== undefined;
  const hasBytes = input.csvBase64 !== null && input.csvBase64 !== undefined;
  if (hasText === hasBytes) throw new DomainError(hasText ? UserErrorCode.INVALID_VALUE : UserErrorCode.REQUIRED, "csv", "Give the file either as csv (text) or as csvBase64 (bytes)");
  if (hasText) return { text: withoutBom(input.csv!), encoding: "UTF-8" };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.csvBase64!.replace(/\s/g, ""))) throw new DomainError(UserErrorCode.INVALID_VALUE, "csvBase64", "csvBase64 is not base64");
  try {
    return decodeText(Buffer.from(input.csvBase64!, "base64"));
  } catch (error) {
    if (!(error instanceof UndecodableTextError)) throw error;
    throw new DomainError(UserErrorCode.UNDECODABLE_FILE, "csvBase64", `${error.message}: save the spreadsheet as CSV (UTF-8 or GBK)`);
  }
}

function parseRecords(text: string): { records: ReturnType<typeof parseCsv>; problems: ImportProblem[] } {
  try {
    return { records: parseCsv(text), problems: [] };
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { records: [], problems: [{ line: error.line, column: null, code: UserErrorCode.MALFORMED_CSV, reason: error.message }] };
  }
}

function sizeProblems(kind: ImportKind, rows: ImportRow[]): ImportProblem[] {
  if (rows.length === 0) return [{ line: null, column: null, code: UserErrorCode.EMPTY_FILE, reason: "The file has a header but no data rows" }];
  const { maxRows } = IMPORTERS[kind];
  if (rows.length > maxRows) return [{ line: null, column: null, code: UserErrorCode.TOO_MANY_ITEMS, reason: `A ${kind} file takes at most ${maxRows} rows, this one has ${rows.length}: split it` }];
  return [];
}

/** Line endings do not make a file different; the kind, the organization and the agreement do. */
function fileKeyOf(kind: ImportKind, organizationId: string, agreementId: string | null, text: string): string {
  return contentHash({ format: "ronghe.import/1", kind, organizationId, agreementId, text: text.replace(/\r\n?/g, "\n") });
}

async function loadOrganization(tx: Db, organizationId: string): Promise<OrganizationRow> {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!row) throw new DomainError(UserErrorCode.NOT_FOUND, "organizationId", "No organization has this ID");
  return row;
}
