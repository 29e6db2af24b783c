import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DatabaseGate } from "../../../src/db/database-gate.js";
import { createLogger } from "../../../src/http/logger.js";

const logger = createLogger("silent");
const refused = () => Promise.reject(new Error("Failed query: select 1", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) }));

/** A prepare step that fails while `reachable` is false and counts how often it ran and how many runs overlapped. */
function flakyPrepare() {
  const state = { reachable: false, runs: 0, running: 0, mostAtOnce: 0 };
  const prepare = async () => {
    state.runs += 1;
    state.running += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    try {
      if (!state.reachable) await refused();
    } finally {
      state.running -= 1;
    }
  };
  return { state, prepare };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("DatabaseGate", () => {
  it("is ready at once when the first attempt succeeds", async () => {
    const gate = new DatabaseGate(logger);
    await gate.open(async () => undefined, { retryInBackground: true });
    expect({ ready: gate.isReady, reason: gate.reason }).toEqual({ ready: true, reason: null });
  });

  it("throws the first failure when it may not retry (the embedded database)", async () => {
    const gate = new DatabaseGate(logger);
    await expect(gate.open(refused, { retryInBackground: false })).rejects.toThrow("Failed query: select 1");
  });

  it("starts unready as soon as the first attempt is refused, with the innermost reason, then retries with growing delays and runs onReady callbacks once ready", async () => {
    const gate = new DatabaseGate(logger);
    const { state, prepare } = flakyPrepare();
    await gate.open(prepare, { retryInBackground: true });
    expect({ ready: gate.isReady, reason: gate.reason, runs: state.runs }).toEqual({ ready: false, reason: "connect ECONNREFUSED 127.0.0.1:1", runs: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    // at 0, 0.25, 0.75, 1.75 and 3.75 s; the next at 7.75 s
    expect(state.runs).toBe(5);
    const started: string[] = [];
    gate.onReady(() => started.push("sealer"));
    state.reachable = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect({ ready: gate.isReady, started, mostAtOnce: state.mostAtOnce }).toEqual({ ready: true, started: ["sealer"], mostAtOnce: 1 });
    gate.onReady(() => started.push("late"));
    expect(started).toEqual(["sealer", "late"]);
    gate.close();
  });

  it("serves unready after a bounded wait when the first attempt hangs, and becomes ready when that attempt ends without starting another", async () => {
    const gate = new DatabaseGate(logger);
    let answer = () => undefined as void;
    let runs = 0;
    const opened = gate.open(() => {
      runs += 1;
      return new Promise<void>((resolve) => (answer = resolve));
    }, { retryInBackground: true });
    await vi.advanceTimersByTimeAsync(5_000);
    await opened;
    expect({ ready: gate.isReady, reason: gate.reason }).toEqual({ ready: false, reason: "waiting for the database to answer" });
    await vi.advanceTimersByTimeAsync(60_000);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect({ ready: gate.isReady, runs }).toEqual({ ready: true, runs: 1 });
  });

  it("stops retrying once closed and never runs onReady callbacks afterwards", async () => {
    const gate = new DatabaseGate(logger);
    const { state, prepare } = flakyPrepare();
    const opened = gate.open(prepare, { retryInBackground: true });
    await vi.advanceTimersByTimeAsync(5_000);
    await opened;
    const started: string[] = [];
    gate.onReady(() => started.push("sealer"));
    gate.close();
    const runsAtClose = state.runs;
    state.reachable = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect({ runs: state.runs, started }).toEqual({ runs: runsAtClose, started: [] });
  });
});
