import { afterAll, describe, expect, it } from "vitest";
import { ProcessServer } from "../support/process-server.js";
import { connect, exactlyOnceProblems, settledProblems } from "./checks.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { WriteLog, planWrites, runPass, settle, sleep, type WriteKind } from "./workload.js";

const seed = runSeed();
const random = seededRandom(seed);
const because = (what: string, log?: WriteLog) => `${what} (TEST_SEED=${seed}${log ? `, outcomes ${JSON.stringify(log.summary())}` : ""})`;

// Enough requests that every kill lands under load; bounded so the suite stays within minutes.
const REQUESTS: [number, number] = [200, 400];
const CONCURRENCY = 8;
const KILLS = 3;
// Each kill comes once this share (percent) of the planned writes has an answer, so it lands while
// clients still send however fast the machine writes.
const KILL_AFTER_ANSWERED_PERCENT: [number, number] = [5, 70];

describe("the server killed with SIGKILL under concurrent writes", () => {
  let server: ProcessServer | undefined;
  afterAll(() => server?.stop());

  it("keeps every acknowledged write exactly once, and settles every request exactly once after restarts", async () => {
    console.log(`server-crash: TEST_SEED=${seed}`);
    server = await ProcessServer.start();
    const running = server;
    const plan = random.fork("plan");
    const writes = planWrites(plan.int(...REQUESTS), plan);
    const tokens = new Map<WriteKind, string>();
    for (const write of writes) if (!tokens.has(write.kind)) tokens.set(write.kind, await running.token(write.kind.actor));
    const target = { url: () => running.url, whenUp: () => running.whenUp() };
    const log = new WriteLog();
    const inFlight = { count: 0 };
    let loadDone = false;

    const load = runPass(target, tokens, writes, log, { concurrency: CONCURRENCY, attempts: 1, backoffMs: [0, 0], random: random.fork("clients"), inFlight }).finally(
      () => (loadDone = true),
    );
    const killer = random.fork("killer");
    const killWhenAnswered = Array.from({ length: KILLS }, () => Math.ceil((writes.length * killer.int(...KILL_AFTER_ANSWERED_PERCENT)) / 100)).sort((a, b) => a - b);
    const kills: { inFlight: number; exit: string }[] = [];
    for (const answered of killWhenAnswered) {
      // At least one pause: clients woken by the restart take the new URL before the next kill.
      do await sleep(5);
      while (log.attempts.size < answered && !loadDone);
      if (loadDone) break;
      const sending = inFlight.count;
      const exit = await running.kill("SIGKILL");
      kills.push({ inFlight: sending, exit: exit.signal ?? String(exit.code) });
      await running.restart();
    }
    await load;
    console.log(`server-crash: ${writes.length} requests, kills ${JSON.stringify(kills)}, outcomes ${JSON.stringify(log.summary())}`);

    expect(kills.filter((kill) => kill.exit === "SIGKILL" && kill.inFlight > 0).length, because(`kills under load: ${JSON.stringify(kills)}`, log)).toBeGreaterThan(0);
    expect(log.contradictions(), because("answers contradict each other or the contract", log)).toEqual([]);

    // Before anyone resubmits: nothing acknowledged is lost or doubled, nothing half-written.
    const sql = connect(running.databaseUrl);
    try {
      expect(await exactlyOnceProblems(sql, writes, log, "acknowledged"), because("acknowledged writes after the crashes", log)).toEqual([]);
    } finally {
      await sql.end();
    }

    const unsettled = await settle(target, tokens, writes, log, random.fork("settle"));
    expect(unsettled, because("resubmitting with the same keys", log)).toEqual([]);
    expect(log.contradictions(), because("answers after resubmitting", log)).toEqual([]);
    const adminToken = await running.token({ role: "admin", sub: "fault-checker" });
    expect(await settledProblems({ url: running.url, adminToken, databaseUrl: running.databaseUrl, writes, log }), because("the settled database", log)).toEqual([]);
  });
});
