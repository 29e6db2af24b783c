import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { ProcessServer, withTimeout } from "../support/process-server.js";
import { settledProblems } from "./checks.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { WriteLog, planWrites, runPass, sleep, settle, type WriteKind } from "./workload.js";

const seed = runSeed();
const random = seededRandom(seed);
const run = promisify(execFile);

const REQUESTS: [number, number] = [150, 250];
const CONCURRENCY = 8;
// The restart comes once this share (percent) of the planned writes has an answer, so it lands on
// requests in flight however fast the machine writes (a fixed delay outlasted the whole load once writes got faster).
const RESTART_AFTER_ANSWERED_PERCENT: [number, number] = [10, 50];
// An immediate restart replays the WAL: seconds on this machine.
const RESTART_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 60_000;
// Often enough to see a short outage; an orchestrator's probe is far rarer.
const READINESS_POLL_MS = 250;
// Clients retry with the same key while the answer is retryable; the outage bounds how long that takes.
const CLIENT_ATTEMPTS = 100;
const CLIENT_BACKOFF_MS: [number, number] = [100, 400];

/** The machine's only PostgreSQL cluster (as in .ci/run). */
function cluster(): string[] {
  const versions = fs.readdirSync("/etc/postgresql");
  if (versions.length !== 1) throw new Error(`expected one PostgreSQL version in /etc/postgresql, found ${versions.join(", ")}`);
  return [versions[0], "main"];
}

async function restartPostgres(): Promise<void> {
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", ...cluster(), "restart", "-m", "immediate"], { timeout: RESTART_TIMEOUT_MS });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  const ready = async () => {
    for (;;) {
      const answered = await run("pg_isready", ["-h", url.hostname, "-p", url.port || "5432", "-q"]).then(
        () => true,
        () => false,
      );
      if (answered) return;
      await sleep(200);
    }
  };
  await withTimeout(ready(), READY_TIMEOUT_MS, "PostgreSQL did not accept connections after the restart");
}

/** Polls /readyz until stopped; records each status with its time. */
function watchReadiness(url: () => string) {
  const statuses: { at: number; status: number }[] = [];
  let stopped = false;
  const polling = (async () => {
    while (!stopped) {
      const status = await fetch(`${url()}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.status,
        () => 0,
      );
      statuses.push({ at: Date.now(), status });
      await sleep(READINESS_POLL_MS);
    }
  })();
  return {
    statuses,
    stop: async () => {
      stopped = true;
      await polling;
    },
  };
}

describe("PostgreSQL restarted with -m immediate under concurrent writes", () => {
  let server: ProcessServer | undefined;
  afterAll(() => server?.stop());

  it("keeps the server running, reports the outage on /readyz, and ends exactly-once for clients that retry", async () => {
    console.log(`database-restart: TEST_SEED=${seed}`);
    server = await ProcessServer.start();
    const running = server;
    const pid = running.pid;
    const plan = random.fork("plan");
    const writes = planWrites(plan.int(...REQUESTS), plan);
    const tokens = new Map<WriteKind, string>();
    for (const write of writes) if (!tokens.has(write.kind)) tokens.set(write.kind, await running.token(write.kind.actor));
    const target = { url: () => running.url, whenUp: () => running.whenUp() };
    const log = new WriteLog();
    const readiness = watchReadiness(() => running.url);
    const inFlight = { count: 0 };

    const load = runPass(target, tokens, writes, log, {
      concurrency: CONCURRENCY,
      attempts: CLIENT_ATTEMPTS,
      backoffMs: CLIENT_BACKOFF_MS,
      random: random.fork("clients"),
      inFlight,
    });
    const answeredBeforeRestart = Math.ceil((writes.length * random.fork("restart").int(...RESTART_AFTER_ANSWERED_PERCENT)) / 100);
    while (log.attempts.size < answeredBeforeRestart) await sleep(5);
    const restartStarted = Date.now();
    const sendingAtRestart = inFlight.count;
    await restartPostgres();
    const databaseBack = Date.now();
    await load;
    // The pool reconnects on demand: readiness must come back without a server restart.
    const recovered = async () => {
      while (readiness.statuses.at(-1)?.status !== 200) await sleep(READINESS_POLL_MS);
    };
    await withTimeout(recovered(), READY_TIMEOUT_MS, "/readyz did not report ready again").catch(() => undefined);
    await readiness.stop();

    const during = readiness.statuses.filter((poll) => poll.at >= restartStarted && poll.at <= databaseBack + 1_000).map((poll) => poll.status);
    const because = (what: string) =>
      `${what} (TEST_SEED=${seed}, ${sendingAtRestart} requests in flight at the restart, outcomes ${JSON.stringify(log.summary())}, outage ${databaseBack - restartStarted} ms, /readyz during it ${JSON.stringify([...new Set(during)])}, crashes ${JSON.stringify(running.crashes)})`;
    console.log(`database-restart: ${writes.length} requests, ${because("")}`);

    expect({ crashes: running.crashes, pid: running.pid }, because(`the server process kept running\n${running.recentLog()}`)).toEqual({ crashes: [], pid });
    expect(sendingAtRestart, because("the restart landed under load")).toBeGreaterThan(0);
    expect(during.includes(503), because("/readyz reported the outage")).toBe(true);
    expect(readiness.statuses.at(-1)?.status, because("/readyz reported ready again")).toBe(200);
    expect(log.contradictions(), because("answers contradict each other or the contract")).toEqual([]);
    // Queries queued while the database is down wait for it (postgres.js has no queue
    // timeout): a request sent during a long outage may outlast the client's timeout,
    // and the client then resends it. Once the database is back, every request is answered.
    const unansweredAfterOutage = log.all().filter((outcome) => outcome.type === "no-answer" && outcome.sentAt > databaseBack);
    expect(unansweredAfterOutage, because("requests sent after the outage that the server left unanswered")).toEqual([]);

    expect(await settle(target, tokens, writes, log, random.fork("settle")), because("resubmitting with the same keys")).toEqual([]);
    const adminToken = await running.token({ role: "admin", sub: "fault-checker" });
    expect(await settledProblems({ url: running.url, adminToken, databaseUrl: running.databaseUrl, writes, log }), because("the settled database")).toEqual([]);
  });
});
