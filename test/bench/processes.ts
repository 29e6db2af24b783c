// Child processes of the benchmark: Ronghe servers started like `npm start`
// (production mode, PostgreSQL), the floor server, and load generators.
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { LoadJob, LoadResult } from "./load-worker.js";

// swc compiles the sources at start; on a busy 2-core machine that takes a while.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
// Kept for the error message when a process fails to start.
const MAX_LOG_LINES = 50;
const SWC = ["--import", "@swc-node/register/esm-register"];

export interface Started {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function keepLog(child: ChildProcess, lines: string[]): void {
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - MAX_LOG_LINES));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
}

async function waitUntil(ready: () => Promise<boolean>, child: ChildProcess, what: string, lines: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${lines.join("\n")}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`${what} was not ready within ${START_TIMEOUT_MS} ms:\n${lines.join("\n")}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/** How a server is started: from the sources as `npm start` does, or from the `npm run build` output. */
export type ServerBuild = "sources" | "compiled";

// `npm run build` (tsc) writes here, as tsconfig.json says.
const COMPILED_MAIN = "dist/src/main.js";

/**
 * Compiles the server with `npm run build`. tsc emits even when another
 * module has a type error, so the output is used whenever the entry exists.
 */
export function buildServer(): void {
  spawnSync("npm", ["run", "-s", "build"], { cwd: process.cwd(), stdio: "ignore" });
  if (!fs.existsSync(COMPILED_MAIN)) throw new Error(`npm run build produced no ${COMPILED_MAIN}`);
}

/** A Ronghe server in production mode, ready when /readyz says so; with a profile directory, it writes a CPU profile there on exit. */
export async function startRonghe(env: Record<string, string>, build: ServerBuild, profileDirectory: string | null = null): Promise<Started> {
  const port = await freePort();
  const profiling = profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : [];
  const child = spawn(process.execPath, [...profiling, ...(build === "compiled" ? [COMPILED_MAIN] : [...SWC, "src/main.ts"])], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), DATA_DIR: path.join(os.tmpdir(), `ronghe-bench-${port}`), ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  keepLog(child, lines);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/readyz`)).ok, child, "the Ronghe server", lines);
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** The floor server (floor.ts), ready when it answers. */
export async function startFloor(databaseUrl: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SWC, "test/bench/floor.ts"], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  keepLog(child, lines);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/`, { method: "POST" })).status === 404, child, "the floor server", lines);
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** The load generator: one child process that runs the jobs it is sent, one at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private pending: { resolve: (result: LoadResult) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    this.child = fork(path.resolve("test/bench/load-worker.ts"), [], { execArgv: SWC, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      const pending = this.pending;
      this.pending = null;
      if (message.ok) pending?.resolve(message.result);
      else pending?.reject(new Error(`load generator: ${message.error}`));
    });
    this.child.once("exit", (code) => this.pending?.reject(new Error(`load generator exited with ${code} before reporting`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  run(job: LoadJob): Promise<LoadResult> {
    if (this.pending) throw new Error("the load generator runs one job at a time");
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(job);
    });
  }

  stop(): Promise<void> {
    return stopper(this.child)();
  }
}
