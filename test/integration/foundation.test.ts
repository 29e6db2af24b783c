import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, generateKeyPair, exportSPKI, UnsecuredJWT } from "jose";
import { startTestServer, execute, ok, errorCodes, TEST_JWT_SECRET, type TestServer } from "../support/server.js";
import { aUniversityInput } from "../support/factories.js";
import { OrganizationCreateDocument, ViewerDocument } from "../generated/operations.js";
import { ConfigError, loadConfig } from "../../src/config/config.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("health endpoints", () => {
  it("answers liveness on /healthz and readiness with the database kind on /readyz", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: server.database.kind });
  });

  it("serves the self-hosted explorer and its assets from the server itself", async () => {
    const page = await fetch(`${server.url}/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("/explorer-static/ruru.js");
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./);
    expect((await fetch(`${server.url}/explorer-static/ruru.js`)).status).toBe(200);
  });

  it("tags every response with a request id", async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("abc-123");
  });
});

describe("HTTP limits", () => {
  it("answers malformed JSON with 400 and an oversized body with 413", async () => {
    const malformed = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    const huge = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ viewer { role } } #${"x".repeat(2_000_000)}` }),
    });
    expect(huge.status).toBe(413);
  });
});

describe("authentication", () => {
  it("treats a request without a token as anonymous", async () => {
    expect((await ok(server.client(), ViewerDocument)).viewer).toEqual({ subject: null, role: "anonymous", organization: null });
  });

  it("identifies an admin token's subject and role", async () => {
    const token = await server.token({ role: "admin", sub: "alice" });
    expect((await ok(server.client(token), ViewerDocument)).viewer).toEqual({ subject: "alice", role: "admin", organization: null });
  });

  it("resolves a registrar token's organization", async () => {
    const admin = server.client(await server.token({ role: "admin" }));
    const university = (await ok(admin, OrganizationCreateDocument, { input: aUniversityInput() })).organizationCreate.organization!;
    const token = await server.token({ role: "registrar", org: university.id, sub: "reg-1" });
    expect((await ok(server.client(token), ViewerDocument)).viewer).toEqual({ subject: "reg-1", role: "registrar", organization: { id: university.id, name: university.name } });
  });

  const secret = new TextEncoder().encode(TEST_JWT_SECRET);
  const base = () => new SignJWT({ role: "admin" }).setSubject("mallory").setIssuer("ronghe").setAudience("ronghe-api").setIssuedAt();
  const badTokens: [string, () => Promise<string>][] = [
    ["an unsigned alg:none token", async () => new UnsecuredJWT({ role: "admin" }).setSubject("m").setIssuer("ronghe").setAudience("ronghe-api").setExpirationTime("1h").encode()],
    ["an expired token", () => base().setExpirationTime(Math.floor(Date.now() / 1000) - 60).setProtectedHeader({ alg: "HS256" }).sign(secret)],
    ["a token without exp", () => base().setProtectedHeader({ alg: "HS256" }).sign(secret)],
    ["a token not valid yet (nbf)", () => base().setExpirationTime("1h").setNotBefore("10m").setProtectedHeader({ alg: "HS256" }).sign(secret)],
    ["a token from another issuer", () => server.token({ role: "admin", issuer: "someone-else" })],
    ["a token for another audience", () => server.token({ role: "admin", audience: "other-api" })],
    ["a token signed with another secret", () => server.token({ role: "admin", secret: "another-secret-another-secret-another-secret" })],
    ["a token with a tampered payload", async () => {
      const [header, , signature] = (await server.token({ role: "learner", sub: "x" })).split(".");
      const payload = Buffer.from(JSON.stringify({ role: "admin", sub: "x", iss: "ronghe", aud: "ronghe-api", exp: 9999999999 })).toString("base64url");
      return `${header}.${payload}.${signature}`;
    }],
    ["an RS256 token when HS256 is configured", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      return base().setExpirationTime("1h").setProtectedHeader({ alg: "RS256" }).sign(privateKey);
    }],
    ["a token with an unknown role", () => new SignJWT({ role: "root" }).setSubject("m").setIssuer("ronghe").setAudience("ronghe-api").setExpirationTime("1h").setProtectedHeader({ alg: "HS256" }).sign(secret)],
    ["a registrar token without org", () => new SignJWT({ role: "registrar" }).setSubject("m").setIssuer("ronghe").setAudience("ronghe-api").setExpirationTime("1h").setProtectedHeader({ alg: "HS256" }).sign(secret)],
    ["a registrar token for an organization that does not exist", () => server.token({ role: "registrar", org: Buffer.from("Organization:00000000-0000-7000-8000-000000000000").toString("base64url") })],
    ["a string that is not a JWT", async () => "not.a.jwt"],
  ];

  for (const [description, makeToken] of badTokens) {
    it(`refuses ${description} with HTTP 401 UNAUTHENTICATED`, async () => {
      const result = await execute(server.client(await makeToken()), ViewerDocument);
      expect({ status: result.status, codes: errorCodes(result), data: result.data }).toEqual({ status: 401, codes: ["UNAUTHENTICATED"], data: null });
    });
  }
});

describe("configuration", () => {
  it("names the variable and the problem in one line", () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: "abc" }, 'PORT: expected an integer from 0 to 65535, got "abc"'],
      [{ DATABASE_URL: "mysql://x" }, 'DATABASE_URL: expected a postgres: or postgresql: URL, got "mysql:"'],
      [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "loud"'],
      [{ JWT_SECRET: "short" }, "JWT_SECRET: must be at least 32 characters (try: openssl rand -hex 32)"],
      [{ JWT_PUBLIC_KEY: "nope" }, "JWT_PUBLIC_KEY: expected a PEM-encoded SPKI public key (-----BEGIN PUBLIC KEY-----)"],
      [{ NODE_ENV: "production" }, "JWT_SECRET: production needs JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL"],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrowError(new ConfigError(message.split(":")[0], message.slice(message.indexOf(":") + 2)));
    }
  });

  it("uses the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({ port: 4000, databaseUrl: null, logLevel: "info", jwt: { issuer: "ronghe", audience: "ronghe-api" } });
  });
});

describe("public-key verification", () => {
  it("accepts ES256 tokens with JWT_PUBLIC_KEY and refuses HS256 signed with the public key text", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const pem = await exportSPKI(publicKey);
    const keyed = await startTestServer({ JWT_SECRET: "", JWT_PUBLIC_KEY: pem });
    try {
      const good = await new SignJWT({ role: "admin" }).setSubject("es").setIssuer("ronghe").setAudience("ronghe-api").setExpirationTime("1h").setProtectedHeader({ alg: "ES256" }).sign(privateKey);
      expect((await ok(keyed.client(good), ViewerDocument)).viewer.role).toBe("admin");
      const confused = await new SignJWT({ role: "admin" }).setSubject("es").setIssuer("ronghe").setAudience("ronghe-api").setExpirationTime("1h").setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(pem));
      expect(errorCodes(await execute(keyed.client(confused), ViewerDocument))).toEqual(["UNAUTHENTICATED"]);
    } finally {
      await keyed.stop();
    }
  });
});
