import net from "node:net";
import { describe, expect, it } from "vitest";
import { createPostgresDatabase, ok, startTestServer } from "../support/server.js";
import { OrganizationsDocument } from "../generated/operations.js";

// Generous: the gate retries at least every 5 s, and a loaded CI machine is slow to migrate.
const READY_WITHIN_MS = 30_000;

/**
 * A TCP proxy to the database on a port that refuses connections until
 * `appear()`: then it listens and forwards, as if the database came up there.
 */
async function appearingProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  // Reserve a free port, then close it so that connecting is refused until the proxy appears.
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return {
    port,
    appear: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readiness(url: string) {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("a database unreachable at start", () => {
  it("starts anyway, reports 503 on /readyz with the reason, and refuses GraphQL with a retryable SERVICE_UNAVAILABLE", async () => {
    const server = await startTestServer({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/ronghe_unreachable" });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await readiness(server.url)).toEqual({ status: 503, body: { status: "unavailable", database: "postgres", reason: "connect ECONNREFUSED 127.0.0.1:1" } });
      const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      expect({ status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() }).toEqual({
        status: 503,
        retryAfter: "5",
        body: { errors: [{ message: "The database is not available yet; retry shortly", extensions: { code: "SERVICE_UNAVAILABLE", retryable: true } }] },
      });
    } finally {
      await server.stop();
    }
  });

  it("migrates and becomes ready once the database appears, then serves queries", async () => {
    const base = new URL(process.env.TEST_DATABASE_URL!);
    const database = await createPostgresDatabase();
    const proxy = await appearingProxy(base);
    const proxied = new URL(database.url);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(proxy.port);
    const server = await startTestServer({ DATABASE_URL: proxied.toString() });
    try {
      expect(await readiness(server.url)).toEqual({ status: 503, body: { status: "unavailable", database: "postgres", reason: `connect ECONNREFUSED 127.0.0.1:${proxy.port}` } });
      await proxy.appear();
      const deadline = Date.now() + READY_WITHIN_MS;
      while ((await readiness(server.url)).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await readiness(server.url)).toEqual({ status: 200, body: { status: "ready", database: "postgres" } });
      expect((await ok(server.client(), OrganizationsDocument, { first: 1 })).organizations.totalCount).toBe(0);
    } finally {
      await server.stop();
      await proxy.close();
      await database.drop();
    }
  });
});
