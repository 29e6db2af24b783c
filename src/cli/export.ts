import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { graphql } from "../modules/ledger/evidence.js";
import { run, SERVER_OPTIONS, serverOf, type ServerOptions } from "./server-options.js";

const USAGE = `usage:
  npm run export -- --kind agreements --agreement <agreement ID> [--format json|csv] [--out file]
  npm run export -- --kind transcript --learner <learner ID> --org <organization ID> [--format csv|statement] [--out file]
  [--url http://localhost:4000] [--token <JWT>]   (defaults: RONGHE_URL, RONGHE_TOKEN)
--format statement issues a new signed statement (creditStatementIssue); written as a .jwt for npm run verify -- --statement.`;

interface ExportFile {
  fileName: string;
  content: string;
}

async function agreementFile(server: ServerOptions, agreementId: string, format: string): Promise<ExportFile | null> {
  const query = "query ($id: ID!, $format: AgreementExportFormat!) { agreementExport(agreementId: $id, format: $format) { fileName content } }";
  return (await graphql<{ agreementExport: ExportFile | null }>(server.url, server.token, query, { id: agreementId, format: format.toUpperCase() })).agreementExport;
}

async function transcriptFile(server: ServerOptions, learnerId: string, organizationId: string): Promise<ExportFile | null> {
  const query = "query ($learner: ID!, $org: ID!) { transcriptExport(learnerId: $learner, organizationId: $org, format: CSV) { fileName content } }";
  return (await graphql<{ transcriptExport: ExportFile | null }>(server.url, server.token, query, { learner: learnerId, org: organizationId })).transcriptExport;
}

async function statementFile(server: ServerOptions, learnerId: string, organizationId: string): Promise<ExportFile> {
  const mutation = `mutation ($input: CreditStatementIssueInput!) {
    creditStatementIssue(input: $input) { statement { id jws } userErrors { code message } }
  }`;
  const input = { idempotencyKey: `statement-${randomUUID()}`, learnerId, organizationId };
  const { creditStatementIssue } = await graphql<{ creditStatementIssue: { statement: { id: string; jws: string } | null; userErrors: { code: string; message: string }[] } }>(
    server.url, server.token, mutation, { input },
  );
  if (!creditStatementIssue.statement) throw new Error(creditStatementIssue.userErrors.map((error) => `${error.code}: ${error.message}`).join("; "));
  return { fileName: `statement-${creditStatementIssue.statement.id.replace("urn:uuid:", "")}.jwt`, content: `${creditStatementIssue.statement.jws}\n` };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { ...SERVER_OPTIONS, kind: { type: "string" }, agreement: { type: "string" }, learner: { type: "string" }, org: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
  });
  const server = serverOf(values);
  let file: ExportFile | null;
  if (values.kind === "agreements" && values.agreement) file = await agreementFile(server, values.agreement, values.format ?? "json");
  else if (values.kind === "transcript" && values.learner && values.org && (values.format ?? "csv") === "csv") file = await transcriptFile(server, values.learner, values.org);
  else if (values.kind === "transcript" && values.learner && values.org && values.format === "statement") file = await statementFile(server, values.learner, values.org);
  else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!file) {
    process.stderr.write("export: not found, or not visible with this token\n");
    return 1;
  }
  // Excel on Chinese Windows reads a CSV as UTF-8 only with a byte order mark.
  const content = file.fileName.endsWith(".csv") ? `\uFEFF${file.content}` : file.content;
  const out = values.out ?? file.fileName;
  fs.writeFileSync(out, content);
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}

run("export", main);
