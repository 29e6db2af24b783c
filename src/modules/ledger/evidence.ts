import { asc, eq } from "drizzle-orm";
import type { JWK } from "jose";
import type { Database } from "../../db/database.js";
import { ledgerCheckpoints, ledgerEntries, ledgerPostings, merkleLeaves, signingKeys } from "./ledger.table.js";
import type { EntryEvidence, LedgerEvidence } from "./verifier.js";

type EntryRow = typeof ledgerEntries.$inferSelect;

function entryEvidence(row: EntryRow, postings: EntryEvidence["postings"]): EntryEvidence {
  return {
    sequence: row.sequence,
    id: row.id,
    kind: row.kind,
    actor: { subject: row.actorSubject, role: row.actorRole, organizationId: row.actorOrganizationId },
    organizationIds: row.organizationIds,
    learnerId: row.learnerId,
    body: row.body as Record<string, unknown>,
    postings,
    canonical: row.canonical,
    contentHash: row.contentHash,
    recordedAt: row.recordedAt,
  };
}

/** Everything a verifier needs, read straight from the database (`npm run verify -- --database URL`). */
export async function evidenceFromDatabase(database: Database): Promise<LedgerEvidence> {
  const { db } = database;
  const leaves = await db
    .select({ leaf: merkleLeaves, entry: ledgerEntries })
    .from(merkleLeaves)
    .leftJoin(ledgerEntries, eq(ledgerEntries.sequence, merkleLeaves.entrySequence))
    .orderBy(asc(merkleLeaves.leafIndex));
  const postings = await db.select().from(ledgerPostings).orderBy(asc(ledgerPostings.entrySequence), asc(ledgerPostings.position));
  const postingsBySequence = new Map<number, EntryEvidence["postings"]>();
  for (const posting of postings) {
    const list = postingsBySequence.get(posting.entrySequence) ?? [];
    list.push({ account: posting.account, unit: posting.unit, amount: posting.amount });
    postingsBySequence.set(posting.entrySequence, list);
  }
  const checkpoints = await db.select().from(ledgerCheckpoints).orderBy(asc(ledgerCheckpoints.treeSize));
  const keys = await db.select().from(signingKeys);
  return {
    leaves: leaves.map(({ leaf, entry }) => ({
      leafIndex: leaf.leafIndex,
      leafHash: leaf.leafHash,
      entry: entry ? entryEvidence(entry, postingsBySequence.get(entry.sequence) ?? []) : null,
    })),
    checkpoints: checkpoints.map(({ treeSize, rootHash, jws }) => ({ treeSize, rootHash, jws })),
    jwks: { keys: keys.map((key) => key.publicJwk as JWK) },
  };
}

// Bounded paging against a remote server.
const PAGE = 100;
const LEAF_PAGE = 1000;
const MAX_PAGES = 1_000_000;

/** One GraphQL request to a Ronghe server (`url` without /graphql); throws with the first error. */
export async function graphql<T>(url: string, token: string | null, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (result.errors?.length || !result.data) throw new Error(`${url}: ${result.errors?.[0]?.message ?? response.statusText}`);
  return result.data;
}

function decodeId(globalId: string | null): string | null {
  if (globalId === null) return null;
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  return text.slice(text.indexOf(":") + 1);
}

/**
 * Everything a verifier needs, over the public API. With an admin token every
 * entry is re-hashed; without one, only the tree, the checkpoints and their
 * signatures are checked (a hash-only audit).
 */
export async function evidenceFromApi(url: string, token: string | null, jwks?: { keys: JWK[] }): Promise<LedgerEvidence> {
  const checkpoints: LedgerEvidence["checkpoints"] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data: { ledgerCheckpoints: { nodes: LedgerEvidence["checkpoints"]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await graphql(
      url,
      null,
      "query($after: String) { ledgerCheckpoints(first: 100, after: $after) { nodes { treeSize rootHash jws } pageInfo { hasNextPage endCursor } } }",
      { after },
    );
    checkpoints.push(...data.ledgerCheckpoints.nodes);
    if (!data.ledgerCheckpoints.pageInfo.hasNextPage) break;
    after = data.ledgerCheckpoints.pageInfo.endCursor;
  }
  const leafHashes: string[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data = await graphql<{ ledgerLeafHashes: string[] }>(url, null, "query($from: SafeInt!) { ledgerLeafHashes(fromIndex: $from, first: 1000) }", { from: leafHashes.length });
    leafHashes.push(...data.ledgerLeafHashes);
    if (data.ledgerLeafHashes.length < LEAF_PAGE) break;
  }
  const entriesByLeaf = token ? await entriesFromApi(url, token) : null;
  return {
    leaves: leafHashes.map((leafHash, leafIndex) => ({ leafIndex, leafHash, entry: entriesByLeaf ? (entriesByLeaf.get(leafIndex) ?? null) : undefined })),
    checkpoints,
    jwks: jwks ?? ((await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: JWK[] }),
  };
}

interface ApiEntry {
  id: string;
  sequence: number;
  kind: string;
  actor: { subject: string; role: string; organizationId: string | null };
  organizationIds: string[];
  learnerId: string | null;
  body: Record<string, unknown>;
  postings: EntryEvidence["postings"];
  canonical: string;
  contentHash: string;
  recordedAt: string;
  leafIndex: number | null;
}

async function entriesFromApi(url: string, token: string): Promise<Map<number, EntryEvidence>> {
  const byLeaf = new Map<number, EntryEvidence>();
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data: { ledgerEntries: { nodes: ApiEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await graphql(
      url,
      token,
      `query($after: String) { ledgerEntries(first: ${PAGE}, after: $after) {
        nodes { id sequence kind actor { subject role organizationId } organizationIds learnerId body postings { account unit amount } canonical contentHash recordedAt leafIndex }
        pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const entry of data.ledgerEntries.nodes) {
      if (entry.leafIndex === null) continue;
      byLeaf.set(entry.leafIndex, {
        ...entry,
        id: decodeId(entry.id)!,
        actor: { ...entry.actor, organizationId: decodeId(entry.actor.organizationId) },
        organizationIds: entry.organizationIds.map((id) => decodeId(id)!),
        learnerId: decodeId(entry.learnerId),
      });
    }
    if (!data.ledgerEntries.pageInfo.hasNextPage) break;
    after = data.ledgerEntries.pageInfo.endCursor;
  }
  return byLeaf;
}
