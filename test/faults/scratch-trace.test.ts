import { afterAll, describe, expect, it } from "vitest";
import { ProcessServer } from "../support/process-server.js";
import { FaultProxy } from "./fault-proxy.js";
import { settledProblems } from "./checks.js";
import { runSeed, seededRandom, type Random } from "./seeded-random.js";
import { WriteLog, planWrites, runPass, settle, sleep, type WriteKind } from "./workload.js";

const seed = runSeed();
const random = seededRandom(seed);

const REQUESTS: [number, number] = [150, 250];
const CONCURRENCY = 8;
// Faults are injected for this long (or until the load is done), then healed.
const FAULT_WINDOW_MS = 10_000;
const BETWEEN_FAULTS_MS: [number, number] = [150, 600];
const MAX_LATENCY_MS: [number, number] = [0, 30];
const STALL_MS: [number, number] = [200, 2_500];
// Short server-side bounds, so stalls outlast them: the server must answer, not wait.
const SERVER_BOUNDS = { NODE_OPTIONS: "--import /tmp/trace-unhandled.mjs", DB_STATEMENT_TIMEOUT_MS: "3000", DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "1000" };
// Clients retry with the same key while the answer is retryable; the fault window bounds how long that takes.
const CLIENT_ATTEMPTS = 60;
const CLIENT_BACKOFF_MS: [number, number] = [100, 400];

/** Injects seeded faults until `done()` or the window ends; returns what it did. */
async function injectFaults(proxy: FaultProxy, faults: Random, done: () => boolean): Promise<string[]> {
  const injected: string[] = [];
  const until = Date.now() + FAULT_WINDOW_MS;
  while (Date.now() < until && !done()) {
    await sleep(faults.int(...BETWEEN_FAULTS_MS));
    const fault = faults.pick(["latency", "reset", "stall"] as const);
    if (fault === "latency") {
      const maxLatencyMs = faults.int(...MAX_LATENCY_MS);
      proxy.setLatency(maxLatencyMs);
      injected.push(`latency≤${maxLatencyMs}ms`);
    } else if (fault === "reset") {
      const open = proxy.openConnections;
      injected.push(`reset ${proxy.reset(faults.next())} of ${open}`);
    } else {
      const stallMs = faults.int(...STALL_MS);
      proxy.stall(stallMs);
      injected.push(`stall ${stallMs}ms`);
    }
  }
  proxy.heal();
  return injected;
}

describe("a fault-injecting network between the server and PostgreSQL", () => {
  let server: ProcessServer | undefined;
  let proxy: FaultProxy | undefined;
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
  });

  it("answers every request (retryable 503 or success) and ends exactly-once for clients that retry with the same keys", async () => {
    console.log(`network-faults: TEST_SEED=${seed}`);
    const database = new URL(process.env.TEST_DATABASE_URL!);
    const faultProxy = await FaultProxy.start({ host: database.hostname, port: Number(database.port || 5432) }, random.fork("proxy").next);
    proxy = faultProxy;
    server = await ProcessServer.start(SERVER_BOUNDS, {
      routeDatabaseUrl: (url) => Object.assign(new URL(url), { hostname: "127.0.0.1", port: String(faultProxy.port) }).toString(),
    });
    const running = server;
    const plan = random.fork("plan");
    const writes = planWrites(plan.int(...REQUESTS), plan);
    const tokens = new Map<WriteKind, string>();
    for (const write of writes) if (!tokens.has(write.kind)) tokens.set(write.kind, await running.token(write.kind.actor));
    const target = { url: () => running.url, whenUp: () => running.whenUp() };
    const log = new WriteLog();
    let loadDone = false;

    const load = runPass(target, tokens, writes, log, {
      concurrency: CONCURRENCY,
      attempts: CLIENT_ATTEMPTS,
      backoffMs: CLIENT_BACKOFF_MS,
      random: random.fork("clients"),
    }).finally(() => (loadDone = true));
    const injected = await injectFaults(faultProxy, random.fork("faults"), () => loadDone);
    await load;
    const because = (what: string) =>
      `${what} (TEST_SEED=${seed}, outcomes ${JSON.stringify(log.summary())}, faults ${injected.join(", ")}, crashes ${JSON.stringify(running.crashes)})`;
    console.log(`network-faults: ${writes.length} requests, ${faultProxy.accepted} database connections, ${because("")}`);

    expect(running.crashes, because(`the server process kept running\n${running.recentLog()}`)).toEqual([]);
    expect(log.contradictions(), because("answers contradict each other or the contract")).toEqual([]);
    expect(log.all().filter((outcome) => outcome.type === "no-answer"), because("requests the server left unanswered")).toEqual([]);
    expect(log.all().some((outcome) => outcome.type === "retryable"), because("the faults reached clients as retryable answers")).toBe(true);

    expect(await settle(target, tokens, writes, log, random.fork("settle")), because("resubmitting with the same keys")).toEqual([]);
    const adminToken = await running.token({ role: "admin", sub: "fault-checker" });
    expect(await settledProblems({ url: running.url, adminToken, databaseUrl: running.databaseUrl, writes, log }), because("the settled database")).toEqual([]);
  });
});
