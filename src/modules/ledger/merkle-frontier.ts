import { createHash } from "node:crypto";
import { nodeHash } from "./merkle.js";

/**
 * The right edge of an RFC 6962 tree: the roots of its perfect subtrees, left
 * to right, one per set bit of the tree size (largest first). It is all the
 * sealer needs to append leaves and compute the root in O(log n), without
 * reloading every leaf.
 */
export interface Frontier {
  size: number;
  /** Perfect-subtree roots, largest (leftmost) first. */
  roots: Uint8Array[];
}

export const emptyFrontier = (): Frontier => ({ size: 0, roots: [] });

/** Appends one leaf hash; merges equal-height subtrees like a binary counter carries. */
export function appendLeaf(frontier: Frontier, leafHash: Uint8Array): Frontier {
  const roots = [...frontier.roots, leafHash];
  // Each trailing 1-bit of the old size is a subtree of the same height as the carry.
  for (let size = frontier.size; size % 2 === 1; size = Math.floor(size / 2)) {
    const right = roots.pop()!;
    const left = roots.pop()!;
    roots.push(nodeHash(left, right));
  }
  return { size: frontier.size + 1, roots };
}

/** MTH of the whole tree: fold the subtree roots from the right (RFC 6962 splits at the largest power of two). */
export function frontierRoot(frontier: Frontier): Uint8Array {
  if (frontier.roots.length === 0) return new Uint8Array(createHash("sha256").digest());
  let root = frontier.roots[frontier.roots.length - 1];
  for (let index = frontier.roots.length - 2; index >= 0; index -= 1) root = nodeHash(frontier.roots[index], root);
  return root;
}

/** Number of set bits: how many subtree roots a frontier of `size` holds (an integrity check on stored frontiers). */
export function expectedRootCount(size: number): number {
  let count = 0;
  for (let rest = size; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}
