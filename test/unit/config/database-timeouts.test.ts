import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.js";

describe("database timeouts", () => {
  it("default to a 15 s statement timeout and a 30 s idle-in-transaction timeout", () => {
    expect(loadConfig({}).databaseTimeouts).toEqual({ statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 30_000 });
  });

  it("are read from DB_STATEMENT_TIMEOUT_MS and DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", () => {
    const config = loadConfig({ DB_STATEMENT_TIMEOUT_MS: "3000", DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "1000" });
    expect(config.databaseTimeouts).toEqual({ statementTimeoutMs: 3_000, idleInTransactionTimeoutMs: 1_000 });
  });

  it.each([
    ["DB_STATEMENT_TIMEOUT_MS", "0"],
    ["DB_STATEMENT_TIMEOUT_MS", "1.5"],
    ["DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "-1"],
    ["DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "3600001"],
    ["DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "soon"],
  ])("refuse %s=%s naming the variable: an unbounded or nonsensical wait is a configuration error", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrowError(new RegExp(`^${variable}: expected an integer from 1 to 3600000`));
  });
});
