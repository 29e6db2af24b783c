import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { appendLeaf, emptyFrontier, expectedRootCount, frontierRoot } from "../../../src/modules/ledger/merkle-frontier.js";
import { leafHash, rootFromLeafHashes, toHex } from "../../../src/modules/ledger/merkle.js";

const leaves = Array.from({ length: 70 }, (_, index) => leafHash(new TextEncoder().encode(`entry-${index}`)));

describe("merkle frontier", () => {
  it("gives the empty tree the hash of the empty string", () => {
    expect(toHex(frontierRoot(emptyFrontier()))).toBe(createHash("sha256").digest("hex"));
  });

  it("computes the same root as the full RFC 6962 tree hash at every size from 1 to 70", () => {
    let frontier = emptyFrontier();
    for (let size = 1; size <= leaves.length; size += 1) {
      frontier = appendLeaf(frontier, leaves[size - 1]);
      expect(frontier.size).toBe(size);
      expect(frontier.roots.length).toBe(expectedRootCount(size));
      expect(toHex(frontierRoot(frontier))).toBe(toHex(rootFromLeafHashes(leaves.slice(0, size))));
    }
  });

  it("never mutates the frontier it extends", () => {
    const one = appendLeaf(emptyFrontier(), leaves[0]);
    const before = toHex(frontierRoot(one));
    appendLeaf(one, leaves[1]);
    expect(toHex(frontierRoot(one))).toBe(before);
  });
});
