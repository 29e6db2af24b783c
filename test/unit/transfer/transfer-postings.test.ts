import { describe, expect, it } from "vitest";
import { reversalPostings, transferPostings } from "../../../src/modules/transfer/transfer-postings.js";
import { assertBalanced } from "../../../src/modules/ledger/postings.js";

describe("transferPostings", () => {
  it("moves hours from each provider to the exchange account and credits from it to the target", () => {
    const postings = transferPostings({
      learnerId: "L",
      targetOrganizationId: "U",
      agreementId: "A",
      consumed: [
        { organizationId: "P1", hours: 4800n },
        { organizationId: "P2", hours: 1600n },
        { organizationId: "P1", hours: 3200n },
      ],
      credits: 350n,
    });
    expect(postings).toEqual([
      { account: "learner:L@organization:P1", unit: "HOUR", amount: -8000n },
      { account: "agreement:A:exchange", unit: "HOUR", amount: 8000n },
      { account: "learner:L@organization:P2", unit: "HOUR", amount: -1600n },
      { account: "agreement:A:exchange", unit: "HOUR", amount: 1600n },
      { account: "agreement:A:exchange", unit: "CREDIT", amount: -350n },
      { account: "learner:L@organization:U", unit: "CREDIT", amount: 350n },
    ]);
    expect(() => assertBalanced(postings)).not.toThrow();
  });

  it("leaves out zero hours and zero credits", () => {
    expect(transferPostings({ learnerId: "L", targetOrganizationId: "U", agreementId: "A", consumed: [{ organizationId: "P", hours: 0n }], credits: 100n })).toEqual([
      { account: "agreement:A:exchange", unit: "CREDIT", amount: -100n },
      { account: "learner:L@organization:U", unit: "CREDIT", amount: 100n },
    ]);
    expect(transferPostings({ learnerId: "L", targetOrganizationId: "U", agreementId: "A", consumed: [], credits: 0n })).toEqual([]);
  });
});

describe("reversalPostings", () => {
  it("negates every posting and keeps accounts, units and order", () => {
    expect(
      reversalPostings([
        { account: "a", unit: "HOUR", amount: -5n },
        { account: "b", unit: "HOUR", amount: 5n },
      ]),
    ).toEqual([
      { account: "a", unit: "HOUR", amount: 5n },
      { account: "b", unit: "HOUR", amount: -5n },
    ]);
  });
});
