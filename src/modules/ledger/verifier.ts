import type { JWK } from "jose";
import type { Role } from "../../auth/viewer.js";
import { sha256Hex } from "./canonical-json.js";
import { parseAmount } from "./amount.js";
import { canonicalEntry, type EntryKind } from "./journal.js";
import { HASH_BYTES, leafHash, toHex, fromHex } from "./merkle.js";
import { appendLeaf, emptyFrontier, frontierRoot } from "./merkle-frontier.js";
import { verifyCheckpoint } from "./checkpoint.js";
import type { Unit } from "./postings.js";

/** One journal entry as a verifier sees it: structured fields plus what was hashed. */
export interface EntryEvidence {
  sequence: number;
  id: string;
  kind: string;
  actor: { subject: string; role: string; organizationId: string | null };
  organizationIds: string[];
  learnerId: string | null;
  body: Record<string, unknown>;
  postings: { account: string; unit: string; amount: string }[];
  canonical: string;
  contentHash: string;
  recordedAt: string;
}

/** One Merkle leaf; `entry` is null when the entry is missing and undefined in a hash-only audit (no access to entry contents). */
export interface LeafEvidence {
  leafIndex: number;
  leafHash: string;
  entry?: EntryEvidence | null;
}

export interface LedgerEvidence {
  /**
   * Leaves in order (the i-th is leaf i). An async source lets the verifier
   * stream a large log page by page: it keeps no leaf once it has checked it.
   */
  leaves: Iterable<LeafEvidence> | AsyncIterable<LeafEvidence>;
  checkpoints: { treeSize: number; rootHash: string; jws: string }[];
  jwks: { keys: JWK[] };
}

export interface VerificationReport {
  ok: boolean;
  leavesChecked: number;
  checkpointsChecked: number;
  /** The first leaf index at which the evidence stops matching, or null. */
  firstBadIndex: number | null;
  problems: string[];
}

// Reports list at most this many problems: the first is what matters.
const MAX_PROBLEMS = 20;

/** Rebuilds the canonical text from structured fields, so a changed body, posting or actor shows. */
function recomputeCanonical(entry: EntryEvidence): string {
  return canonicalEntry({
    id: entry.id,
    sequence: entry.sequence,
    kind: entry.kind as EntryKind,
    actor: { subject: entry.actor.subject, role: entry.actor.role as Role, organizationId: entry.actor.organizationId },
    organizationIds: entry.organizationIds,
    learnerId: entry.learnerId,
    body: entry.body,
    postings: entry.postings.map((posting) => ({ account: posting.account, unit: posting.unit as Unit, amount: parseAmount(posting.amount) })),
    recordedAt: new Date(entry.recordedAt).toISOString(),
  });
}

function checkLeaf(index: number, leaf: LeafEvidence): string | null {
  if (leaf.leafIndex !== index) return `leaf ${index}: missing (next stored leaf is ${leaf.leafIndex})`;
  const entry = leaf.entry;
  if (entry === undefined) return null;
  if (entry === null) return `leaf ${index}: its journal entry is missing`;
  let canonical: string;
  try {
    canonical = recomputeCanonical(entry);
  } catch (error) {
    return `leaf ${index}: entry ${entry.sequence} cannot be re-canonicalised (${error instanceof Error ? error.message : String(error)})`;
  }
  if (canonical !== entry.canonical) return `leaf ${index}: entry ${entry.sequence}'s fields no longer match its canonical text`;
  if (sha256Hex(canonical) !== entry.contentHash) return `leaf ${index}: entry ${entry.sequence}'s content hash does not match`;
  if (toHex(leafHash(new TextEncoder().encode(canonical))) !== leaf.leafHash) return `leaf ${index}: entry ${entry.sequence} differs from the leaf sealed for it`;
  return null;
}

type Checkpoint = LedgerEvidence["checkpoints"][number];
// The report lists leaf problems first, then misordered leaves, then checkpoint problems.
type Section = "leaves" | "order" | "checkpoints";

/** What went wrong, kept in report order; only the first MAX_PROBLEMS are kept, but all count. */
class Findings {
  firstBadIndex: number | null = null;
  count = 0;
  private readonly kept: Record<Section, string[]> = { leaves: [], order: [], checkpoints: [] };

  add(section: Section, index: number | null, problem: string): void {
    if (index !== null && (this.firstBadIndex === null || index < this.firstBadIndex)) this.firstBadIndex = index;
    this.count += 1;
    if (this.kept[section].length < MAX_PROBLEMS) this.kept[section].push(problem);
  }

  problems(): string[] {
    return [...this.kept.leaves, ...this.kept.order, ...this.kept.checkpoints].slice(0, MAX_PROBLEMS);
  }
}

/**
 * The sealer appends each batch (the leaves between two consecutive
 * checkpoints) in ascending entry sequence. A descent inside a batch means
 * leaves were moved; the first misplaced leaf is the earliest one that belongs
 * after the leaf where the descent shows. Fed one leaf at a time, it holds
 * only the current batch's sequences; leaves past the last checkpoint belong
 * to no batch yet.
 */
class BatchOrder {
  readonly misplaced: number[] = [];
  private readonly batchEnds: number[];
  private next = 0;
  private batchStart = 0;
  /** Sequences of the current batch so far, -1 for a missing entry; emptied once the batch has its descent. */
  private sequences: number[] = [];
  private hasDescent = false;
  private previous: number | undefined;

  constructor(sortedCheckpoints: readonly Checkpoint[]) {
    this.batchEnds = [...new Set(sortedCheckpoints.map((checkpoint) => checkpoint.treeSize).filter((size) => size > 0))];
  }

  add(index: number, sequence: number | undefined): void {
    while (this.next < this.batchEnds.length && this.batchEnds[this.next] <= index) {
      this.batchStart = this.batchEnds[this.next];
      this.next += 1;
      this.sequences = [];
      this.hasDescent = false;
    }
    if (this.next === this.batchEnds.length || this.hasDescent) return;
    const previous = this.previous;
    this.previous = sequence;
    if (index > this.batchStart && sequence !== undefined && previous !== undefined && !(sequence > previous)) {
      this.misplaced.push(this.batchStart + this.sequences.findIndex((earlier) => earlier > sequence));
      this.hasDescent = true;
      this.sequences = [];
      return;
    }
    this.sequences.push(sequence ?? -1);
  }
}

/**
 * Appends leaf hashes to the tree's right edge and takes each checkpoint's
 * root as the log reaches its size: one pass, O(log n) memory, where
 * rebuilding the tree per checkpoint would cost O(n) each.
 */
class CheckpointRoots {
  /** By position in the sorted checkpoints; unset for checkpoints past the end of the log. */
  readonly rootMatches: boolean[] = [];
  /** Index of the first leaf hash that is not HASH_BYTES long: the roots past it mean nothing. */
  firstMalformedIndex: number | null = null;
  private frontier = emptyFrontier();
  private next = 0;

  constructor(private readonly sortedCheckpoints: readonly Checkpoint[]) {
    this.takeRoots();
  }

  append(hash: Uint8Array): void {
    if (hash.length !== HASH_BYTES && this.firstMalformedIndex === null) this.firstMalformedIndex = this.frontier.size;
    this.frontier = appendLeaf(this.frontier, hash);
    this.takeRoots();
  }

  private takeRoots(): void {
    while (this.next < this.sortedCheckpoints.length && this.sortedCheckpoints[this.next].treeSize <= this.frontier.size) {
      this.rootMatches[this.next] = toHex(frontierRoot(this.frontier)) === this.sortedCheckpoints[this.next].rootHash;
      this.next += 1;
    }
  }
}

/** Signature, growth, truncation and root of each checkpoint, in ascending size, once every leaf was read. */
async function checkCheckpoints(sortedCheckpoints: readonly Checkpoint[], roots: CheckpointRoots, leafCount: number, jwks: LedgerEvidence["jwks"], findings: Findings) {
  let previousSize = 0;
  for (const [position, checkpoint] of sortedCheckpoints.entries()) {
    try {
      const statement = await verifyCheckpoint(checkpoint.jws, jwks);
      if (statement.treeSize !== checkpoint.treeSize || statement.rootHash !== checkpoint.rootHash) {
        findings.add("checkpoints", null, `checkpoint ${checkpoint.treeSize}: stored size or root differs from what was signed`);
      }
    } catch (error) {
      findings.add("checkpoints", null, `checkpoint ${checkpoint.treeSize}: signature invalid (${error instanceof Error ? error.message : String(error)})`);
    }
    if (checkpoint.treeSize <= previousSize) findings.add("checkpoints", null, `checkpoint ${checkpoint.treeSize}: does not grow the log`);
    previousSize = checkpoint.treeSize;
    if (checkpoint.treeSize > leafCount) {
      findings.add("checkpoints", leafCount, `checkpoint ${checkpoint.treeSize}: the log holds only ${leafCount} leaves (truncated?)`);
      continue;
    }
    if (roots.firstMalformedIndex !== null && roots.firstMalformedIndex < checkpoint.treeSize) {
      throw new RangeError(`leaf hash #${roots.firstMalformedIndex} is not a ${HASH_BYTES}-byte hash`);
    }
    if (!roots.rootMatches[position]) {
      findings.add("checkpoints", findings.firstBadIndex ?? checkpoint.treeSize - 1, `checkpoint ${checkpoint.treeSize}: the leaves do not hash to its signed root`);
    }
  }
}

/**
 * Re-hashes every sealed entry, rebuilds the Merkle tree, and checks every
 * checkpoint's signature (with only the JWKS) and root. Because each
 * checkpoint's root is recomputed from the same leaf sequence, every later
 * checkpoint is also shown to extend every earlier one. Reads the leaves once,
 * in order, keeping only the tree's right edge and the current batch's
 * entry sequences.
 */
export async function verifyLedger(evidence: LedgerEvidence): Promise<VerificationReport> {
  const findings = new Findings();
  const checkpoints = [...evidence.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const order = new BatchOrder(checkpoints);
  const roots = new CheckpointRoots(checkpoints);
  let leafCount = 0;
  for await (const leaf of evidence.leaves) {
    const problem = checkLeaf(leafCount, leaf);
    if (problem) findings.add("leaves", leafCount, problem);
    order.add(leafCount, leaf.entry?.sequence);
    roots.append(fromHex(leaf.leafHash));
    leafCount += 1;
  }
  for (const misplaced of order.misplaced) findings.add("order", misplaced, `leaf ${misplaced}: out of the order the sealer appended it in`);
  await checkCheckpoints(checkpoints, roots, leafCount, evidence.jwks, findings);
  return { ok: findings.count === 0, leavesChecked: leafCount, checkpointsChecked: evidence.checkpoints.length, firstBadIndex: findings.firstBadIndex, problems: findings.problems() };
}
