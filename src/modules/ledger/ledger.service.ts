import { and, arrayContains, asc, count, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import type { Viewer } from "../../auth/viewer.js";
import { readPageArgs, toConnection, type PageArgs } from "../../graphql/connection.js";
import { badUserInput } from "../../graphql/errors.js";
import { decodeGlobalId } from "../../graphql/global-id.js";
import { ledgerCheckpoints, ledgerEntries, ledgerPostings, merkleLeaves } from "./ledger.table.js";
import { consistencyProofFromLeafHashes, fromHex, inclusionProofFromLeafHashes, rootFromLeafHashes, toHex } from "./merkle.js";
import { toLedgerEntry, type LedgerEntry } from "./ledger.type.js";
import type { EntryKind } from "./journal.js";
import { storedPostingsOf } from "./stored-postings.js";

export interface LedgerEntryFilter {
  kind?: EntryKind | null;
  organizationId?: string | null;
  learnerId?: string | null;
  since?: Date | null;
}

const LEAF_PAGE = 50_000;

/** PostgreSQL prints timestamps its own way; the API speaks ISO 8601 (as signed). */
function toCheckpoint(row: typeof ledgerCheckpoints.$inferSelect) {
  return { ...row, issuedAt: new Date(row.issuedAt).toISOString() };
}

/**
 * Leaf hashes in log order, cached in memory: the log is append-only, so a
 * prefix once read never changes. Proofs need the leaves of the tree asked for.
 */
class LeafCache {
  private hashes: Uint8Array[] = [];

  constructor(private readonly database: Database) {}

  async prefix(size: number): Promise<Uint8Array[]> {
    while (this.hashes.length < size) {
      const rows = await this.database.db
        .select({ leafHash: merkleLeaves.leafHash })
        .from(merkleLeaves)
        .where(and(gte(merkleLeaves.leafIndex, this.hashes.length), lt(merkleLeaves.leafIndex, size)))
        .orderBy(asc(merkleLeaves.leafIndex))
        .limit(LEAF_PAGE);
      if (rows.length === 0) throw new Error(`merkle log has fewer than ${size} leaves`);
      this.hashes.push(...rows.map((row) => fromHex(row.leafHash)));
    }
    return this.hashes.slice(0, size);
  }
}

/** A learner's entries: by stream, which the key (and a distributed database's routing) starts with. */
const ofLearner = (learnerId: string): SQL => and(eq(ledgerEntries.streamId, learnerId), eq(ledgerEntries.learnerId, learnerId))!;

export class LedgerService {
  private readonly leaves: LeafCache;

  constructor(private readonly database: Database) {
    this.leaves = new LeafCache(database);
  }

  async latestCheckpoint() {
    const [row] = await this.database.db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
    return row ? toCheckpoint(row) : null;
  }

  async checkpoints(args: PageArgs) {
    const { limit, after } = readPageArgs(args, 1);
    const rows = await this.database.db
      .select()
      .from(ledgerCheckpoints)
      .where(after ? gt(ledgerCheckpoints.treeSize, Number(after[0])) : undefined)
      .orderBy(asc(ledgerCheckpoints.treeSize))
      .limit(limit + 1);
    return toConnection(rows, limit, after !== null, (row) => [row.treeSize], toCheckpoint, async () => {
      const [{ total }] = await this.database.db.select({ total: count() }).from(ledgerCheckpoints);
      return total;
    });
  }

  /** Entries the viewer may read: admins all, organizations those they are party to, learners their own. */
  private visibility(viewer: Viewer): SQL | undefined {
    const actor = viewer.requireRole("admin", "registrar", "provider", "learner");
    if (actor.role === "admin") return undefined;
    if (actor.role === "learner") {
      const learner = decodeGlobalId(actor.subject);
      return learner?.type === "Learner" ? ofLearner(learner.id) : sql`false`;
    }
    return arrayContains(ledgerEntries.organizationIds, [actor.organizationId!]);
  }

  async entries(viewer: Viewer, args: PageArgs, filter: LedgerEntryFilter | null | undefined) {
    const { limit, after } = readPageArgs(args, 1);
    const conditions = [this.visibility(viewer)];
    if (filter?.kind) conditions.push(eq(ledgerEntries.kind, filter.kind));
    if (filter?.organizationId) conditions.push(arrayContains(ledgerEntries.organizationIds, [filter.organizationId]));
    if (filter?.learnerId) conditions.push(ofLearner(filter.learnerId));
    if (filter?.since) conditions.push(gte(ledgerEntries.recordedAt, filter.since.toISOString()));
    const matching = and(...conditions);
    const rows = await this.database.db
      .select()
      .from(ledgerEntries)
      .where(and(matching, after ? gt(ledgerEntries.sequence, Number(after[0])) : undefined))
      .orderBy(asc(ledgerEntries.sequence))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const [postings, leafIndexes] = await Promise.all([storedPostingsOf(this.database.db, page), this.leafIndexesOf(page.map((row) => row.sequence))]);
    const toEntry = (row: (typeof rows)[number]) => toLedgerEntry(row, postings.get(row.sequence) ?? [], leafIndexes.get(row.sequence) ?? null);
    return toConnection(rows, limit, after !== null, (row) => [row.sequence], toEntry, async () => {
      const [{ total }] = await this.database.db.select({ total: count() }).from(ledgerEntries).where(matching);
      return total;
    });
  }

  async entry(viewer: Viewer, id: string): Promise<LedgerEntry | null> {
    const [row] = await this.database.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.id, id), this.visibility(viewer)));
    if (!row) return null;
    const [postings, leafIndexes] = await Promise.all([storedPostingsOf(this.database.db, [row]), this.leafIndexesOf([row.sequence])]);
    return toLedgerEntry(row, postings.get(row.sequence) ?? [], leafIndexes.get(row.sequence) ?? null);
  }

  private async leafIndexesOf(sequences: number[]): Promise<Map<number, number>> {
    if (sequences.length === 0) return new Map();
    const rows = await this.database.db
      .select({ entrySequence: merkleLeaves.entrySequence, leafIndex: merkleLeaves.leafIndex })
      .from(merkleLeaves)
      .where(inArray(merkleLeaves.entrySequence, sequences));
    return new Map(rows.map((row) => [row.entrySequence, row.leafIndex]));
  }

  private async sealedSize(): Promise<number> {
    return (await this.latestCheckpoint())?.treeSize ?? 0;
  }

  /** Audit path for an entry in the tree of `treeSize` leaves (default: the latest checkpoint). */
  async inclusionProof(entryId: string, treeSize: number | null) {
    const [leaf] = await this.database.db
      .select({ leafIndex: merkleLeaves.leafIndex, leafHash: merkleLeaves.leafHash })
      .from(merkleLeaves)
      .innerJoin(ledgerEntries, eq(ledgerEntries.sequence, merkleLeaves.entrySequence))
      .where(eq(ledgerEntries.id, entryId));
    if (!leaf) throw badUserInput("The entry is not sealed into the Merkle log yet (or does not exist); retry after the next checkpoint");
    const size = treeSize ?? (await this.sealedSize());
    await this.assertSealedSize(size, "treeSize");
    if (leaf.leafIndex >= size) throw badUserInput(`The entry is leaf ${leaf.leafIndex}, outside a tree of ${size} leaves`);
    const hashes = await this.leaves.prefix(size);
    return {
      leafIndex: leaf.leafIndex,
      treeSize: size,
      leafHash: leaf.leafHash,
      auditPath: inclusionProofFromLeafHashes(leaf.leafIndex, hashes).map(toHex),
      rootHash: toHex(rootFromLeafHashes(hashes)),
    };
  }

  async consistencyProof(fromSize: number, toSize: number) {
    await this.assertSealedSize(toSize, "toSize");
    if (!Number.isSafeInteger(fromSize) || fromSize < 1 || fromSize > toSize) throw badUserInput(`fromSize must be from 1 to toSize (${toSize})`);
    const hashes = await this.leaves.prefix(toSize);
    return {
      fromSize,
      toSize,
      fromRoot: toHex(rootFromLeafHashes(hashes.slice(0, fromSize))),
      toRoot: toHex(rootFromLeafHashes(hashes)),
      auditPath: consistencyProofFromLeafHashes(fromSize, hashes).map(toHex),
    };
  }

  /** Leaf hashes in log order, for auditors rebuilding the tree without reading entries. */
  async leafHashes(fromIndex: number, first: number): Promise<string[]> {
    if (!Number.isSafeInteger(fromIndex) || fromIndex < 0) throw badUserInput("fromIndex must be ≥ 0");
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badUserInput("first must be from 1 to 1000");
    const rows = await this.database.db
      .select({ leafHash: merkleLeaves.leafHash })
      .from(merkleLeaves)
      .where(gte(merkleLeaves.leafIndex, fromIndex))
      .orderBy(asc(merkleLeaves.leafIndex))
      .limit(first);
    return rows.map((row) => row.leafHash);
  }

  /** Conservation: per unit, the sum of every account's balance. Zero unless the ledger is broken. */
  async unitTotals(): Promise<{ unit: string; total: string }[]> {
    const rows = await this.database.db
      .select({ unit: ledgerPostings.unit, total: sql<string>`coalesce(sum(${ledgerPostings.amount}), 0)::numeric(14,2)::text` })
      .from(ledgerPostings)
      .groupBy(ledgerPostings.unit)
      .orderBy(asc(ledgerPostings.unit));
    return rows;
  }

  private async assertSealedSize(size: number, argument: string): Promise<void> {
    const sealed = await this.sealedSize();
    if (!Number.isSafeInteger(size) || size < 1 || size > sealed) {
      throw badUserInput(`${argument} must be from 1 to the latest checkpoint's tree size (${sealed})`);
    }
  }
}
