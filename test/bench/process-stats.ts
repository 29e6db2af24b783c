// What the benchmark reads from /proc (Linux): CPU time and peak resident
// memory of the server processes, CPU time of the PostgreSQL backends serving
// the benchmark database, and how busy the whole machine was.
import fs from "node:fs";

// USER_HZ: /proc reports CPU time in these ticks (100 on every common Linux build).
const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of a process so far; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function statusField(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) in bytes since start or the last resetPeakRss. */
export const peakRssBytes = (pid: number) => statusField(pid, "VmHWM");

/** Resets VmHWM to the current RSS, so the next peak is this workload's (Linux ≥ 4.0). Returns false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

// A backend's process title: "postgres: [cluster: ]user database host(port) state".
const BACKEND_TITLE = /^postgres: (?:\S+: )?\S+ (\S+) \S+\(\d+\)/;

/** PostgreSQL backends connected to `database`, found by their process title. */
function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (BACKEND_TITLE.exec(title)?.[1] === database) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** CPU per backend of `database`, to diff before and after a workload (backends that start in between count from 0). */
export function backendCpu(database: string): Map<number, number> {
  return new Map(backendPids(database).map((pid) => [pid, cpuMs(pid)]));
}

export function backendCpuSince(database: string, before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of backendCpu(database)) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Busy and total CPU ticks of the machine (all cores) from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const [, ...values] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3] + (numbers[4] ?? 0);
  const total = numbers.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}
