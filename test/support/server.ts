import "reflect-metadata";
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import postgres from "postgres";
import { GraphQLClient, ClientError } from "graphql-request";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { loadConfig, type Config } from "../../src/config/config.js";
import { startServer, type RunningServer } from "../../src/http/server.js";
import { createLogger } from "../../src/http/logger.js";
import { signDevelopmentToken, type TokenRequest } from "../../src/auth/jwt.js";

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

export type Backend = "pglite" | "postgres";
export const backend: Backend = process.env.TEST_BACKEND === "postgres" ? "postgres" : "pglite";

/** A fresh PostgreSQL database per test file, so files run in parallel without sharing state. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is required for the postgres backend");
  const name = `ronghe_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(base, { max: 1, onnotice: () => undefined });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export interface TestServer extends RunningServer {
  config: Config;
  /** Signs a token for this server. */
  token(request: TokenRequest & { secret?: string; issuer?: string; audience?: string }): Promise<string>;
  /** A graphql-request client, anonymous or with a bearer token. */
  client(token?: string): GraphQLClient;
  stop(): Promise<void>;
}

/** Starts the real server (the code path of `npm start`) on a random port against a fresh database. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = backend === "postgres" ? await createPostgresDatabase() : null;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: "memory",
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    NODE_ENV: "test",
    SEED: "none",
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const loadFrom = database ? undefined : new Blob([fs.readFileSync(inject("pgliteDump"))]);
  const server = await startServer(config, { loadFrom, logger: createLogger(config.logLevel) });
  return {
    ...server,
    config,
    token: (request) =>
      signDevelopmentToken(
        { ...config, jwt: { ...config.jwt, issuer: request.issuer ?? config.jwt.issuer, audience: request.audience ?? config.jwt.audience } },
        request.secret ?? TEST_JWT_SECRET,
        request,
      ),
    client: (token) => new GraphQLClient(`${server.url}/graphql`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    stop: async () => {
      await server.close();
      await database?.drop();
    },
  };
}

export interface GraphQLResult<T> {
  data: T | null;
  errors: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
  status: number;
}

/** Runs an operation and returns data and errors side by side, so tests can assert both. */
export async function execute<T, V extends object>(client: GraphQLClient, document: TypedDocumentNode<T, V> | string, variables?: V): Promise<GraphQLResult<T>> {
  try {
    const response = await client.rawRequest<T>(typeof document === "string" ? document : (document as never), variables as never);
    return { data: response.data, errors: [], extensions: response.extensions as Record<string, unknown>, status: response.status };
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    const response = error.response as unknown as { data?: T; errors?: GraphQLResult<T>["errors"]; extensions?: Record<string, unknown>; status: number };
    return { data: response.data ?? null, errors: response.errors ?? [], extensions: response.extensions, status: response.status };
  }
}

/** Runs an operation that must succeed and returns its data. */
export async function ok<T, V extends object>(client: GraphQLClient, document: TypedDocumentNode<T, V> | string, variables?: V): Promise<T> {
  const result = await execute(client, document, variables);
  if (result.errors.length > 0 || !result.data) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The top-level error codes of a result. */
export const errorCodes = (result: GraphQLResult<unknown>) => result.errors.map((error) => error.extensions?.code);
