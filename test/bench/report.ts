// The benchmark's results: the JSON written to test/bench/results/latest.json
// and the Markdown table printed and written beside it (and pasted into the README).

export interface Measured {
  /** Requests per second, or items per second for a bulk workload. */
  rate: number;
  unit: "req/s" | "items/s";
  requests: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  sqlStatements: number | null;
  /** Server CPU in % of one core (summed over server processes), and per request. */
  serverCpuPercent: number;
  serverCpuMsPerRequest: number;
  /** CPU of the PostgreSQL backends serving the benchmark database, % of one core. */
  databaseCpuPercent: number;
  loadGeneratorCpuPercent: number;
  /** Busy share of all cores of the machine (other engineers' work included). */
  machineBusyPercent: number;
  peakRssMb: number | null;
}

export interface WorkloadResult {
  id: string;
  title: string;
  status: "ok" | "failed" | "not run";
  reason?: string;
  measured?: Measured;
  failures?: string[];
  floor?: Measured & { sameJson: boolean; ratio: number };
  twoProcesses?: Measured & { ratio: number };
  /** Sealer lag: percentiles of (checkpoint issuedAt − entry recordedAt) over the entries the writes made. */
  lag?: { entries: number; p50: number; p95: number; p99: number; max: number; sealerIntervalMs: number };
}

export interface BenchReport {
  startedAt: string;
  mode: "quick" | "full";
  settings: { connections: number; seconds: number; warmupSeconds: number; database: string; scale: number; seed: string; server: "sources" | "compiled"; sealerIntervalMs: number };
  machine: { cpus: string; cores: number; memoryGb: number; node: string; postgres: string; loadAverage: number[]; idleBusyPercent: number; vitestProcesses: number };
  dataset: { generated: boolean; seconds?: number; rows: Record<string, number> };
  workloads: WorkloadResult[];
  totalSeconds: number;
}

const number = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number) => (value < 10 ? number(value, 1) : number(value));

function rateCell(measured: Measured): string {
  return `${number(measured.rate)} ${measured.unit}`;
}

function row(result: WorkloadResult): string {
  if (result.status === "not run") return `| ${result.title} | not run: ${result.reason} | | | | | | | | |`;
  if (!result.measured && !result.lag) return `| ${result.title} | **FAILED**: ${result.reason ?? result.failures?.[0] ?? ""} | | | | | | | | |`;
  if (result.lag) {
    const lag = result.lag;
    return `| ${result.title} | ${number(lag.entries)} entries | ${ms(lag.p50)} | ${ms(lag.p95)} | ${ms(lag.p99)} (max ${ms(lag.max)}) | | | | | sealer every ${lag.sealerIntervalMs} ms |`;
  }
  const m = result.measured!;
  const floor = result.floor ? `${number(result.floor.ratio * 100)} % of ${rateCell(result.floor)}${result.floor.sameJson ? "" : " (JSON differs!)"}` : "";
  const failed = result.status === "failed" ? ` **FAILED**: ${result.failures?.[0] ?? result.reason ?? ""}` : "";
  return `| ${result.title}${failed} | ${rateCell(m)} | ${ms(m.latencyMs.p50)} | ${ms(m.latencyMs.p95)} | ${ms(m.latencyMs.p99)} | ${m.sqlStatements === null ? "–" : number(m.sqlStatements, 1)} | ${number(m.serverCpuPercent)} % (${number(m.serverCpuMsPerRequest, 2)} ms/req) | ${number(m.databaseCpuPercent)} % | ${m.peakRssMb === null ? "–" : number(m.peakRssMb)} MB | ${floor} |`;
}

export function markdown(report: BenchReport): string {
  const { machine, settings } = report;
  const lines = [
    `Ronghe benchmark (${report.mode}), ${report.startedAt}: ${settings.connections} connections, ${settings.seconds} s per workload after ${settings.warmupSeconds} s warm-up, dataset scale ${settings.scale} (${settings.database}), server run from ${settings.server === "compiled" ? "the `npm run build` output" : "the sources (swc)"}.`,
    `Machine: ${machine.cores} × ${machine.cpus}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.postgres}; server, PostgreSQL and load generator share it. Before the run: load average ${machine.loadAverage.map((value) => value.toFixed(2)).join(" / ")}, ${number(machine.idleBusyPercent)} % of the CPUs busy, ${machine.vitestProcesses} vitest processes.`,
    "",
    "| workload | throughput | p50 ms | p95 ms | p99 ms | SQL/req | server CPU (1 core = 100 %) | PostgreSQL CPU | server peak RSS | vs raw-SQL floor |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...report.workloads.map(row),
  ];
  const scaled = report.workloads.filter((result) => result.twoProcesses);
  if (scaled.length > 0) {
    lines.push("", "| two server processes (same load, connections split) | throughput | vs one process | p99 ms | servers' CPU | PostgreSQL CPU | machine busy |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const result of scaled) {
      const two = result.twoProcesses!;
      lines.push(`| ${result.title} | ${rateCell(two)} | ${number(two.ratio, 2)}× | ${ms(two.latencyMs.p99)} | ${number(two.serverCpuPercent)} % | ${number(two.databaseCpuPercent)} % | ${number(two.machineBusyPercent)} % |`);
    }
  }
  return lines.join("\n");
}
