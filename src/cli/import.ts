import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { graphql } from "../modules/ledger/evidence.js";
import { run, SERVER_OPTIONS, serverOf } from "./server-options.js";

const USAGE = `usage: npm run import -- --kind courses|rules|achievements --org <organization ID> [--agreement <agreement ID>] file.csv [--dry-run]
         [--url http://localhost:4000] [--token <JWT>]   (defaults: RONGHE_URL, RONGHE_TOKEN)`;

const KINDS = { courses: "COURSES", rules: "RULES", achievements: "ACHIEVEMENTS" } as const;

const IMPORT_RUN = `mutation ($input: ImportRunInput!) {
  importRun(input: $input) {
    report { kind dryRun alreadyImported encoding fileKey rowsRead rowsWritten importedAt errors { line column code reason } }
    replayed
    userErrors { code field message }
  }
}`;

interface ImportRunAnswer {
  importRun: {
    report: { kind: string; dryRun: boolean; alreadyImported: boolean; encoding: string; rowsRead: number; rowsWritten: number; importedAt: string | null; errors: { line: number | null; column: string | null; code: string; reason: string }[] } | null;
    replayed: boolean;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
}

/** Sends the file's bytes (the server detects UTF-8 or GB18030) and prints the report. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...SERVER_OPTIONS, kind: { type: "string" }, org: { type: "string" }, agreement: { type: "string" }, "dry-run": { type: "boolean", default: false } },
  });
  const kind = KINDS[values.kind as keyof typeof KINDS];
  if (!kind || !values.org || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const server = serverOf(values);
  const input = {
    idempotencyKey: `import-${randomUUID()}`,
    kind,
    organizationId: values.org,
    agreementId: values.agreement ?? null,
    csvBase64: fs.readFileSync(positionals[0]).toString("base64"),
    dryRun: values["dry-run"],
  };
  const { importRun } = await graphql<ImportRunAnswer>(server.url, server.token, IMPORT_RUN, { input });
  const { report } = importRun;
  if (!report) {
    process.stdout.write(`REFUSED:\n${importRun.userErrors.map((error) => `  - ${error.code} (${error.field?.join(".") ?? "-"}): ${error.message}`).join("\n")}\n`);
    return 1;
  }
  if (report.errors.length > 0) {
    const lines = report.errors.map((error) => `  line ${error.line ?? "-"}, column ${error.column ?? "-"}: ${error.code}: ${error.reason}`);
    process.stdout.write(`REJECTED (${report.encoding}, ${report.rowsRead} rows read, nothing written):\n${lines.join("\n")}\n`);
    return 1;
  }
  const outcome = report.alreadyImported
    ? `already imported on ${report.importedAt}: nothing new written`
    : report.dryRun
      ? `dry run: ${report.rowsWritten} rows would be written, nothing written`
      : `${report.rowsWritten} rows written`;
  process.stdout.write(`OK (${report.encoding}, ${report.rowsRead} rows read): ${outcome}\n`);
  return 0;
}

run("import", main);
