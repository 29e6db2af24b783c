import type { LogLevel } from "../config/config.js";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

/** Structured JSON logs, one object per line on stdout. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(level: LogLevel, bound: LogFields = {}): Logger {
  const threshold = LEVEL_RANK[level];
  const write = (at: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => {
    if (LEVEL_RANK[at] < threshold) return;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...bound, ...fields }) + "\n");
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger(level, { ...bound, ...fields }),
  };
}
