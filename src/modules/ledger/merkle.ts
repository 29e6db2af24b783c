import { createHash } from "node:crypto";

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256.
 *
 * Functions taking `leaves` accept raw leaf data and apply {@link leafHash};
 * the `...FromLeafHashes` variants take precomputed leaf hashes, which is what
 * a ledger stores. Proof generators recompute subtree hashes from the leaves;
 * the verifiers deliberately never see leaves and only fold the proof, exactly
 * as an outside auditor holding a signed root would.
 *
 * Recursion depth is bounded by log2(tree size). Proof generators throw on
 * invalid arguments; verifiers return false instead, because their inputs
 * (sizes, indices, proofs) are claims by a possibly dishonest party.
 */

export const HASH_BYTES = 32;
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** MTH({d}) = SHA-256(0x00 || d). The prefix separates leaves from interior nodes. */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** Interior node hash SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/**
 * Merkle Tree Hash of raw leaf data; the empty tree hashes to SHA-256("").
 */
export function rootHash(leaves: readonly Uint8Array[]): Uint8Array {
  return rootFromLeafHashes(leaves.map(leafHash));
}

/**
 * Merkle Tree Hash over precomputed leaf hashes.
 *
 * @throws {RangeError} if any leaf hash is not 32 bytes long.
 */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  assertHashes(hashes);
  return hashes.length === 0 ? sha256() : subtreeHash(hashes, 0, hashes.length);
}

/**
 * RFC 6962 §2.1.1 audit path for leaf `index` in the tree of raw `leaves`,
 * ordered from the leaf's sibling up to the root's child.
 *
 * @throws {RangeError} unless `index` is an integer with 0 <= index < leaves.length.
 */
export function inclusionProof(index: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return inclusionProofFromLeafHashes(index, leaves.map(leafHash));
}

/**
 * {@link inclusionProof} over precomputed leaf hashes.
 *
 * @throws {RangeError} unless 0 <= index < hashes.length, or if a hash is not 32 bytes.
 */
export function inclusionProofFromLeafHashes(
  index: number,
  hashes: readonly Uint8Array[],
): Uint8Array[] {
  assertHashes(hashes);
  if (!isSize(index) || index >= hashes.length) {
    throw new RangeError(`inclusionProof: index ${index} outside tree of size ${hashes.length}`);
  }
  return auditPath(index, hashes, 0, hashes.length);
}

/**
 * RFC 6962 §2.1.2 consistency proof that the tree of the first `m` raw leaves
 * is a prefix of the tree of all `leaves`. Empty when m equals the tree size.
 *
 * @throws {RangeError} unless `m` is an integer with 0 < m <= leaves.length.
 */
export function consistencyProof(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return consistencyProofFromLeafHashes(m, leaves.map(leafHash));
}

/**
 * {@link consistencyProof} over precomputed leaf hashes.
 *
 * @throws {RangeError} unless 0 < m <= hashes.length, or if a hash is not 32 bytes.
 */
export function consistencyProofFromLeafHashes(
  m: number,
  hashes: readonly Uint8Array[],
): Uint8Array[] {
  assertHashes(hashes);
  if (!isSize(m) || m === 0 || m > hashes.length) {
    throw new RangeError(`consistencyProof: size ${m} outside 1..${hashes.length}`);
  }
  return subproof(m, hashes, 0, hashes.length, true);
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` sits at `index` in the tree of
 * `treeSize` leaves whose root is `root`, using only the audit path.
 * Returns false (never throws) for any malformed or out-of-range input.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;

  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // fn is the last node of its level: skip the levels where it has no right sibling.
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of size `m` with root `rootM` is a
 * prefix of the tree of size `n` with root `rootN`, using only the proof.
 * For m === n the proof must be empty and the roots equal.
 * Returns false (never throws) for any malformed or out-of-range input,
 * including m outside 1..n.
 */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Uint8Array,
  rootN: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(m) || !isSize(n) || m === 0 || m > n) return false;
  if (!isHash(rootM) || !isHash(rootN) || !proof.every(isHash)) return false;
  if (m === n) return proof.length === 0 && equalBytes(rootM, rootN);
  if (proof.length === 0) return false;

  // When m is a power of two the old tree is a complete subtree of the new one,
  // so the proof omits its root and the verifier supplies it.
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : proof;
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];

  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && equalBytes(fr, rootM) && equalBytes(sr, rootN);
}

/** Lower-case hex encoding. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Decodes hex (either case) into a new Uint8Array.
 *
 * @throws {TypeError} for odd length or non-hex characters (Buffer.from would
 *   silently truncate at the first bad character instead).
 */
export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError("fromHex: malformed hex string");
  return new Uint8Array(Buffer.from(hex, "hex"));
}

// MTH(D[lo:hi]) for hi - lo >= 1. The single-leaf case returns a copy so that
// callers mutating a proof element can never corrupt their own leaf hashes.
function subtreeHash(hashes: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return new Uint8Array(hashes[lo]);
  const mid = lo + splitPoint(hi - lo);
  return nodeHash(subtreeHash(hashes, lo, mid), subtreeHash(hashes, mid, hi));
}

// PATH(m, D[lo:hi]) from RFC 6962 §2.1.1, with m relative to lo.
function auditPath(m: number, hashes: readonly Uint8Array[], lo: number, hi: number): Uint8Array[] {
  if (hi - lo === 1) return [];
  const k = splitPoint(hi - lo);
  if (m < k) return [...auditPath(m, hashes, lo, lo + k), subtreeHash(hashes, lo + k, hi)];
  return [...auditPath(m - k, hashes, lo + k, hi), subtreeHash(hashes, lo, lo + k)];
}

// SUBPROOF(m, D[lo:hi], complete) from RFC 6962 §2.1.2, with m relative to lo.
// `complete` is true while D[lo:lo+m] is still known to the verifier as the old root.
function subproof(
  m: number,
  hashes: readonly Uint8Array[],
  lo: number,
  hi: number,
  complete: boolean,
): Uint8Array[] {
  if (m === hi - lo) return complete ? [] : [subtreeHash(hashes, lo, hi)];
  const k = splitPoint(hi - lo);
  if (m <= k) return [...subproof(m, hashes, lo, lo + k, complete), subtreeHash(hashes, lo + k, hi)];
  return [...subproof(m - k, hashes, lo + k, hi, false), subtreeHash(hashes, lo, lo + k)];
}

// Largest power of two strictly smaller than n (n >= 2).
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// Arithmetic instead of bitwise operators: those truncate to 32 bits, and tree
// sizes are only bounded by Number.MAX_SAFE_INTEGER.
function isOdd(x: number): boolean {
  return x % 2 === 1;
}

function half(x: number): number {
  return Math.floor(x / 2);
}

function isPowerOfTwo(x: number): boolean {
  return x > 0 && splitPoint(x + 1) === x;
}

function isSize(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0;
}

function isHash(x: Uint8Array): boolean {
  return x instanceof Uint8Array && x.length === HASH_BYTES;
}

function assertHashes(hashes: readonly Uint8Array[]): void {
  hashes.forEach((hash, i) => {
    if (!isHash(hash)) throw new RangeError(`leaf hash #${i} is not a ${HASH_BYTES}-byte hash`);
  });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
