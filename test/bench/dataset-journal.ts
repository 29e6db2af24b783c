// The generated ledger: journal entries in the exact canonical form the app's
// appendEntry writes (canonicalEntry + SHA-256), their postings, and the
// Merkle log sealed as the app's sealer would (leaves in sequence order, a
// signed checkpoint per 5,000 leaves, the frontier stored with each), so
// `npm run verify -- --database` passes on a generated database and the
// servers' sealers continue the log where the generator stopped.
import type { Sql } from "postgres";
import type { Actor } from "../../src/auth/viewer.js";
import { canonicalEntry, normaliseOrganizationIds, type EntryDraft } from "../../src/modules/ledger/journal.js";
import { sha256Hex } from "../../src/modules/ledger/canonical-json.js";
import { formatAmount } from "../../src/modules/ledger/amount.js";
import { assertBalanced } from "../../src/modules/ledger/postings.js";
import { leafHash, toHex } from "../../src/modules/ledger/merkle.js";
import { appendLeaf, emptyFrontier, frontierRoot, type Frontier } from "../../src/modules/ledger/merkle-frontier.js";
import { signCheckpoint } from "../../src/modules/ledger/checkpoint.js";
import type { SigningKey } from "../../src/modules/ledger/signing-keys.js";
import { streamOf } from "../../src/modules/ledger/ledger.table.js";
import { json, type CopySink, type CopyValue, type CopyWriter, type Json } from "./copy-writer.js";
import type { Random } from "./prng.js";

// The sealer's batch size: checkpoints land where a live sealer would put them after a backlog.
const LEAVES_PER_CHECKPOINT = 5_000;
const encoder = new TextEncoder();

export class DatasetJournal {
  private sequence = 0;
  private frontier: Frontier = emptyFrontier();
  private lastRecordedAt = 0;
  /** The checkpoint at the last multiple of 5,000 leaves, stored once a later leaf shows it is not the last. */
  private pendingCheckpoint: CopyValue[] | null = null;
  private readonly entries: CopySink;
  private readonly postings: CopySink;
  private readonly leaves: CopySink;
  private readonly checkpoints: CopySink;

  constructor(
    writer: CopyWriter,
    private readonly random: Random,
    private readonly signingKey: SigningKey,
  ) {
    this.entries = writer.sink("ledger_entry", [
      "stream_id", "sequence", "id", "kind", "actor_subject", "actor_role", "actor_organization_id", "organization_ids", "learner_id", "body", "canonical", "content_hash", "recorded_at",
    ]);
    this.postings = writer.sink("ledger_posting", ["stream_id", "entry_sequence", "position", "account", "unit", "amount", "learner_id"]);
    this.leaves = writer.sink("merkle_leaf", ["leaf_index", "entry_sequence", "leaf_hash"]);
    this.checkpoints = writer.sink("ledger_checkpoint", ["tree_size", "root_hash", "issued_at", "key_id", "jws", "frontier"]);
  }

  get size(): number {
    return this.sequence;
  }

  /** Appends one entry recorded at `recordedAtMs` (entries must come in time order). Returns its id. */
  async append(draft: EntryDraft, recordedAtMs: number): Promise<{ id: string; sequence: number }> {
    if (recordedAtMs < this.lastRecordedAt) throw new Error(`journal entries must be appended in time order (${draft.kind})`);
    this.lastRecordedAt = recordedAtMs;
    const postings = draft.postings ?? [];
    assertBalanced(postings);
    this.sequence += 1;
    const sequence = this.sequence;
    const id = this.random.uuidv7(recordedAtMs);
    const recordedAt = new Date(recordedAtMs).toISOString();
    const canonical = canonicalEntry({ ...draft, id, sequence, recordedAt });
    const actor: Actor = draft.actor;
    await this.entries.add([
      streamOf(draft.learnerId), sequence, id, draft.kind, actor.subject, actor.role, actor.organizationId, normaliseOrganizationIds(draft.organizationIds), draft.learnerId ?? null,
      json(draft.body), canonical, sha256Hex(canonical), recordedAt,
    ]);
    for (const [position, posting] of postings.entries()) {
      await this.postings.add([streamOf(draft.learnerId), sequence, position, posting.account, posting.unit, formatAmount(posting.amount), draft.learnerId ?? null]);
    }
    await this.seal(sequence, canonical, recordedAtMs);
    return { id, sequence };
  }

  private async seal(sequence: number, canonical: string, recordedAtMs: number): Promise<void> {
    if (this.pendingCheckpoint) await this.checkpoints.add(this.pendingCheckpoint);
    this.pendingCheckpoint = null;
    const hash = leafHash(encoder.encode(canonical));
    await this.leaves.add([this.frontier.size, sequence, toHex(hash)]);
    this.frontier = appendLeaf(this.frontier, hash);
    if (this.frontier.size % LEAVES_PER_CHECKPOINT === 0) this.pendingCheckpoint = await this.checkpointRow(recordedAtMs);
  }

  /**
   * Writes the last checkpoint (after every sink is closed) and moves the
   * entry sequence past the generated entries. Every generated entry is
   * sealed, so the sealing queue (`ledger_unsealed`) stays empty.
   */
  async finish(sql: Sql): Promise<void> {
    this.pendingCheckpoint = null;
    if (this.frontier.size > 0) {
      const [treeSize, rootHash, issuedAt, keyId, jws, frontier] = (await this.checkpointRow(this.lastRecordedAt)) as [number, string, string, string, string, Json];
      await sql`insert into ledger_checkpoint (tree_size, root_hash, issued_at, key_id, jws, frontier)
        values (${treeSize}, ${rootHash}, ${issuedAt}, ${keyId}, ${jws}, ${sql.json(frontier.value as string[])})`;
    }
    await sql`select setval('ledger_entry_sequence_seq', ${Math.max(1, this.sequence)}, ${this.sequence > 0})`;
  }

  private async checkpointRow(atMs: number): Promise<CopyValue[]> {
    const statement = { log: "ronghe" as const, treeSize: this.frontier.size, rootHash: toHex(frontierRoot(this.frontier)), issuedAt: new Date(atMs + 1_000).toISOString() };
    const jws = await signCheckpoint(statement, this.signingKey);
    return [statement.treeSize, statement.rootHash, statement.issuedAt, this.signingKey.kid, jws, json(this.frontier.roots.map(toHex))];
  }
}
