import { describe, expect, it } from "vitest";
import { compareCompletions, countGrants, type AgreementAllowance } from "../../../src/modules/resolution/transfer-plan.js";

const uncapped: AgreementAllowance = { maxCreditsPerLearner: null, alreadyGranted: 0n };

describe("countGrants", () => {
  it("counts every grant in full when they share neither achievements nor a cap", () => {
    expect(countGrants([{ agreementId: "A", credits: 300n, usedAchievementIds: ["x"] }, { agreementId: "B", credits: 200n, usedAchievementIds: ["y"] }], () => uncapped)).toEqual([300n, 200n]);
  });

  it("counts a grant reusing an achievement of an earlier grant as nothing", () => {
    expect(countGrants([{ agreementId: "A", credits: 300n, usedAchievementIds: ["x", "y"] }, { agreementId: "B", credits: 200n, usedAchievementIds: ["y"] }], () => uncapped)).toEqual([300n, 0n]);
  });

  it("shares an agreement's cap, less what the learner was granted before", () => {
    const allowance = (agreementId: string): AgreementAllowance => (agreementId === "A" ? { maxCreditsPerLearner: 500n, alreadyGranted: 100n } : uncapped);
    const grants = ["x", "y", "z"].map((id) => ({ agreementId: "A", credits: 200n, usedAchievementIds: [id] }));
    expect(countGrants([...grants, { agreementId: "B", credits: 100n, usedAchievementIds: ["w"] }], allowance)).toEqual([200n, 200n, 0n, 100n]);
  });
});

describe("compareCompletions", () => {
  const completion = (ruleId: string, credits: bigint, additionalHours: bigint, courseIds = ["c"]) => ({ ruleId, courseIds, credits, additionalHours });

  it("puts the most credits per hour first, compared exactly, then more credits, fewer hours, and IDs", () => {
    const list = [
      completion("r5", 100n, 1600n), // 1/16
      completion("r4", 400n, 6400n), // 1/16, more credits
      completion("r3", 300n, 3200n), // 3/32
      completion("r2", 100n, 1600n, ["a"]), // as r5, smaller key
      completion("r1", 100n, 3300n),
    ];
    expect([...list].sort(compareCompletions).map((each) => each.ruleId)).toEqual(["r3", "r4", "r2", "r5", "r1"]);
  });
});
