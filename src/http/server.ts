import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Config } from "../config/config.js";
import { openDatabase, statementCounter, type Database, type OpenOptions } from "../db/database.js";
import { migrateDatabase } from "../db/migrate.js";
import { createLogger, type Logger } from "./logger.js";
import { createSchema } from "../graphql/schema.js";
import { jitGateway } from "../graphql/jit-executor.js";
import { createLoaders, createServices, type Context } from "../graphql/context.js";
import { authenticate } from "../auth/authenticate.js";
import { Viewer, type Actor } from "../auth/viewer.js";
import { createTokenVerifier, resolveSecret } from "../auth/jwt.js";
import { mountExplorer } from "./explorer.js";
import { explorerDocument } from "./examples.js";
import { KeyRing, loadJwks, type SigningKeySource } from "../modules/ledger/signing-keys.js";
import { Sealer } from "../modules/ledger/sealer.js";
import { DatabaseGate } from "../db/database-gate.js";
import { retryableDatabaseErrorCode } from "../db/errors.js";
import { queryLimitsPlugin } from "../graphql/limits/limits.plugin.js";
import { CostBudget } from "../graphql/limits/cost-budget.js";
import { refuseLongDocuments } from "../graphql/limits/tokens.js";

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  logger: Logger;
  /** Runs an operation in-process as `actor` (no token): every resolver, validation and limit applies. The demo seed uses it. */
  executeAs(actor: Actor | null, query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;
  close(): Promise<void>;
}


const READINESS_TIMEOUT_MS = 2_000;
const DRAIN_TIMEOUT_MS = 10_000;
// The database gate retries at least this often once its backoff is capped.
const NOT_READY_RETRY_AFTER_SECONDS = 5;
// A lost connection is replaced on the next query: retry soon.
const DATABASE_FAILURE_RETRY_AFTER_SECONDS = 1;
const SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
const DATABASE_FAILURE_MESSAGE = "The database is unavailable; retry shortly (a write with the same idempotencyKey)";

function cors(origins: Config["corsOrigins"]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && (origins === "*" || origins.includes(origin))) {
      res.setHeader("Access-Control-Allow-Origin", origins === "*" ? "*" : origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, Apollo-Require-Preflight");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.setHeader("Access-Control-Max-Age", "600");
    }
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  };
}

/** Reports SQL statements per request in `extensions` (tests and the bench read it). */
function statementCountPlugin(): ApolloServerPlugin<Context & { counter: { statements: number } }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: contextValue.counter.statements };
        },
      };
    },
  };
}

/**
 * A lost connection, a restarting database or a timed-out statement rolled
 * the work back: the client should send the same request again (writes with
 * the same idempotencyKey), so the answer says so instead of INTERNAL_SERVER_ERROR.
 */
function databaseFailure(logger: Logger, error: unknown): { message: string; extensions: { code: string; retryable: true } } | null {
  const reason = retryableDatabaseErrorCode(error);
  if (!reason) return null;
  logger.warn("database unavailable; answered retryable", { reason });
  return { message: DATABASE_FAILURE_MESSAGE, extensions: { code: SERVICE_UNAVAILABLE, retryable: true } };
}

/** Answers with HTTP 503 and Retry-After when a database failure is among the errors (formatErrorFor rewrites their body). */
function databaseFailureStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          if (!errors?.some((error) => retryableDatabaseErrorCode(error))) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(DATABASE_FAILURE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

// graphql-js stops coercing variables after 50 errors with an error that has no
// code, so Apollo would call it internal: it is about the client's input like the 50 before it.
const TOO_MANY_VARIABLE_ERRORS = "Too many errors processing variables";

function formatErrorFor(config: Config, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code !== "INTERNAL_SERVER_ERROR") return formatted;
    if (formatted.message.startsWith(TOO_MANY_VARIABLE_ERRORS)) return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    const original = unwrapResolverError(error);
    const failure = databaseFailure(logger, original);
    if (failure) return { ...failure, path: formatted.path };
    logger.error("internal error", { error: original instanceof Error ? original.stack : String(original), path: formatted.path });
    if (config.nodeEnv !== "production") return formatted;
    // Never leak SQL or stacks to clients in production.
    return { message: "Internal server error", path: formatted.path, extensions: { code } };
  };
}

function jsonError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Until the database is prepared, work that needs it gets a retryable 503 instead of an internal error. */
function untilReady(gate: DatabaseGate) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (gate.isReady) return next();
    res.setHeader("Retry-After", String(NOT_READY_RETRY_AFTER_SECONDS));
    jsonError(res, 503, SERVICE_UNAVAILABLE, "The database is not available yet; retry shortly", { retryable: true });
  };
}

/** Starts Ronghe: database, migrations, GraphQL, health endpoints, explorer. The same path `npm start` and the tests take. */
export async function startServer(config: Config, options: OpenOptions & { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, logger, options);
  const gate = new DatabaseGate(logger);
  try {
    const keyRing = await KeyRing.open(signingKeySource(config));
    // PostgreSQL may be unreachable at start: serve anyway (not ready) and
    // migrate and register keys when it appears. PGlite is in-process: its failure is fatal.
    const prepareDatabase = async () => {
      await migrateDatabase(database);
      await keyRing.register(database);
    };
    await gate.open(prepareDatabase, { retryInBackground: database.kind === "postgres" });
    const verifyToken = await createTokenVerifier(config, resolveSecret(config, logger));
    const sealer = new Sealer(database, keyRing, logger, config.sealerIntervalMs);
    const services = createServices(database, sealer);
    const schema = await createSchema();

    const app = express();
    app.disable("x-powered-by");
    const httpServer = http.createServer(app);
    const apollo = new ApolloServer<Context & { counter: { statements: number }; clientAddress: string }>({
      gateway: jitGateway(schema),
      introspection: config.introspection,
      // A batched array would multiply every per-request limit by its length.
      allowBatchedHttpRequests: false,
      includeStacktraceInErrorResponses: config.nodeEnv !== "production",
      hideSchemaDetailsFromClientErrors: config.nodeEnv === "production",
      formatError: formatErrorFor(config, logger),
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        // Ronghe sets no cache hints; the default plugin would still wrap every field resolver to collect them.
        ApolloServerPluginCacheControlDisabled(),
        ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: DRAIN_TIMEOUT_MS }),
        statementCountPlugin(),
        databaseFailureStatusPlugin(),
        queryLimitsPlugin(config.queryLimits, config.costBudget && new CostBudget(config.costBudget)),
      ],
    });
    await apollo.start();

    app.use((req, res, next) => {
      const requestId = (typeof req.headers["x-request-id"] === "string" && req.headers["x-request-id"].slice(0, 64)) || randomUUID();
      res.setHeader("X-Request-Id", requestId);
      res.locals.requestId = requestId;
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        logger.debug("request", { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 });
      });
      statementCounter.run({ statements: 0 }, next);
    });
    app.use(cors(config.corsOrigins));
    app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
    app.get("/readyz", async (_req, res) => {
      if (!gate.isReady) return void res.status(503).json({ status: "unavailable", database: database.kind, reason: gate.reason });
      try {
        await Promise.race([database.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), READINESS_TIMEOUT_MS))]);
        res.json({ status: "ready", database: database.kind });
      } catch (error) {
        res.status(503).json({ status: "unavailable", database: database.kind, reason: error instanceof Error ? error.message : String(error) });
      }
    });
    app.use(["/graphql", "/.well-known"], untilReady(gate));
    app.get("/.well-known/jwks.json", async (_req, res) => {
      res.setHeader("Cache-Control", "public, max-age=300");
      res.json(await loadJwks(database));
    });
    mountExplorer(app, explorerDocument());
    app.use(
      "/graphql",
      express.json({ limit: config.bodyLimitBytes }),
      refuseLongDocuments(config.queryLimits.maxTokens),
      expressMiddleware(apollo, {
        context: async ({ req, res }) => {
          const requestId = String(res.locals.requestId);
          const viewer = await authenticate(req.headers.authorization, verifyToken, services).catch((error: unknown) => {
            // A token naming an organization is checked against the database: its failure is retryable too.
            const failure = databaseFailure(logger, error);
            if (!failure) throw error;
            const http = { status: 503, headers: new HeaderMap([["retry-after", String(DATABASE_FAILURE_RETRY_AFTER_SECONDS)]]) };
            throw new GraphQLError(failure.message, { extensions: { ...failure.extensions, http } });
          });
          return {
            requestId,
            viewer,
            services,
            loaders: createLoaders(services),
            logger: logger.child({ requestId }),
            counter: statementCounter.getStore() ?? { statements: 0 },
            clientAddress: req.ip ?? "unknown",
          };
        },
      }),
    );
    app.use((error: Error & { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      if (error.type === "entity.too.large") return jsonError(res, 413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${config.bodyLimitBytes} bytes`);
      if (error.type === "entity.parse.failed") return jsonError(res, 400, "BAD_REQUEST", "Request body is not valid JSON");
      const failure = databaseFailure(logger, error);
      if (failure) {
        res.setHeader("Retry-After", String(DATABASE_FAILURE_RETRY_AFTER_SECONDS));
        return jsonError(res, 503, failure.extensions.code, failure.message, { retryable: true });
      }
      logger.error("http error", { error: error.stack });
      jsonError(res, error.status && error.status < 500 ? error.status : 500, "BAD_REQUEST", error.status && error.status < 500 ? error.message : "Internal server error");
    });

    await listen(httpServer, config);
    gate.onReady(() => sealer.start());
    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
    logger.info("Ronghe is serving", { url, graphql: `${url}/graphql`, explorer: `${url}/` });

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      database,
      logger,
      executeAs: async (actor, query, variables) => {
        const response = await apollo.executeOperation(
          { query, variables },
          {
            contextValue: {
              requestId: randomUUID(),
              viewer: new Viewer(actor),
              services,
              loaders: createLoaders(services),
              logger,
              counter: { statements: 0 },
              clientAddress: "in-process",
            },
          },
        );
        if (response.body.kind !== "single") throw new Error("incremental delivery is not supported in-process");
        return response.body.singleResult as { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] };
      },
      close: () =>
        (closing ??= (async () => {
          gate.close();
          await apollo.stop();
          await sealer.stop();
          await database.close();
        })()),
    };
  } catch (error) {
    gate.close();
    await database.close().catch(() => undefined);
    throw error;
  }
}

function signingKeySource(config: Config): SigningKeySource {
  if (config.ledgerSigningKey) return { kind: "config", jwk: config.ledgerSigningKey };
  return config.dataDir === "memory" ? { kind: "memory" } : { kind: "file", dataDir: config.dataDir };
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`PORT ${config.port} is already in use: stop the other process or set PORT to a free port`));
      else if (error.code === "EACCES") reject(new Error(`PORT ${config.port} needs privileges: choose a port above 1024`));
      else reject(error);
    });
    server.listen(config.port, config.host, () => resolve());
  });
}
