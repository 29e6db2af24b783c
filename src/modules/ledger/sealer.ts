import { desc, sql } from "drizzle-orm";
import { rowsOf, type Database, type Db } from "../../db/database.js";
import type { Logger } from "../../http/logger.js";
import { ledgerCheckpoints, merkleLeaves } from "./ledger.table.js";
import { fromHex, leafHash, toHex } from "./merkle.js";
import { appendLeaf, emptyFrontier, expectedRootCount, frontierRoot, type Frontier } from "./merkle-frontier.js";
import { signCheckpoint } from "./checkpoint.js";
import type { KeyRing } from "./signing-keys.js";

// Bounded work per transaction: a backlog is sealed over several short runs
// rather than one long transaction.
const BATCH_SIZE = 5_000;
const MAX_BATCHES_PER_RUN = 50;
// Only one sealer may extend the log at a time, across server processes.
const SEALER_LOCK_KEY = 7_274_110_001;

export type CheckpointRow = typeof ledgerCheckpoints.$inferSelect;

function storedFrontier(checkpoint: CheckpointRow | undefined): Frontier {
  if (!checkpoint) return emptyFrontier();
  const roots = checkpoint.frontier.map(fromHex);
  if (roots.length !== expectedRootCount(checkpoint.treeSize)) throw new Error(`checkpoint ${checkpoint.treeSize} has a corrupt frontier`);
  return { size: checkpoint.treeSize, roots };
}

/**
 * Appends committed journal entries to the Merkle log and signs a checkpoint.
 *
 * Commit-safe order: every entry is queued in `ledger_unsealed` by its own
 * statement, so the queue holds exactly the committed entries not yet sealed.
 * Entries are leafed in the order the sealer first sees them committed (by
 * sequence within a run), and an entry whose transaction commits late is
 * simply sealed in a later run. Leaves, the queue's removals and the
 * checkpoint commit together: a crash leaves the queue as it was.
 */
export class Sealer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CheckpointRow | null> | null = null;
  private pending = false;

  constructor(
    private readonly database: Database,
    readonly keyRing: KeyRing,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.sealNow().catch((error: unknown) => this.logger.error("sealer run failed", { error: String(error) })), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Seals everything committed so far; concurrent callers share one run plus at most one follow-up. */
  async sealNow(): Promise<CheckpointRow | null> {
    if (this.running) {
      this.pending = true;
      await this.running.catch(() => undefined);
      if (this.running) return this.running;
    }
    this.running = this.runBatches().finally(() => {
      this.running = null;
    });
    const result = await this.running;
    if (this.pending) {
      this.pending = false;
      return this.sealNow();
    }
    return result;
  }

  private async runBatches(): Promise<CheckpointRow | null> {
    let latest: CheckpointRow | null = null;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      // Read committed, not repeatable read: the snapshot of a repeatable-read
      // transaction predates its lock, so a second sealer could extend a
      // checkpoint the first had just replaced. Each statement after the lock
      // sees what committed before it, including the previous holder's work.
      const outcome = await this.database.write((tx) => this.sealBatch(tx));
      latest = outcome.checkpoint ?? latest;
      if (!outcome.more) break;
    }
    return latest;
  }

  private async sealBatch(tx: Db): Promise<{ checkpoint: CheckpointRow | null; more: boolean }> {
    const [{ locked }] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK_KEY}) as locked`));
    if (!locked) return { checkpoint: null, more: false };
    const candidates = rowsOf<{ streamId: string; sequence: string; canonical: string }>(
      await tx.execute(sql`
        select u.stream_id as "streamId", u.entry_sequence::text as sequence, e.canonical
        from (select stream_id, entry_sequence from ledger_unsealed order by entry_sequence limit ${BATCH_SIZE + 1}) u
        join ledger_entry e on e.stream_id = u.stream_id and e.sequence = u.entry_sequence
        order by u.entry_sequence`),
    );
    const more = candidates.length > BATCH_SIZE;
    const batch = candidates.slice(0, BATCH_SIZE);
    if (batch.length === 0) return { checkpoint: null, more: false };

    const [latest] = await tx.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
    let frontier = storedFrontier(latest);
    const leaves = batch.map((entry) => {
      const hash = leafHash(new TextEncoder().encode(entry.canonical));
      const row = { leafIndex: frontier.size, entrySequence: Number(entry.sequence), leafHash: toHex(hash) };
      frontier = appendLeaf(frontier, hash);
      return row;
    });
    for (let start = 0; start < leaves.length; start += 1_000) await tx.insert(merkleLeaves).values(leaves.slice(start, start + 1_000));
    await dequeue(tx, batch);

    const key = await this.keyRing.current();
    const statement = { log: "ronghe" as const, treeSize: frontier.size, rootHash: toHex(frontierRoot(frontier)), issuedAt: new Date().toISOString() };
    const checkpoint: CheckpointRow = {
      ...statement,
      keyId: key.kid,
      jws: await signCheckpoint(statement, key),
      frontier: frontier.roots.map(toHex),
    };
    const { log: _log, ...row } = checkpoint as CheckpointRow & { log?: string };
    await tx.insert(ledgerCheckpoints).values(row);
    return { checkpoint: row, more };
  }
}

/** Removes sealed entries from the queue by their full key, so each removal is routed to its stream. */
async function dequeue(tx: Db, sealed: readonly { streamId: string; sequence: string }[]): Promise<void> {
  const keys = JSON.stringify(sealed.map(({ streamId, sequence }) => ({ streamId, sequence })));
  await tx.execute(sql`
    delete from ledger_unsealed u
    using jsonb_to_recordset(${keys}::jsonb) as sealed("streamId" uuid, sequence bigint)
    where u.stream_id = sealed."streamId" and u.entry_sequence = sealed.sequence`);
}
