import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { DEFAULT_DATABASE_TIMEOUTS, type Config, type DatabaseTimeouts } from "../config/config.js";
import type { Logger } from "../http/logger.js";

/** The drizzle client, the same type over PGlite and PostgreSQL. Transactions share it. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction. On PGlite (one connection) writes are
   * serialised in-process so a long transaction never interleaves with another.
   */
  write<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** Raw rows of a SQL statement, whichever driver runs it. */
  rows<T = Record<string, unknown>>(query: SQL, executor?: Db): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Counts SQL statements per request: tests assert N+1 freedom with it, the bench reports it. */
export const statementCounter = new AsyncLocalStorage<{ statements: number }>();

const drizzleLogger = {
  logQuery() {
    const counter = statementCounter.getStore();
    if (counter) counter.statements += 1;
  },
};

// postgres.js returns an array, PGlite an object with `rows`.
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A FIFO mutex: PGlite has one connection, so writers take turns. */
function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

const POOL_SIZE = 10;
// postgres.js backs off up to 20 s between reconnects after repeated failures,
// and queries queued for a connection wait with it: after a database restart the
// pool would sit idle long after the database is back. Retry at least every second.
const RECONNECT_FIRST_DELAY_SECONDS = 0.05;
const RECONNECT_MAX_DELAY_SECONDS = 1;
const reconnectDelaySeconds = (failures: number) => Math.min(RECONNECT_FIRST_DELAY_SECONDS * 2 ** failures, RECONNECT_MAX_DELAY_SECONDS);

async function openPostgres(url: string, timeouts: DatabaseTimeouts): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max: POOL_SIZE,
    onnotice: () => undefined,
    connect_timeout: 10,
    backoff: reconnectDelaySeconds,
    connection: {
      statement_timeout: timeouts.statementTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
      application_name: "ronghe",
    },
  });
  const db = drizzle(client, { logger: drizzleLogger }) as unknown as Db;
  const rows = async <T>(query: SQL, executor: Db = db) => rowsOf<T>(await executor.execute(query));
  return {
    db,
    kind: "postgres",
    write: (work) => db.transaction((tx) => work(tx as unknown as Db)),
    rows,
    ping: async () => void (await rows(sql`select 1`)),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string, loadFrom?: Blob): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir !== "memory") fs.mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
  const client = await PGlite.create({
    dataDir: dataDir === "memory" ? undefined : path.join(dataDir, "pglite"),
    extensions: { pg_trgm },
    loadDataDir: loadFrom,
  });
  const db = drizzle(client, { logger: drizzleLogger }) as unknown as Db;
  const serialise = createMutex();
  const rows = async <T>(query: SQL, executor: Db = db) => rowsOf<T>(await executor.execute(query));
  return {
    db,
    kind: "pglite",
    write: (work) => serialise(() => db.transaction((tx) => work(tx as unknown as Db))),
    rows,
    ping: async () => void (await rows(sql`select 1`)),
    close: () => client.close(),
  };
}

export interface OpenOptions {
  /** PGlite only: start from a dump (tests start every file from one migrated dump). */
  loadFrom?: Blob;
}

/** Without `databaseTimeouts` (tools that only read), the defaults bound the waits. */
export async function openDatabase(
  config: Pick<Config, "databaseUrl" | "dataDir"> & Partial<Pick<Config, "databaseTimeouts">>,
  logger: Logger,
  options: OpenOptions = {},
): Promise<Database> {
  if (config.databaseUrl) {
    logger.info("database: PostgreSQL", { url: redactUrl(config.databaseUrl) });
    return openPostgres(config.databaseUrl, config.databaseTimeouts ?? DEFAULT_DATABASE_TIMEOUTS);
  }
  logger.info("database: embedded PGlite", { dataDir: config.dataDir });
  return openPglite(config.dataDir, options.loadFrom);
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
