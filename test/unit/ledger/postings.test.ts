import { describe, it, expect } from "vitest";
import {
  InvalidPostingError,
  UnbalancedPostingsError,
  assertBalanced,
  sumByUnit,
  type Posting,
} from "../../../src/modules/ledger/postings.js";

const transfer: Posting[] = [
  { account: "university:a", unit: "CREDIT", amount: -150n },
  { account: "provider:b", unit: "CREDIT", amount: 150n },
  { account: "student:c", unit: "HOUR", amount: 4500n },
  { account: "provider:b", unit: "HOUR", amount: -4000n },
  { account: "provider:d", unit: "HOUR", amount: -500n },
];

describe("sumByUnit", () => {
  it("sums amounts separately for each unit", () => {
    const sums = sumByUnit([
      { account: "a", unit: "HOUR", amount: 100n },
      { account: "b", unit: "CREDIT", amount: -7n },
      { account: "c", unit: "HOUR", amount: 25n },
    ]);
    expect([...sums]).toEqual([
      ["HOUR", 125n],
      ["CREDIT", -7n],
    ]);
  });

  it("returns an empty map for no postings", () => {
    expect(sumByUnit([]).size).toBe(0);
  });
});

describe("assertBalanced", () => {
  it("accepts postings that net to zero in every unit", () => {
    expect(() => assertBalanced(transfer)).not.toThrow();
  });

  it("accepts an empty list of postings", () => {
    expect(() => assertBalanced([])).not.toThrow();
  });

  it("reports the unbalanced unit and its sum", () => {
    const postings: Posting[] = [...transfer, { account: "x", unit: "HOUR", amount: 1n }];
    let caught: unknown;
    try {
      assertBalanced(postings);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnbalancedPostingsError);
    expect(caught).toMatchObject({ unit: "HOUR", sum: 1n, name: "UnbalancedPostingsError" });
  });

  it("does not let a surplus in one unit offset a deficit in another", () => {
    const postings: Posting[] = [
      { account: "a", unit: "CREDIT", amount: 100n },
      { account: "b", unit: "HOUR", amount: -100n },
    ];
    expect(() => assertBalanced(postings)).toThrow(UnbalancedPostingsError);
  });

  it("reports the first unbalanced unit in order of appearance", () => {
    const postings: Posting[] = [
      { account: "a", unit: "CREDIT", amount: 5n },
      { account: "b", unit: "HOUR", amount: -3n },
    ];
    expect(() => assertBalanced(postings)).toThrow(expect.objectContaining({ unit: "CREDIT", sum: 5n }));
  });

  it("rejects a zero-amount posting even when the total balances", () => {
    const postings: Posting[] = [...transfer, { account: "idle", unit: "CREDIT", amount: 0n }];
    expect(() => assertBalanced(postings)).toThrow(InvalidPostingError);
    expect(() => assertBalanced(postings)).toThrow(/#5 .*zero amount/);
  });

  it("rejects a posting with an empty account", () => {
    const postings: Posting[] = [
      { account: "", unit: "CREDIT", amount: 1n },
      { account: "b", unit: "CREDIT", amount: -1n },
    ];
    expect(() => assertBalanced(postings)).toThrow(expect.objectContaining({ index: 0 }));
    expect(() => assertBalanced(postings)).toThrow(/empty account/);
  });

  it("rejects a unit that is not HOUR or CREDIT", () => {
    const postings = [
      { account: "a", unit: "EURO", amount: 1n },
      { account: "b", unit: "EURO", amount: -1n },
    ] as unknown as Posting[];
    expect(() => assertBalanced(postings)).toThrow(/unknown unit "EURO"/);
  });
});
