// npm run bench [-- --quick] [--scale S] [--database URL] [--seconds N] [--only id,id] [--sealer-interval-ms N] [--compiled] [--profile]
//
// Starts Ronghe as separate server processes (production mode, PostgreSQL) on
// the benchmark dataset (generated first when missing or stale), drives each
// workload of workloads.ts with autocannon from a load-generator process, and
// reports throughput, latency percentiles, SQL statements per request, server
// and PostgreSQL CPU and peak RSS; then the raw-SQL floor and two server
// processes. Writes test/bench/results/latest.{md,json}. Exits non-zero only
// when a workload errs (non-2xx, GraphQL or user errors), never on speed.
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs, isDeepStrictEqual } from "node:util";
import postgres from "postgres";
import { loadConfig } from "../../src/config/config.js";
import { signDevelopmentToken } from "../../src/auth/jwt.js";
import { databaseName, DEFAULT_SERVER_URL, generatorFingerprint, readStamp, schemaFingerprint, withDatabase } from "./bench-database.js";
import { buildDataset, DEFAULT_SEED } from "./dataset.js";
import { benchSigningKey } from "./signing.js";
import { buildServer, LoadGenerator, startFloor, startRonghe, type ServerBuild, type Started } from "./processes.js";
import { backendCpu, backendCpuSince, cpuMs, machineTicks, peakRssBytes, resetPeakRss } from "./process-stats.js";
import { WORKLOADS, type LoadWorkload, type Setup } from "./workloads.js";
import { markdown, type BenchReport, type Measured, type WorkloadResult } from "./report.js";
import type { LoadResult } from "./load-worker.js";

const JWT_SECRET = "ronghe-bench-secret-0123456789-abcdefghijklmnop";
const CONNECTIONS = 32;
// In-flight writes finish before the next workload starts; sealing catches up within this.
const SETTLE_MS = 500;
const SETTLE_LIMIT_MS = 60_000;
const SEAL_WAIT_MS = 60_000;
const RESULTS = path.resolve("test/bench/results");

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    scale: { type: "string" },
    database: { type: "string" },
    seconds: { type: "string" },
    only: { type: "string" },
    // The server's default; the lag is measured as deployed unless asked otherwise.
    "sealer-interval-ms": { type: "string", default: "250" },
    // Serve the `npm run build` output instead of the sources (compiled at start by swc).
    compiled: { type: "boolean", default: false },
    // Each server writes a V8 CPU profile (test/bench/results/profiles/) when it stops: where its CPU went.
    profile: { type: "boolean", default: false },
  },
});
const quick = options.quick!;
const scale = Number(options.scale ?? (quick ? "0.01" : "1"));
const databaseUrl = options.database ?? withDatabase(DEFAULT_SERVER_URL, quick ? "ronghe_bench_quick" : "ronghe_bench");
const seconds = Number(options.seconds ?? (quick ? 3 : 15));
const warmupSeconds = quick ? 1 : 5;
const only = options.only?.split(",") ?? null;
const sealerIntervalMs = Number(options["sealer-interval-ms"]);
const build: ServerBuild = options.compiled ? "compiled" : "sources";
const profileDirectory = options.profile ? "test/bench/results/profiles" : null;
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The stamped dataset, generated when missing, of another scale, or made for other migrations or by another generator. */
async function ensureDataset(): Promise<{ generated: boolean; seconds?: number; seed: string }> {
  const stamp = await readStamp(databaseUrl);
  if (stamp && stamp.scale === scale && stamp.schema === schemaFingerprint() && stamp.generator === generatorFingerprint()) {
    log(`dataset: reusing ${databaseName(databaseUrl)} (scale ${scale}, generated ${stamp.generatedAt})`);
    return { generated: false, seed: stamp.seed };
  }
  log(`dataset: ${stamp ? "stale" : "missing"}; generating scale ${scale}`);
  const report = await buildDataset(databaseUrl, scale, DEFAULT_SEED, (line) => log(`  ${line}`));
  return { generated: true, seconds: report.totalMs / 1000, seed: DEFAULT_SEED };
}

async function rootFields(url: string): Promise<Set<string>> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }" }),
  });
  const { data } = (await response.json()) as { data: { __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } } } };
  return new Set([...data.__schema.queryType.fields.map((field) => `Query.${field.name}`), ...data.__schema.mutationType.fields.map((field) => `Mutation.${field.name}`)]);
}

/** Runs `work` while watching the processes in `pids` and the database's backends. */
async function watched(pids: number[], work: () => Promise<LoadResult>, itemsPerRequest: number, loadGenerator: number): Promise<{ load: LoadResult; measured: Measured }> {
  const database = databaseName(databaseUrl);
  for (const pid of pids) resetPeakRss(pid);
  const cpuBefore = pids.map(cpuMs);
  const generatorBefore = cpuMs(loadGenerator);
  const backendsBefore = backendCpu(database);
  const machineBefore = machineTicks();
  const load = await work();
  const machineAfter = machineTicks();
  const serverCpu = pids.reduce((sum, pid, i) => sum + cpuMs(pid) - cpuBefore[i], 0);
  const percentOfCore = (cpu: number) => (cpu / load.elapsedMs) * 100;
  const peaks = pids.map(peakRssBytes).filter((peak): peak is number => peak !== null);
  return {
    load,
    measured: {
      rate: ((load.requests - load.failed) * itemsPerRequest * 1000) / load.elapsedMs,
      unit: itemsPerRequest > 1 ? "items/s" : "req/s",
      requests: load.requests,
      latencyMs: load.latencyMs,
      sqlStatements: load.sqlStatements,
      serverCpuPercent: percentOfCore(serverCpu),
      serverCpuMsPerRequest: serverCpu / Math.max(1, load.requests),
      databaseCpuPercent: percentOfCore(backendCpuSince(database, backendsBefore)),
      loadGeneratorCpuPercent: percentOfCore(cpuMs(loadGenerator) - generatorBefore),
      machineBusyPercent: ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
      peakRssMb: peaks.length > 0 ? Math.max(...peaks) / 1_048_576 : null,
    },
  };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Waits until no statement runs on the benchmark database but ours: a write
 * workload's last requests (cut off by the load generator, still running in
 * the server) must not spill into the next measurement.
 */
async function settle(sql: postgres.Sql): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  await pause(SETTLE_MS);
  while (Date.now() < deadline) {
    const [{ active }] = await sql<{ active: number }[]>`
      select count(*)::int as active from pg_stat_activity where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()`;
    if (active === 0) return;
    await pause(250);
  }
}

interface Target {
  urls: string[];
  path: string;
  pids: number[];
}

interface Bench {
  generator: LoadGenerator;
  sql: postgres.Sql;
  setup: Setup;
  one: Target;
  two: Target;
  floor: Started;
}

/** A warm-up, then the measured run; write workloads continue the warm-up's request numbers. */
async function drive(generator: LoadGenerator, sql: postgres.Sql, workload: LoadWorkload, params: unknown, target: Target) {
  const job = { workloadId: workload.id, params, urls: target.urls, path: target.path, connections: CONNECTIONS, firstRequest: 0 };
  const warmup = await generator.run({ ...job, seconds: warmupSeconds });
  await settle(sql);
  const items = workload.itemsPerRequest?.(params) ?? 1;
  const run = await watched(target.pids, () => generator.run({ ...job, seconds, firstRequest: warmup.nextRequest }), items, generator.pid);
  await settle(sql);
  return { ...run, warmupFailed: warmup.failed, warmupFailures: warmup.firstFailures };
}

/** Failed when a response was wrong or a connection broke; slowness (even no response within the run) is only reported. */
function outcome(workload: LoadWorkload, run: Awaited<ReturnType<typeof drive>>): WorkloadResult {
  const failures = [...run.warmupFailures, ...run.load.firstFailures];
  const failed = run.warmupFailed + run.load.failed + run.load.transportErrors > 0;
  const reason = run.load.transportErrors > 0 ? `${run.load.transportErrors} connection errors or timeouts` : `${run.warmupFailed + run.load.failed} failed responses`;
  const slow = run.load.requests === 0 ? { reason: "no response completed within the run" } : {};
  return { id: workload.id, title: workload.title, status: failed ? "failed" : "ok", ...(failed ? { reason, failures } : slow), measured: run.measured };
}

/** Whether Ronghe and the floor answer the same requests with the same `data`. */
async function sameJson(workload: LoadWorkload, params: unknown, ronghe: string, floor: string): Promise<boolean> {
  for (let n = 0; n < 3; n += 1) {
    const { body } = workload.request(params, n);
    const post = async (url: string) => ((await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json()) as { data: unknown }).data;
    const [expected, actual] = await Promise.all([post(`${ronghe}/graphql`), post(`${floor}${workload.floorPath}`)]);
    if (!isDeepStrictEqual(expected, actual)) {
      log(`  warning: the floor's answer differs from Ronghe's for ${workload.id} request ${n}:\n    ronghe ${JSON.stringify(expected).slice(0, 300)}\n    floor  ${JSON.stringify(actual).slice(0, 300)}`);
      return false;
    }
  }
  return true;
}

/** Percentiles of (checkpoint issuedAt − entry recordedAt) for the entries recorded since `since`, once all are sealed. */
async function sealerLag(sql: postgres.Sql, since: string): Promise<WorkloadResult["lag"]> {
  const deadline = Date.now() + SEAL_WAIT_MS;
  for (;;) {
    const [{ unsealed }] = await sql<{ unsealed: number }[]>`
      select count(*)::int as unsealed from ledger_entry e where e.recorded_at >= ${since} and not exists (select 1 from merkle_leaf l where l.entry_sequence = e.sequence)`;
    if (unsealed === 0) break;
    if (Date.now() > deadline) throw new Error(`${unsealed} entries still unsealed ${SEAL_WAIT_MS} ms after the writes`);
    await pause(500);
  }
  const [row] = await sql<{ entries: number; p50: number; p95: number; p99: number; max: number }[]>`
    select count(*)::int as entries,
      coalesce(percentile_cont(0.5) within group (order by lag), 0)::float8 as p50,
      coalesce(percentile_cont(0.95) within group (order by lag), 0)::float8 as p95,
      coalesce(percentile_cont(0.99) within group (order by lag), 0)::float8 as p99,
      coalesce(max(lag), 0)::float8 as max
    from (
      select extract(epoch from (c.issued_at - e.recorded_at)) * 1000 as lag
      from ledger_entry e
      join merkle_leaf l on l.entry_sequence = e.sequence
      cross join lateral (select k.issued_at from ledger_checkpoint k where k.tree_size > l.leaf_index order by k.tree_size limit 1) c
      where e.recorded_at >= ${since}
    ) lags`;
  return { ...row, sealerIntervalMs };
}

function machineBusyNow(milliseconds: number): Promise<number> {
  const before = machineTicks();
  return pause(milliseconds).then(() => {
    const after = machineTicks();
    return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
  });
}

function vitestProcesses(): number {
  try {
    return execFileSync("pgrep", ["-f", "vitest"], { encoding: "utf8" }).split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** One workload on one process, then (when it has them) on the floor and on two processes, back to back. */
async function measure(bench: Bench, workload: LoadWorkload): Promise<WorkloadResult> {
  const { generator, sql, setup, one, two, floor } = bench;
  const since = new Date().toISOString();
  let params: unknown;
  try {
    params = await workload.prepare(setup);
  } catch (error) {
    log(`${workload.id}: FAILED to prepare: ${error instanceof Error ? error.message : String(error)}`);
    return { id: workload.id, title: workload.title, status: "failed", reason: `prepare: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = outcome(workload, await drive(generator, sql, workload, params, one));
  const problems = (await workload.verify?.(setup, since)) ?? [];
  if (problems.length > 0) Object.assign(result, { status: "failed", reason: "database check", failures: [...(result.failures ?? []), ...problems] });
  log(`${workload.id}: ${result.status} ${result.measured!.rate.toFixed(0)} ${result.measured!.unit}, p99 ${result.measured!.latencyMs.p99.toFixed(1)} ms, ${result.measured!.sqlStatements?.toFixed(1) ?? "–"} SQL/req${result.status === "failed" ? ` — ${result.failures?.[0] ?? result.reason}` : ""}`);
  if (result.status !== "ok") return result;
  if (workload.floorPath) {
    const matches = await sameJson(workload, params, one.urls[0], floor.url);
    const run = await drive(generator, sql, workload, params, { urls: [floor.url], path: workload.floorPath, pids: [floor.pid] });
    if (run.load.failed + run.warmupFailed > 0) log(`  floor ${workload.id}: ${run.load.firstFailures[0] ?? run.warmupFailures[0]}`);
    result.floor = { ...run.measured, sameJson: matches, ratio: result.measured!.rate / run.measured.rate };
    log(`  floor: ${run.measured.rate.toFixed(0)} req/s; Ronghe at ${(result.floor.ratio * 100).toFixed(0)} %${matches ? "" : " (JSON differs)"}`);
  }
  if (!workload.writes) {
    const run = await drive(generator, sql, workload, params, two);
    result.twoProcesses = { ...run.measured, ratio: run.measured.rate / result.measured!.rate };
    if (run.load.failed + run.warmupFailed > 0) Object.assign(result, { status: "failed", reason: "two processes", failures: [...run.warmupFailures, ...run.load.firstFailures] });
    log(`  two processes: ${run.measured.rate.toFixed(0)} req/s (${result.twoProcesses.ratio.toFixed(2)}× one process)`);
  }
  return result;
}

async function main(): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = {
    cpus: os.cpus()[0]?.model ?? "unknown CPU",
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1_073_741_824),
    node: process.version,
    postgres: "",
    loadAverage: os.loadavg(),
    idleBusyPercent: await machineBusyNow(2_000),
    vitestProcesses: vitestProcesses(),
  };
  const dataset = await ensureDataset();
  const signing = await benchSigningKey(dataset.seed);
  const sql = postgres(databaseUrl, { max: 3, onnotice: () => undefined });
  const servers: Started[] = [];
  const generator = new LoadGenerator();
  const results: WorkloadResult[] = [];
  try {
    const [{ version }] = await sql<{ version: string }[]>`select version()`;
    machine.postgres = version.split(" on ")[0];
    const rows = Object.fromEntries(
      (await sql<{ name: string; rows: string }[]>`select relname as name, n_live_tup::text as rows from pg_stat_user_tables order by relname`).map((row) => [row.name, Number(row.rows)]),
    );
    const env = {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      RATE_LIMIT_COST_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      LEDGER_SIGNING_KEY: JSON.stringify(signing.privateJwk),
      SEALER_INTERVAL_MS: String(sealerIntervalMs),
    };
    if (build === "compiled") buildServer();
    servers.push(...(await Promise.all([startRonghe(env, build, profileDirectory), startRonghe(env, build, profileDirectory)])));
    const floor = await startFloor(databaseUrl);
    servers.push(floor);
    log(`servers: ${servers.map((server) => `${server.url} (pid ${server.pid})`).join(", ")}; the second Ronghe and the floor wait idle until used`);
    const [first, second] = servers;
    const available = await rootFields(first.url);
    const config = loadConfig({ JWT_SECRET, NODE_ENV: "production" });
    const setup: Setup = {
      sql,
      token: (request) => signDevelopmentToken(config, JWT_SECRET, request),
      post: async ({ body, headers }) => (await fetch(`${first.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body })).text(),
      runId: `run${Date.now().toString(36)}`,
    };
    const one: Target = { urls: [first.url], path: "/graphql", pids: [first.pid] };
    const two: Target = { urls: [first.url, second.url], path: "/graphql", pids: [first.pid, second.pid] };
    let writesSince: string | null = null;

    for (const workload of WORKLOADS) {
      if (only && !only.includes(workload.id)) continue;
      const missing = workload.requires.filter((field) => !available.has(field));
      if (missing.length > 0) {
        results.push({ id: workload.id, title: workload.title, status: "not run", reason: `${missing.join(", ")} not in the schema yet` });
        log(`${workload.id}: not run (${missing.join(", ")} not in the schema yet)`);
        continue;
      }
      if (workload.kind === "derived") {
        if (writesSince === null) {
          results.push({ id: workload.id, title: workload.title, status: "not run", reason: "no write workload ran" });
          continue;
        }
        const lag = await sealerLag(sql, writesSince);
        results.push({ id: workload.id, title: workload.title, status: "ok", lag });
        log(`${workload.id}: p50 ${lag!.p50.toFixed(0)} ms, p99 ${lag!.p99.toFixed(0)} ms over ${lag!.entries} entries`);
        continue;
      }
      if (workload.writes) writesSince ??= new Date().toISOString();
      results.push(await measure({ generator, sql, setup, one, two, floor }, workload));
    }

    const report: BenchReport = {
      startedAt,
      mode: quick ? "quick" : "full",
      settings: { connections: CONNECTIONS, seconds, warmupSeconds, database: databaseName(databaseUrl), scale, seed: dataset.seed, server: build, sealerIntervalMs },
      machine,
      dataset: { generated: dataset.generated, seconds: dataset.seconds, rows },
      workloads: results,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const table = markdown(report);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, "latest.md"), `${table}\n`);
    fs.writeFileSync(path.join(RESULTS, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    log(`\n${table}\n\n(${report.totalSeconds.toFixed(0)} s; written to test/bench/results/latest.md and latest.json)`);
    const failed = results.filter((result) => result.status === "failed");
    for (const result of failed) log(`FAILED ${result.id}: ${result.reason}\n  ${(result.failures ?? []).join("\n  ")}`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    await generator.stop();
    for (const server of servers) await server.stop();
    await sql.end({ timeout: 5 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
