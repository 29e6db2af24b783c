import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import { aMoeCode } from "../support/factories.js";
import { uuidv7 } from "../../src/db/ids.js";
import { isRetryableDatabaseError } from "../../src/db/errors.js";
import { organizations } from "../../src/modules/organization/organization.table.js";
import { account, appendEntry } from "../../src/modules/ledger/journal.js";
import type { Db } from "../../src/db/database.js";
import { bankProblems, connect, settledProblems } from "./checks.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { WriteLog, planWrites, runPass, settle, type WriteKind } from "./workload.js";

const seed = runSeed();
const random = seededRandom(seed);
const because = (what: string) => `${what} (TEST_SEED=${seed})`;

const systemActor = { subject: "fault-test", role: "admin" as const, organizationId: null };
// Writes that other clients send through the API while the backend is terminated.
const CONCURRENT_WRITES = 40;
// pg_terminate_backend signals the backend; it exits within milliseconds.
const TERMINATION_TIMEOUT_MS = 5_000;
// Codes of the doomed transactions, apart from the planned writes' (numbered from 0).
const DOOMED_CODES = [aMoeCode(800_001), aMoeCode(800_002), aMoeCode(800_003)];

/** Everything one doomed transaction writes: an organization, its journal entry, and postings. */
async function writeEverything(tx: Db, code: string) {
  const organizationId = uuidv7();
  await tx.insert(organizations).values({ id: organizationId, kind: "UNIVERSITY", name: `终止测试${code}`, code });
  await appendEntry(tx, { kind: "ORGANIZATION_REGISTERED", actor: systemActor, organizationIds: [organizationId], body: { organizationId, code } });
  const learner = account.learnerAt(uuidv7(), organizationId);
  await appendEntry(tx, {
    kind: "ACHIEVEMENT_RECORDED",
    actor: systemActor,
    organizationIds: [organizationId],
    body: { code },
    postings: [
      { account: learner, unit: "HOUR", amount: 4800n },
      { account: account.issuance(organizationId), unit: "HOUR", amount: -4800n },
    ],
  });
}

describe("a backend connection terminated inside a transaction", () => {
  let server: TestServer;
  let admin: ReturnType<typeof connect>;

  beforeAll(async () => {
    console.log(`terminated-backend: TEST_SEED=${seed}`);
    server = await startTestServer({ SEALER_INTERVAL_MS: "200" });
    admin = connect(server.config.databaseUrl!);
  });
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  /** Terminates the backend of the transaction `hold` opens once it reports its pid; returns what the transaction then threw. */
  async function terminateInside(hold: (tx: Db, reportPid: (pid: number) => void, held: Promise<void>) => Promise<void>): Promise<unknown> {
    let reportPid!: (pid: number) => void;
    let release!: () => void;
    const pidReported = new Promise<number>((resolve) => (reportPid = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = server.database.write((tx) => hold(tx, reportPid, held)).then(
      () => null,
      (error: unknown) => error ?? new Error("rejected without an error"),
    );
    const pid = await pidReported;
    const [{ terminated }] = await admin<{ terminated: boolean }[]>`select pg_terminate_backend(${pid}, ${TERMINATION_TIMEOUT_MS}) as terminated`;
    expect(terminated, because(`backend ${pid} terminated`)).toBe(true);
    release();
    return transaction;
  }

  async function storedCodes(codes: string[]): Promise<string[]> {
    const rows = await admin<{ code: string }[]>`
      select code from organization where code = any(${codes})
      union all select body->>'code' from ledger_entry where body->>'code' = any(${codes})`;
    return rows.map((row) => row.code);
  }

  it("commits none of its statements, including one sent after the kill, while other clients keep writing", async () => {
    const [before, after] = DOOMED_CODES;
    const writes = planWrites(CONCURRENT_WRITES, random.fork("plan"));
    const tokens = new Map<WriteKind, string>([[writes[0].kind, await server.token(writes[0].kind.actor)]]);
    const target = { url: () => server.url, whenUp: async () => undefined };
    const log = new WriteLog();
    const clients = { concurrency: 8, attempts: 5, backoffMs: [20, 100] as [number, number], random: random.fork("clients") };
    let load: Promise<unknown> = Promise.resolve();

    const failure = await terminateInside(async (tx, reportPid, held) => {
      await writeEverything(tx, before);
      const [{ pid }] = await server.database.rows<{ pid: number }>(sql`select pg_backend_pid() as pid`, tx);
      // Other clients write through the same pool while this transaction dies.
      load = runPass(target, tokens, writes, log, clients);
      reportPid(pid);
      await held;
      // postgres.js has reports of a dead connection's statements running on another
      // connection outside the transaction (porsager/postgres#1216): this one must not.
      await writeEverything(tx, after);
    });
    await load;

    expect(failure, because("the held transaction fails")).not.toBeNull();
    expect(isRetryableDatabaseError(failure), because(`the failure is classified retryable: ${String(failure)}`)).toBe(true);
    expect(await storedCodes([before, after]), because("rows of the terminated transaction")).toEqual([]);
    expect(await settle(target, tokens, writes, log, random.fork("settle")), because("concurrent clients settle")).toEqual([]);
    const adminToken = await server.token({ role: "admin", sub: "fault-checker" });
    expect(await settledProblems({ url: server.url, adminToken, databaseUrl: server.config.databaseUrl!, writes, log }), because("the settled database")).toEqual([]);
  });

  it("rolls back a transaction whose running statement is terminated, and the server keeps serving", async () => {
    const code = DOOMED_CODES[2];
    const failure = await terminateInside(async (tx, reportPid) => {
      await writeEverything(tx, code);
      const [{ pid }] = await server.database.rows<{ pid: number }>(sql`select pg_backend_pid() as pid`, tx);
      reportPid(pid);
      // Terminated while this statement runs: well within the statement timeout.
      await tx.execute(sql`select pg_sleep(10)`);
    });
    expect(isRetryableDatabaseError(failure), because(`the failure is classified retryable: ${String(failure)}`)).toBe(true);
    expect(await storedCodes([code]), because("rows of the terminated transaction")).toEqual([]);

    const writes = planWrites(5, random.fork("after"), CONCURRENT_WRITES);
    const log = new WriteLog();
    const tokens = new Map<WriteKind, string>([[writes[0].kind, await server.token(writes[0].kind.actor)]]);
    await runPass({ url: () => server.url, whenUp: async () => undefined }, tokens, writes, log, { concurrency: 5, attempts: 1, backoffMs: [0, 0], random });
    expect(log.summary(), because("writes after the termination")).toEqual({ acknowledged: 5 });
    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.status, because("readiness after the termination")).toBe(200);
    expect(await bankProblems(admin), because("bank check")).toEqual([]);
  });
});
