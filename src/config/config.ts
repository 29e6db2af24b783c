import path from "node:path";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Config {
  port: number;
  host: string;
  /** Absent: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  /** PostgreSQL only: server-side bounds on a statement and on a transaction left idle. */
  databaseTimeouts: DatabaseTimeouts;
  /** PGlite folder, or "memory" for an in-memory database. Also holds generated keys. */
  dataDir: string;
  logLevel: LogLevel;
  nodeEnv: "development" | "production" | "test";
  jwt: {
    secret: string | null;
    publicKey: string | null;
    jwksUrl: string | null;
    issuer: string;
    audience: string;
  };
  corsOrigins: string[] | "*";
  bodyLimitBytes: number;
  seed: "demo" | "none";
  /** How often the sealer appends committed entries to the Merkle log; 0 = only on demand. */
  sealerIntervalMs: number;
  /** An Ed25519 private JWK (with kid) for checkpoints and statements; absent: a key ring in DATA_DIR. */
  ledgerSigningKey: string | null;
  /** Per-request limits on the GraphQL document (see src/graphql/limits/). */
  queryLimits: QueryLimits;
  /** Per-caller cost budget; null when RATE_LIMIT_COST_PER_MINUTE is 0. */
  costBudget: { costPerMinute: number; burst: number } | null;
  introspection: boolean;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

// Bound every wait on the database: a stuck statement or an abandoned
// transaction must not hold locks or a pool slot forever.
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 30_000 };
// An hour: longer is no bound at all for an API request.
const MAX_DATABASE_TIMEOUT_MS = 3_600_000;

/** A bad environment variable: the message is one line naming the variable and the fix. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function urlVar(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL (expected ${protocols.join(" or ")}…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(" or ")} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

// Shorter HS256 secrets can be brute-forced offline from any token.
const MIN_SECRET_LENGTH = 32;

function jwtConfig(env: Env): Config["jwt"] {
  const secret = env.JWT_SECRET || null;
  if (secret !== null && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError("JWT_SECRET", `must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -hex 32)`);
  }
  const publicKey = env.JWT_PUBLIC_KEY ? env.JWT_PUBLIC_KEY.replace(/\\n/g, "\n") : null;
  if (publicKey !== null && !publicKey.includes("-----BEGIN PUBLIC KEY-----")) {
    throw new ConfigError("JWT_PUBLIC_KEY", "expected a PEM-encoded SPKI public key (-----BEGIN PUBLIC KEY-----)");
  }
  const jwksUrl = urlVar(env, "JWT_JWKS_URL", ["https:", "http:"]);
  if (publicKey && jwksUrl) {
    throw new ConfigError("JWT_JWKS_URL", "set either JWT_PUBLIC_KEY or JWT_JWKS_URL, not both");
  }
  return {
    secret,
    publicKey,
    jwksUrl,
    issuer: env.JWT_ISSUER || "ronghe",
    audience: env.JWT_AUDIENCE || "ronghe-api",
  };
}

function corsOrigins(env: Env): Config["corsOrigins"] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw === "" || raw === "*") return "*";
  const origins = raw.split(",").map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) urlVar({ CORS_ORIGINS: origin }, "CORS_ORIGINS", ["https:", "http:"]);
  return origins;
}

function signingKeyVar(env: Env): string | null {
  const raw = env.LEDGER_SIGNING_KEY;
  if (raw === undefined || raw === "") return null;
  try {
    const jwk = JSON.parse(raw) as { kty?: string; crv?: string; d?: string; kid?: string };
    if (jwk.kty === "OKP" && jwk.crv === "Ed25519" && jwk.d && jwk.kid) return raw;
  } catch {
    // reported below
  }
  throw new ConfigError("LEDGER_SIGNING_KEY", "expected an Ed25519 private JWK as JSON with kty OKP, crv Ed25519, d and kid");
}

function queryLimits(env: Env): QueryLimits {
  return {
    maxDepth: intVar(env, "QUERY_MAX_DEPTH", 12, 1, 1_000),
    maxAliases: intVar(env, "QUERY_MAX_ALIASES", 30, 0, 10_000),
    maxDirectives: intVar(env, "QUERY_MAX_DIRECTIVES", 50, 0, 10_000),
    maxTokens: intVar(env, "QUERY_MAX_TOKENS", 2_000, 1, 1_000_000),
    maxCost: intVar(env, "QUERY_MAX_COST", 5_000, 1, 100_000_000),
  };
}

function costBudget(env: Env, maxCost: number): Config["costBudget"] {
  const costPerMinute = intVar(env, "RATE_LIMIT_COST_PER_MINUTE", 60_000, 0, 1_000_000_000);
  if (costPerMinute === 0) return null;
  const burst = intVar(env, "RATE_LIMIT_COST_BURST", costPerMinute, 1, 1_000_000_000);
  // A bucket smaller than the largest admissible query would refuse that query forever.
  if (burst < maxCost) throw new ConfigError("RATE_LIMIT_COST_BURST", `must be at least QUERY_MAX_COST (${maxCost}), got ${burst}`);
  return { costPerMinute, burst };
}

/** Reads and validates the configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = urlVar(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  const dataDirRaw = env.DATA_DIR || ".data";
  const dataDir = dataDirRaw === "memory" ? "memory" : path.resolve(dataDirRaw);
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const jwt = jwtConfig(env);
  if (nodeEnv === "production" && !jwt.secret && !jwt.publicKey && !jwt.jwksUrl) {
    throw new ConfigError("JWT_SECRET", "production needs JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL");
  }
  const limits = queryLimits(env);
  return {
    port: intVar(env, "PORT", 4000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    databaseUrl,
    databaseTimeouts: {
      statementTimeoutMs: intVar(env, "DB_STATEMENT_TIMEOUT_MS", DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs, 1, MAX_DATABASE_TIMEOUT_MS),
      idleInTransactionTimeoutMs: intVar(env, "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", DEFAULT_DATABASE_TIMEOUTS.idleInTransactionTimeoutMs, 1, MAX_DATABASE_TIMEOUT_MS),
    },
    dataDir,
    logLevel: oneOf(env, "LOG_LEVEL", ["debug", "info", "warn", "error", "silent"] as const, "info"),
    nodeEnv,
    jwt,
    corsOrigins: corsOrigins(env),
    bodyLimitBytes: intVar(env, "BODY_LIMIT_BYTES", 1_048_576, 1024, 64 * 1_048_576),
    // The embedded default opens with a demo so a newcomer has something to query.
    seed: oneOf(env, "SEED", ["demo", "none"] as const, databaseUrl ? "none" : "demo"),
    sealerIntervalMs: intVar(env, "SEALER_INTERVAL_MS", 250, 0, 3_600_000),
    ledgerSigningKey: signingKeyVar(env),
    queryLimits: limits,
    costBudget: costBudget(env, limits.maxCost),
    introspection: oneOf(env, "INTROSPECTION", ["true", "false"] as const, "true") === "true",
  };
}
