import type { JWK } from "jose";
import type { Role } from "../../auth/viewer.js";
import { sha256Hex } from "./canonical-json.js";
import { parseAmount } from "./amount.js";
import { canonicalEntry, type EntryKind } from "./journal.js";
import { leafHash, rootFromLeafHashes, toHex, fromHex } from "./merkle.js";
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

export interface LedgerEvidence {
  /**
   * Leaves in order (index i is leaf i) with their entries; `entry` is null
   * when the entry is missing and undefined in a hash-only audit (no access to
   * entry contents).
   */
  leaves: { leafIndex: number; leafHash: string; entry?: EntryEvidence | null }[];
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

function checkLeaf(index: number, leaf: LedgerEvidence["leaves"][number]): string | null {
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

/**
 * The sealer appends each batch (the leaves between two consecutive
 * checkpoints) in ascending entry sequence. A descent inside a batch means
 * leaves were moved; the first misplaced leaf is the earliest one that belongs
 * after the leaf where the descent shows.
 */
function misorderedLeaves(leaves: LedgerEvidence["leaves"], checkpoints: { treeSize: number }[]): number[] {
  const misplaced: number[] = [];
  let batchStart = 0;
  for (const { treeSize } of checkpoints) {
    const batchEnd = Math.min(treeSize, leaves.length);
    for (let index = batchStart + 1; index < batchEnd; index += 1) {
      const sequence = leaves[index].entry?.sequence;
      const previous = leaves[index - 1].entry?.sequence;
      if (sequence === undefined || previous === undefined || sequence > previous) continue;
      const first = leaves.slice(batchStart, index).findIndex((leaf) => (leaf.entry?.sequence ?? -1) > sequence);
      misplaced.push(batchStart + first);
      break;
    }
    batchStart = Math.max(batchStart, treeSize);
  }
  return misplaced;
}

/**
 * Re-hashes every sealed entry, rebuilds the Merkle tree, and checks every
 * checkpoint's signature (with only the JWKS) and root. Because each
 * checkpoint's root is recomputed from the same leaf sequence, every later
 * checkpoint is also shown to extend every earlier one.
 */
export async function verifyLedger(evidence: LedgerEvidence): Promise<VerificationReport> {
  const problems: string[] = [];
  let firstBadIndex: number | null = null;
  const fail = (index: number | null, problem: string) => {
    if (index !== null && (firstBadIndex === null || index < firstBadIndex)) firstBadIndex = index;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  const hashes: Uint8Array[] = [];
  evidence.leaves.forEach((leaf, index) => {
    const problem = checkLeaf(index, leaf);
    if (problem) fail(index, problem);
    hashes.push(fromHex(leaf.leafHash));
  });

  const checkpoints = [...evidence.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  for (const misplaced of misorderedLeaves(evidence.leaves, checkpoints)) fail(misplaced, `leaf ${misplaced}: out of the order the sealer appended it in`);

  let previousSize = 0;
  for (const checkpoint of checkpoints) {
    try {
      const statement = await verifyCheckpoint(checkpoint.jws, evidence.jwks);
      if (statement.treeSize !== checkpoint.treeSize || statement.rootHash !== checkpoint.rootHash) {
        fail(null, `checkpoint ${checkpoint.treeSize}: stored size or root differs from what was signed`);
      }
    } catch (error) {
      fail(null, `checkpoint ${checkpoint.treeSize}: signature invalid (${error instanceof Error ? error.message : String(error)})`);
    }
    if (checkpoint.treeSize <= previousSize) fail(null, `checkpoint ${checkpoint.treeSize}: does not grow the log`);
    previousSize = checkpoint.treeSize;
    if (checkpoint.treeSize > hashes.length) {
      fail(hashes.length, `checkpoint ${checkpoint.treeSize}: the log holds only ${hashes.length} leaves (truncated?)`);
      continue;
    }
    if (toHex(rootFromLeafHashes(hashes.slice(0, checkpoint.treeSize))) !== checkpoint.rootHash) {
      fail(firstBadIndex ?? checkpoint.treeSize - 1, `checkpoint ${checkpoint.treeSize}: the leaves do not hash to its signed root`);
    }
  }
  return { ok: problems.length === 0, leavesChecked: hashes.length, checkpointsChecked: evidence.checkpoints.length, firstBadIndex, problems };
}
