import { describe, expect, it } from "vitest";
import { CostBudget } from "../../../src/graphql/limits/cost-budget.js";

function budgetAt(settings = { costPerMinute: 600, burst: 100 }, maxCallers?: number) {
  const clock = { ms: 0 };
  return { clock, budget: new CostBudget(settings, () => clock.ms, maxCallers) };
}

describe("CostBudget", () => {
  it("lets a new caller spend its burst at once, then refuses with the seconds until the cost is refilled", () => {
    const { budget } = budgetAt();
    expect(budget.charge("alice", 60)).toEqual({ granted: true, remaining: 40, retryAfterSeconds: 0 });
    expect(budget.charge("alice", 40)).toEqual({ granted: true, remaining: 0, retryAfterSeconds: 0 });
    // 600 per minute = 10 per second: 25 takes 2.5 s, announced as 3.
    expect(budget.charge("alice", 25)).toEqual({ granted: false, remaining: 0, retryAfterSeconds: 3 });
  });

  it("refills over time, never beyond the burst", () => {
    const { clock, budget } = budgetAt();
    budget.charge("alice", 100);
    clock.ms = 3_000;
    expect(budget.charge("alice", 30)).toEqual({ granted: true, remaining: 0, retryAfterSeconds: 0 });
    clock.ms = 3_600_000;
    expect(budget.charge("alice", 0)).toEqual({ granted: true, remaining: 100, retryAfterSeconds: 0 });
  });

  it("takes nothing from a refused caller", () => {
    const { budget } = budgetAt();
    budget.charge("alice", 90);
    expect(budget.charge("alice", 20).granted).toBe(false);
    expect(budget.charge("alice", 10)).toEqual({ granted: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it("keeps one bucket per caller", () => {
    const { budget } = budgetAt();
    budget.charge("alice", 100);
    expect(budget.charge("bob", 100).granted).toBe(true);
  });

  it("forgets the least recently seen caller beyond its bound, which then starts with a full bucket", () => {
    const { budget } = budgetAt(undefined, 2);
    budget.charge("alice", 100);
    budget.charge("bob", 100);
    budget.charge("alice", 0);
    budget.charge("carol", 100);
    expect(budget.charge("alice", 1).granted).toBe(false);
    expect(budget.charge("bob", 100).granted).toBe(true);
  });
});
