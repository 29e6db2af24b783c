import { describe, it, expect } from "vitest";
import {
  consistencyProof,
  consistencyProofFromLeafHashes,
  fromHex,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  rootHash,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "../../../src/modules/ledger/merkle.js";

// Leaf data and expected values from the certificate-transparency reference
// tests (merkle_tree_test.cc), used by most RFC 6962 implementations.
const CT_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map(fromHex);

const EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** CT_ROOTS[n - 1] is the root of the first n leaves. */
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const CT_INCLUSION_PROOFS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

const CT_CONSISTENCY_PROOFS: { m: number; n: number; proof: string[] }[] = [
  { m: 1, n: 1, proof: [] },
  {
    m: 1,
    n: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    m: 6,
    n: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    m: 2,
    n: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8];

function ctRoot(size: number): Uint8Array {
  return fromHex(CT_ROOTS[size - 1]);
}

/** Copy of `bytes` with one bit flipped, leaving the original untouched. */
function flipped(bytes: Uint8Array, at = 0): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] ^= 0x01;
  return copy;
}

/** Every variant of `proof` with exactly one element corrupted. */
function corruptedProofs(proof: Uint8Array[]): Uint8Array[][] {
  return proof.map((_, i) => proof.map((p, j) => (i === j ? flipped(p, 31) : p)));
}

/** Deterministic PRNG (mulberry32) so property-test failures are reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLeaves(random: () => number, count: number): Uint8Array[] {
  return Array.from({ length: count }, () =>
    Uint8Array.from({ length: Math.floor(random() * 24) }, () => Math.floor(random() * 256)),
  );
}

describe("Merkle tree hashing", () => {
  it("hashes the empty tree to SHA-256 of the empty string", () => {
    expect(toHex(rootHash([]))).toBe(EMPTY_ROOT);
    expect(toHex(rootFromLeafHashes([]))).toBe(EMPTY_ROOT);
  });

  it("matches the certificate-transparency roots for sizes 1 to 8", () => {
    for (const size of SIZES) {
      expect(toHex(rootHash(CT_LEAVES.slice(0, size))), `size ${size}`).toBe(CT_ROOTS[size - 1]);
    }
  });

  it("domain-separates leaves and interior nodes as RFC 6962 prescribes", () => {
    const [a, b] = CT_LEAVES.map(leafHash);
    expect(toHex(a)).toBe(CT_ROOTS[0]);
    expect(toHex(nodeHash(a, b))).toBe(CT_ROOTS[1]);
    expect(toHex(leafHash(new Uint8Array(0)))).not.toBe(EMPTY_ROOT);
  });

  it("gives the same root from raw leaves and from precomputed leaf hashes", () => {
    for (const size of SIZES) {
      const leaves = CT_LEAVES.slice(0, size);
      expect(rootFromLeafHashes(leaves.map(leafHash))).toEqual(rootHash(leaves));
    }
  });

  it("rejects precomputed leaf hashes that are not 32 bytes", () => {
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow(RangeError);
    expect(() => inclusionProofFromLeafHashes(0, [new Uint8Array(33)])).toThrow(RangeError);
    expect(() => consistencyProofFromLeafHashes(1, [CT_LEAVES[1]])).toThrow(RangeError);
  });

  it("returns proof elements that do not alias the caller's leaf hashes", () => {
    const hashes = CT_LEAVES.slice(0, 2).map(leafHash);
    const [sibling] = inclusionProofFromLeafHashes(0, hashes);
    sibling[0] ^= 0xff;
    expect(toHex(hashes[1])).toBe("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  });
});

describe("inclusion proofs", () => {
  it("match the certificate-transparency audit paths", () => {
    for (const { index, size, proof } of CT_INCLUSION_PROOFS) {
      expect(inclusionProof(index, CT_LEAVES.slice(0, size)).map(toHex), `${index}@${size}`).toEqual(proof);
    }
  });

  it("verify for every index at every tree size from 1 to 8", () => {
    for (const size of SIZES) {
      const leaves = CT_LEAVES.slice(0, size);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, leaves);
        expect(proof).toEqual(inclusionProofFromLeafHashes(index, leaves.map(leafHash)));
        expect(verifyInclusion(leafHash(leaves[index]), index, size, proof, ctRoot(size)), `${index}@${size}`).toBe(
          true,
        );
      }
    }
  });

  it("fail verification when a proof element, the leaf or the root is altered", () => {
    for (const size of SIZES) {
      const leaves = CT_LEAVES.slice(0, size);
      for (let index = 0; index < size; index++) {
        const leaf = leafHash(leaves[index]);
        const proof = inclusionProof(index, leaves);
        const root = ctRoot(size);
        for (const bad of corruptedProofs(proof)) {
          expect(verifyInclusion(leaf, index, size, bad, root)).toBe(false);
        }
        expect(verifyInclusion(flipped(leaf), index, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, proof, flipped(root, 31))).toBe(false);
      }
    }
  });

  it("fail verification for any other index in the same tree", () => {
    for (const size of SIZES) {
      const leaves = CT_LEAVES.slice(0, size);
      for (let index = 0; index < size; index++) {
        const leaf = leafHash(leaves[index]);
        const proof = inclusionProof(index, leaves);
        for (let other = 0; other <= size; other++) {
          if (other === index) continue;
          expect(verifyInclusion(leaf, other, size, proof, ctRoot(size)), `${index}→${other}@${size}`).toBe(false);
        }
      }
    }
  });

  it("fail verification when elements are added to or removed from the proof", () => {
    const leaves = CT_LEAVES.slice(0, 7);
    const leaf = leafHash(leaves[2]);
    const proof = inclusionProof(2, leaves);
    expect(verifyInclusion(leaf, 2, 7, proof.slice(1), ctRoot(7))).toBe(false);
    expect(verifyInclusion(leaf, 2, 7, proof.slice(0, -1), ctRoot(7))).toBe(false);
    expect(verifyInclusion(leaf, 2, 7, [...proof, proof[0]], ctRoot(7))).toBe(false);
    expect(verifyInclusion(leaf, 2, 7, [], ctRoot(7))).toBe(false);
  });

  it("fail verification instead of throwing for malformed arguments", () => {
    const leaf = leafHash(CT_LEAVES[0]);
    const proof = inclusionProof(0, CT_LEAVES.slice(0, 2));
    for (const [index, size] of [
      [-1, 2],
      [0.5, 2],
      [0, 0],
      [2, 2],
      [Number.NaN, 2],
      [0, Number.POSITIVE_INFINITY],
    ]) {
      expect(verifyInclusion(leaf, index, size, proof, ctRoot(2))).toBe(false);
    }
    expect(verifyInclusion(leaf, 0, 2, [proof[0].subarray(1)], ctRoot(2))).toBe(false);
    expect(verifyInclusion(leaf.subarray(1), 0, 2, proof, ctRoot(2))).toBe(false);
  });

  it("reject out-of-range indices when generating a proof", () => {
    const leaves = CT_LEAVES.slice(0, 3);
    for (const index of [-1, 3, 1.5, Number.NaN]) {
      expect(() => inclusionProof(index, leaves)).toThrow(RangeError);
    }
    expect(() => inclusionProof(0, [])).toThrow(RangeError);
  });
});

describe("consistency proofs", () => {
  it("match the certificate-transparency consistency proofs", () => {
    for (const { m, n, proof } of CT_CONSISTENCY_PROOFS) {
      expect(consistencyProof(m, CT_LEAVES.slice(0, n)).map(toHex), `${m}→${n}`).toEqual(proof);
    }
  });

  it("verify for every pair of sizes 1 <= m <= n <= 8", () => {
    for (const n of SIZES) {
      const leaves = CT_LEAVES.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, leaves);
        expect(proof).toEqual(consistencyProofFromLeafHashes(m, leaves.map(leafHash)));
        expect(verifyConsistency(m, n, ctRoot(m), ctRoot(n), proof), `${m}→${n}`).toBe(true);
      }
    }
  });

  it("fail verification when a proof element or either root is altered", () => {
    for (const n of SIZES) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, CT_LEAVES.slice(0, n));
        for (const bad of corruptedProofs(proof)) {
          expect(verifyConsistency(m, n, ctRoot(m), ctRoot(n), bad), `${m}→${n}`).toBe(false);
        }
        expect(verifyConsistency(m, n, flipped(ctRoot(m)), ctRoot(n), proof)).toBe(false);
        expect(verifyConsistency(m, n, ctRoot(m), flipped(ctRoot(n)), proof)).toBe(false);
      }
    }
  });

  it("fail verification when the proof is replayed for different tree sizes", () => {
    for (const n of SIZES) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, CT_LEAVES.slice(0, n));
        for (const [m2, n2] of [
          [m - 1, n],
          [m + 1, n],
          [m, n + 1],
          [m, n - 1],
        ]) {
          if (m2 < 1 || n2 < 1 || n2 > 8 || m2 > n2) continue;
          expect(verifyConsistency(m2, n2, ctRoot(m2), ctRoot(n2), proof), `${m}→${n} as ${m2}→${n2}`).toBe(false);
        }
      }
    }
  });

  it("fail verification when elements are added to or removed from the proof", () => {
    const proof = consistencyProof(3, CT_LEAVES.slice(0, 7));
    expect(verifyConsistency(3, 7, ctRoot(3), ctRoot(7), proof.slice(1))).toBe(false);
    expect(verifyConsistency(3, 7, ctRoot(3), ctRoot(7), proof.slice(0, -1))).toBe(false);
    expect(verifyConsistency(3, 7, ctRoot(3), ctRoot(7), [...proof, proof[0]])).toBe(false);
    expect(verifyConsistency(3, 7, ctRoot(3), ctRoot(7), [])).toBe(false);
  });

  it("require an empty proof and equal roots when both sizes are equal", () => {
    expect(verifyConsistency(4, 4, ctRoot(4), ctRoot(4), [])).toBe(true);
    expect(verifyConsistency(4, 4, ctRoot(4), ctRoot(5), [])).toBe(false);
    expect(verifyConsistency(4, 4, ctRoot(4), ctRoot(4), [ctRoot(4)])).toBe(false);
  });

  it("fail verification instead of throwing for malformed arguments", () => {
    const proof = consistencyProof(2, CT_LEAVES.slice(0, 5));
    for (const [m, n] of [
      [0, 5],
      [-1, 5],
      [6, 5],
      [2.5, 5],
      [2, Number.NaN],
    ]) {
      expect(verifyConsistency(m, n, ctRoot(2), ctRoot(5), proof)).toBe(false);
    }
    expect(verifyConsistency(2, 5, ctRoot(2).subarray(1), ctRoot(5), proof)).toBe(false);
    expect(verifyConsistency(2, 5, ctRoot(2), ctRoot(5), [proof[0], new Uint8Array(0)])).toBe(false);
  });

  it("reject sizes outside 1..n when generating a proof", () => {
    const leaves = CT_LEAVES.slice(0, 3);
    for (const m of [0, -1, 4, 1.5, Number.NaN]) {
      expect(() => consistencyProof(m, leaves)).toThrow(RangeError);
    }
  });
});

describe("Merkle properties on random trees", () => {
  const random = prng(6962);
  const trees = Array.from({ length: 25 }, (_, i) => randomLeaves(random, i < 3 ? i + 1 : 1 + Math.floor(random() * 100)));

  it("verifies every inclusion proof and rejects each with a corrupted element", () => {
    for (const leaves of trees) {
      const root = rootHash(leaves);
      leaves.forEach((data, index) => {
        const proof = inclusionProof(index, leaves);
        const leaf = leafHash(data);
        expect(verifyInclusion(leaf, index, leaves.length, proof, root)).toBe(true);
        const bad = corruptedProofs(proof)[Math.floor(random() * proof.length)];
        if (bad) expect(verifyInclusion(leaf, index, leaves.length, bad, root)).toBe(false);
      });
    }
  });

  it("verifies every consistency proof against independently computed prefix roots", () => {
    for (const leaves of trees) {
      const n = leaves.length;
      const rootN = rootHash(leaves);
      for (let m = 1; m <= n; m++) {
        const rootM = rootHash(leaves.slice(0, m));
        const proof = consistencyProof(m, leaves);
        expect(verifyConsistency(m, n, rootM, rootN, proof), `${m}→${n}`).toBe(true);
        const bad = corruptedProofs(proof)[Math.floor(random() * proof.length)];
        if (bad) expect(verifyConsistency(m, n, rootM, rootN, bad)).toBe(false);
      }
    }
  });

  it("detects a rewritten historical leaf through the consistency proof", () => {
    for (const leaves of trees.filter((t) => t.length >= 2)) {
      const n = leaves.length;
      const m = 1 + Math.floor(random() * (n - 1));
      const pinnedRootM = rootHash(leaves.slice(0, m));
      const tampered = [...leaves];
      const victim = Math.floor(random() * m);
      tampered[victim] = Uint8Array.of(...leaves[victim], 0x42);

      const proof = consistencyProof(m, tampered);
      expect(verifyConsistency(m, n, pinnedRootM, rootHash(tampered), proof)).toBe(false);
      expect(verifyConsistency(m, n, rootHash(tampered.slice(0, m)), rootHash(tampered), proof)).toBe(true);
    }
  });

  it("verifies proofs for tree sizes beyond 32 bits", () => {
    // A tree of 2^40 identical leaves: every full subtree of height h hashes to levels[h].
    const levels = [leafHash(new Uint8Array(0))];
    for (let h = 1; h <= 40; h++) levels.push(nodeHash(levels[h - 1], levels[h - 1]));
    const size = 2 ** 40;
    for (const index of [0, 2 ** 33 + 5, size - 1]) {
      expect(verifyInclusion(levels[0], index, size, levels.slice(0, 40), levels[40])).toBe(true);
    }
    expect(verifyInclusion(levels[0], size - 1, size, levels.slice(0, 39), levels[40])).toBe(false);
    expect(verifyConsistency(2 ** 33, size, levels[33], levels[40], levels.slice(33, 40))).toBe(true);
    expect(verifyConsistency(2 ** 33, size, levels[33], levels[40], levels.slice(34, 40))).toBe(false);
  });
});

describe("hex helpers", () => {
  it("round-trips bytes through lower-case hex", () => {
    const bytes = Uint8Array.of(0, 1, 0xab, 0xff);
    expect(toHex(bytes)).toBe("0001abff");
    expect(fromHex("0001ABff")).toEqual(bytes);
    expect(toHex(bytes.subarray(2))).toBe("abff");
  });

  it("rejects malformed hex instead of truncating it", () => {
    expect(() => fromHex("abc")).toThrow(TypeError);
    expect(() => fromHex("zz")).toThrow(TypeError);
    expect(() => fromHex("00 11")).toThrow(TypeError);
  });
});
