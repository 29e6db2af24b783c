import type { GraphQLClient } from "graphql-request";
import type { JWK } from "jose";
import { ok, type TestServer } from "./server.js";
import type { Member } from "./course-factories.js";
import { aKey } from "./agreement-factories.js";
import { CreditStatementIssueDocument, ImportRunDocument, LedgerEntriesDocument, type ImportRunInput } from "../generated/operations.js";

/** Issues a statement that must succeed; returns the payload's statement. */
export async function aStatement(client: GraphQLClient, learnerId: string, organizationId: string, idempotencyKey = aKey("statement")) {
  const { creditStatementIssue } = await ok(client, CreditStatementIssueDocument, { input: { idempotencyKey, learnerId, organizationId } });
  if (!creditStatementIssue.statement) throw new Error(`statement refused: ${JSON.stringify(creditStatementIssue.userErrors)}`);
  return creditStatementIssue.statement;
}

/** The server's public keys, as a third party fetches them. */
export async function jwksOf(server: TestServer): Promise<{ keys: (JWK & { "ronghe:retiredAt"?: string })[] }> {
  return (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
}

/** Journal entries of a kind, oldest first (read as admin). */
export async function entriesOfKind(admin: GraphQLClient, kind: "CREDIT_STATEMENT_ISSUED" | "ACHIEVEMENT_RECORDED" | "AGREEMENT_AMENDED") {
  const { ledgerEntries } = await ok(admin, LedgerEntriesDocument, { first: 100, filter: { kind } });
  return ledgerEntries.nodes;
}

/** Runs an import as the member; `csv` or `csvBase64` given by the caller. */
export async function anImport(member: Member, input: Partial<ImportRunInput> & Pick<ImportRunInput, "kind">) {
  return (await ok(member.client, ImportRunDocument, { input: { idempotencyKey: aKey("import"), organizationId: member.organizationId, dryRun: false, ...input } })).importRun;
}

/** CSV text from rows, as a spreadsheet saves it (CRLF). */
export const csvOf = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

export const base64 = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes).toString("base64");
