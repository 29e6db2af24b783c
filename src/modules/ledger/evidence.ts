import { asc, eq, gt } from "drizzle-orm";
import type { JWK } from "jose";
import type { Database, Db } from "../../db/database.js";
import { ledgerCheckpoints, ledgerEntries, merkleLeaves, signingKeys } from "./ledger.table.js";
import type { EntryEvidence, LeafEvidence, LedgerEvidence } from "./verifier.js";
import { storedPostingsOf } from "./stored-postings.js";

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

/**
 * Leaves read per query by {@link evidenceFromDatabase}. One query over the
 * whole log exceeded the 15 s statement timeout at 1 million leaves. The page
 * bounds memory by the largest entries: an agreement proposal is up to 80 KB
 * of canonical text plus its parsed body, so a page of them holds about 50 MB.
 * Measured at scale 1 (busy 2-core machine): pages of 250 leaves read no slower than pages of 2,000.
 */
export const DATABASE_LEAF_PAGE = 250;

/**
 * Every leaf in index order with its entry, `pageSize` leaves per query
 * (keyset on leaf_index). No page cap: each query starts past the last index
 * read, so the loop ends with the table, and a cap would silently drop leaves.
 */
async function* leavesFromDatabase(db: Db, pageSize: number): AsyncGenerator<LeafEvidence> {
  let after: number | null = null;
  for (;;) {
    const rows = await db
      .select({ leaf: merkleLeaves, entry: ledgerEntries })
      .from(merkleLeaves)
      .leftJoin(ledgerEntries, eq(ledgerEntries.sequence, merkleLeaves.entrySequence))
      .where(after === null ? undefined : gt(merkleLeaves.leafIndex, after))
      .orderBy(asc(merkleLeaves.leafIndex))
      .limit(pageSize);
    const postings = await storedPostingsOf(db, rows.flatMap(({ entry }) => (entry ? [entry] : [])));
    for (const { leaf, entry } of rows) {
      yield { leafIndex: leaf.leafIndex, leafHash: leaf.leafHash, entry: entry ? entryEvidence(entry, postings.get(entry.sequence) ?? []) : null };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].leaf.leafIndex;
  }
}

/**
 * Everything a verifier needs, read straight from the database (`npm run verify -- --database URL`).
 * The leaves are read lazily, page by page, each time they are iterated: keep
 * the database open until the verifier is done.
 */
export async function evidenceFromDatabase(database: Database, pageSize = DATABASE_LEAF_PAGE): Promise<LedgerEvidence> {
  const { db } = database;
  // Checkpoints before leaves: a checkpoint commits with its leaves, so a sealer
  // running meanwhile can only add leaves past the checkpoints read, never make
  // the log look truncated.
  const checkpoints = await db
    .select({ treeSize: ledgerCheckpoints.treeSize, rootHash: ledgerCheckpoints.rootHash, jws: ledgerCheckpoints.jws })
    .from(ledgerCheckpoints)
    .orderBy(asc(ledgerCheckpoints.treeSize));
  const keys = await db.select().from(signingKeys);
  return {
    leaves: { [Symbol.asyncIterator]: () => leavesFromDatabase(db, pageSize) },
    checkpoints,
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
