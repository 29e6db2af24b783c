import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.js";

describe("limit configuration", () => {
  it("uses the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({
      queryLimits: { maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 2_000, maxCost: 5_000 },
      costBudget: { costPerMinute: 60_000, burst: 60_000 },
      introspection: true,
    });
  });

  it("reads each variable, and RATE_LIMIT_COST_PER_MINUTE=0 turns the budget off", () => {
    const env = { QUERY_MAX_DEPTH: "8", QUERY_MAX_ALIASES: "5", QUERY_MAX_DIRECTIVES: "6", QUERY_MAX_TOKENS: "700", QUERY_MAX_COST: "900", RATE_LIMIT_COST_PER_MINUTE: "0", INTROSPECTION: "false" };
    expect(loadConfig(env)).toMatchObject({
      queryLimits: { maxDepth: 8, maxAliases: 5, maxDirectives: 6, maxTokens: 700, maxCost: 900 },
      costBudget: null,
      introspection: false,
    });
    expect(loadConfig({ RATE_LIMIT_COST_PER_MINUTE: "600", RATE_LIMIT_COST_BURST: "6000", QUERY_MAX_COST: "6000" }).costBudget).toEqual({ costPerMinute: 600, burst: 6_000 });
  });

  it("names the variable and the problem", () => {
    const cases: [Record<string, string>, ConfigError][] = [
      [{ QUERY_MAX_DEPTH: "0" }, new ConfigError("QUERY_MAX_DEPTH", 'expected an integer from 1 to 1000, got "0"')],
      [{ QUERY_MAX_COST: "lots" }, new ConfigError("QUERY_MAX_COST", 'expected an integer from 1 to 100000000, got "lots"')],
      [{ INTROSPECTION: "yes" }, new ConfigError("INTROSPECTION", 'expected one of true, false, got "yes"')],
      [{ RATE_LIMIT_COST_PER_MINUTE: "1000" }, new ConfigError("RATE_LIMIT_COST_BURST", "must be at least QUERY_MAX_COST (5000), got 1000")],
    ];
    for (const [env, error] of cases) expect(() => loadConfig(env)).toThrowError(error);
  });
});
