// The load generator: a child process of the benchmark (forked with IPC), so
// producing and checking requests never shares an event loop with a server.
// For each job it receives it drives autocannon, checks every response, and
// sends back latency percentiles, throughput, SQL statements per request and
// the first errors.
import "reflect-metadata";
import autocannon from "autocannon";
import { loadWorkload } from "./workloads.js";

export interface LoadJob {
  workloadId: string;
  params: unknown;
  urls: string[];
  /** "/graphql", or the floor server's path. */
  path: string;
  connections: number;
  seconds: number;
  /** The first request number: a warm-up and its measured run must not repeat write requests. */
  firstRequest: number;
}

export interface LoadResult {
  requests: number;
  /** Requests whose response failed its check (non-2xx, GraphQL errors, user errors). */
  failed: number;
  firstFailures: string[];
  /** Connection errors and timeouts reported by autocannon. */
  transportErrors: number;
  elapsedMs: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Mean `extensions.sqlStatements` over the responses that report it; null when none does. */
  sqlStatements: number | null;
  /** Requests started (a write workload's next run starts after them). */
  nextRequest: number;
  loadGeneratorCpuMs: number;
}

// Enough to show what went wrong without flooding the report.
const MAX_FAILURES_KEPT = 5;
// autocannon's default is 10 s: a bulk write under 32 concurrent requests can take longer.
const TIMEOUT_SECONDS = 60;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const workload = loadWorkload(job.workloadId);
  let next = job.firstRequest;
  const latencies: number[] = [];
  const failures: string[] = [];
  let failed = 0;
  let statements = 0;
  let reporting = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: job.urls,
    connections: job.connections,
    duration: job.seconds,
    timeout: TIMEOUT_SECONDS,
    requests: [
      {
        method: "POST",
        path: job.path,
        setupRequest: (request) => {
          const spec = workload.request(job.params, next);
          next += 1;
          return { ...request, body: spec.body, headers: { ...request.headers, "content-type": "application/json", ...spec.headers } };
        },
        onResponse: (status, body) => {
          const problem = status >= 200 && status < 300 ? workload.check(body) : `HTTP ${status}: ${body.slice(0, 200)}`;
          if (problem) {
            failed += 1;
            if (failures.length < MAX_FAILURES_KEPT) failures.push(problem);
          }
          const match = /"sqlStatements":(\d+)/.exec(body);
          if (match) {
            statements += Number(match[1]);
            reporting += 1;
          }
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  return {
    requests: latencies.length,
    failed,
    firstFailures: failures,
    transportErrors: result.errors + result.timeouts,
    elapsedMs,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, mean },
    sqlStatements: reporting > 0 ? statements / reporting : null,
    nextRequest: next,
    loadGeneratorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

// Jobs arrive one at a time; the process lives until the benchmark ends it.
process.on("message", (job: LoadJob) => {
  runLoad(job).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.once("SIGTERM", () => process.exit(0));
