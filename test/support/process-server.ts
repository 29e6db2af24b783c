import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/config.js";
import { signDevelopmentToken, type TokenRequest } from "../../src/auth/jwt.js";
import { createPostgresDatabase, TEST_JWT_SECRET } from "./server.js";

// Bounds on every wait, so a broken server fails the test instead of hanging it.
// Start: swc compiles the sources on a busy 2-core machine, then migrations run.
const START_TIMEOUT_MS = 90_000;
// SIGKILL is immediate; SIGTERM drains within the server's own 15 s bound.
const EXIT_TIMEOUT_MS = 25_000;
// Kept for the failure message: the end of a crashed server's output says why.
const MAX_KEPT_LOG_LINES = 400;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<ExitStatus>;
}

/**
 * The real server as a separate process, started exactly like `npm start`,
 * on a fresh PostgreSQL database that survives restarts (and a data folder
 * that keeps its signing keys, as a deployment would). `kill` it like a crash
 * or an operator would; `restart` starts a new process on the same database.
 */
export class ProcessServer {
  private running: Running | null = null;
  private startedSignal: { promise: Promise<void>; resolve: () => void } = signal();
  /** The last lines the processes wrote (stdout and stderr, all restarts). */
  readonly logLines: string[] = [];
  /** How many processes were started. */
  starts = 0;
  /** Exits nobody asked for: a crash of the server. */
  readonly crashes: ExitStatus[] = [];

  private constructor(
    /** The database, reached directly (the checks read it this way). */
    readonly databaseUrl: string,
    /** The same database as the server reaches it (through a proxy, say). */
    private readonly serverDatabaseUrl: string,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  /**
   * Creates a fresh database and starts the first process. `env` overrides
   * the defaults; `routeDatabaseUrl` turns the database's URL into the one the
   * server uses (e.g. through a fault proxy).
   */
  static async start(env: Record<string, string> = {}, options: { routeDatabaseUrl?: (url: string) => string } = {}): Promise<ProcessServer> {
    const database = await createPostgresDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ronghe-process-"));
    const serverDatabaseUrl = options.routeDatabaseUrl?.(database.url) ?? database.url;
    const server = new ProcessServer(database.url, serverDatabaseUrl, dataDir, env, database.drop);
    try {
      await server.spawn();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** The running process's base URL (a new port after each restart). */
  get url(): string {
    if (!this.running) throw new Error(`the server process is not running${this.crashes.length > 0 ? `: it crashed ${JSON.stringify(this.crashes)}\n${this.recentLog()}` : ""}`);
    return this.running.url;
  }

  get isUp(): boolean {
    return this.running !== null;
  }

  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Resolves once a process is serving (immediately if one is). */
  whenUp(): Promise<void> {
    return this.startedSignal.promise;
  }

  /** Sends `signal` and waits, bounded, for the process to exit. */
  async kill(signalName: NodeJS.Signals = "SIGKILL"): Promise<ExitStatus> {
    const running = this.running;
    if (!running) throw new Error("the server process is not running");
    this.running = null;
    this.startedSignal = signal();
    running.child.kill(signalName);
    return withTimeout(running.exited, EXIT_TIMEOUT_MS, `server process ${running.child.pid} did not exit after ${signalName}`);
  }

  /** Starts a new process on the same database and data folder. */
  async restart(): Promise<void> {
    if (this.running) throw new Error("kill the running process before restarting it");
    await this.spawn();
  }

  /** A token this server accepts. */
  token(request: TokenRequest): Promise<string> {
    return signDevelopmentToken(loadConfig(this.processEnv()), TEST_JWT_SECRET, request);
  }

  /** Kills the process if it runs, drops the database, removes the data folder. */
  async stop(): Promise<void> {
    if (this.running) await this.kill("SIGKILL").catch(() => undefined);
    await this.dropDatabase();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The end of the processes' output, for a failure message. */
  recentLog(lines = 40): string {
    return this.logLines.slice(-lines).join("\n");
  }

  private processEnv(): Record<string, string> {
    return {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: this.serverDatabaseUrl,
      DATA_DIR: this.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: "info",
      NODE_ENV: "test",
      SEALER_INTERVAL_MS: "200",
      ...this.env,
    };
  }

  private async spawn(): Promise<void> {
    // The same command as `npm start`, without npm in between: a signal reaches the server itself.
    const child = spawn(process.execPath, ["--enable-source-maps", "--import", "@swc-node/register/esm-register", "src/main.ts"], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...this.processEnv() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.starts += 1;
    const exited = new Promise<ExitStatus>((resolve) =>
      child.once("exit", (code, signalName) => {
        if (this.running?.child === child) {
          this.crashes.push({ code, signal: signalName });
          this.running = null;
        }
        resolve({ code, signal: signalName });
      }),
    );
    const serving = new Promise<string>((resolve, reject) => {
      const keep = (line: string) => {
        this.logLines.push(line);
        if (this.logLines.length > MAX_KEPT_LOG_LINES) this.logLines.splice(0, this.logLines.length - MAX_KEPT_LOG_LINES);
      };
      onLines(child.stdout!, (line) => {
        keep(line);
        const url = servingUrl(line);
        if (url) resolve(url);
      });
      onLines(child.stderr!, keep);
      void exited.then((status) => reject(new Error(`the server exited before serving (${JSON.stringify(status)}):\n${this.recentLog()}`)));
    });
    try {
      const url = await withTimeout(serving, START_TIMEOUT_MS, "the server did not log \"Ronghe is serving\"");
      this.running = { child, url, exited };
      this.startedSignal.resolve();
    } catch (error) {
      child.kill("SIGKILL");
      await withTimeout(exited, EXIT_TIMEOUT_MS, "a server that failed to start did not exit").catch(() => undefined);
      throw error;
    }
  }
}

/** The url of the structured log line the server writes once it listens. */
function servingUrl(line: string): string | null {
  if (!line.startsWith("{")) return null;
  try {
    const record = JSON.parse(line) as { msg?: string; url?: string };
    return record.msg === "Ronghe is serving" && record.url ? record.url : null;
  } catch {
    return null;
  }
}

function onLines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line) each(line);
  });
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs} ms`)), timeoutMs)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
