import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { startTestServer, execute, ok, errorCodes, TEST_JWT_SECRET, type TestServer } from "../support/server.js";
import { aMember } from "../support/course-factories.js";
import { aLearner, asLearner } from "../support/learner-factories.js";
import { LearnerConsentGrantDocument, LearnerNodeDocument, LedgerEntriesDocument, ViewerDocument } from "../generated/operations.js";

// Attacks on bearer tokens beyond those in foundation.test.ts (alg none, expiry, nbf,
// issuer, audience, tampering, algorithm confusion): key selection through the header
// (`kid`, `jku`, `x5u`, `jwk`), malformed claims and oversized tokens, with both an
// HS256 secret and a JWKS of the identity provider served from a local HTTP server.

const ISSUER = "ronghe";
const AUDIENCE = "ronghe-api";
const KID_INJECTIONS = ["../../etc/passwd", "../../../../dev/null", "' OR 1=1 --", "' UNION SELECT 'attacker-key' --", "http://127.0.0.1:1/key.pem", "x".repeat(2000)];

/** A compact HS256 JWS built by hand, so any header and any key (even empty) can be used. */
function handSignedHs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer): string {
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${createHmac("sha256", key).update(signingInput).digest("base64url")}`;
}

const validClaims = (overrides: Record<string, unknown> = {}) => ({ sub: "mallory", role: "admin", iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600, ...overrides });

async function expectUnauthenticated(server: TestServer, token: string) {
  const result = await execute(server.client(token), ViewerDocument);
  expect({ status: result.status, codes: errorCodes(result), data: result.data }).toEqual({ status: 401, codes: ["UNAUTHENTICATED"], data: null });
}

/** A local identity provider: its JWKS at /jwks.json and an attacker's JWKS at /attacker.json, counting requests. */
async function startKeyServer(jwks: { keys: JWK[] }, attackerJwks: { keys: JWK[] }) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const body = req.url === "/jwks.json" ? jwks : req.url === "/attacker.json" ? attackerJwks : null;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("with an HS256 secret", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("accepts a well-formed token, so the refusals below are about the attack alone", async () => {
    const token = handSignedHs256({ alg: "HS256", typ: "JWT" }, validClaims(), TEST_JWT_SECRET);
    expect((await ok(server.client(token), ViewerDocument)).viewer).toEqual({ subject: "mallory", role: "admin", organization: null });
  });

  for (const kid of KID_INJECTIONS) {
    it(`refuses a token whose kid ${JSON.stringify(kid.slice(0, 40))} names the key the attacker signed with`, async () => {
      // The classic kid attack: the server loads "the key named by kid" (a file, a row, a URL),
      // so the attacker signs with what that lookup would return. Ronghe never looks kid up.
      for (const attackerKey of ["", "attacker-key", "root:x:0:0:root:/root:/bin/bash\n", kid]) {
        await expectUnauthenticated(server, handSignedHs256({ alg: "HS256", kid }, validClaims(), attackerKey));
      }
    });
  }

  it("ignores jku, x5u and an embedded jwk: a token signed with the attacker's key is refused and nothing is fetched", async () => {
    const attacker = await generateKeyPair("RS256", { extractable: true });
    const attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: "attacker", alg: "RS256" };
    const keys = await startKeyServer({ keys: [] }, { keys: [attackerJwk] });
    try {
      const headers = [
        { alg: "RS256", kid: "attacker", jku: `${keys.base}/attacker.json` },
        { alg: "RS256", kid: "attacker", x5u: `${keys.base}/attacker.json` },
        { alg: "RS256", kid: "attacker", jwk: attackerJwk },
      ];
      for (const header of headers) {
        await expectUnauthenticated(server, await new SignJWT(validClaims()).setProtectedHeader(header).sign(attacker.privateKey));
      }
      // The same headers on an HS256 token signed with the real secret change nothing either way.
      const harmless = handSignedHs256({ alg: "HS256", jku: `${keys.base}/attacker.json`, x5u: `${keys.base}/attacker.json` }, validClaims(), TEST_JWT_SECRET);
      expect((await ok(server.client(harmless), ViewerDocument)).viewer.role).toBe("admin");
      expect(keys.requests).toEqual([]);
    } finally {
      await keys.close();
    }
  });

  const malformedClaims: [string, Record<string, unknown>][] = [
    ["role as an array", { role: ["admin"] }],
    ["role as an object", { role: { admin: true } }],
    ["role in another case", { role: "ADMIN" }],
    ["role with padding", { role: "admin " }],
    ["sub as an object", { sub: { id: "mallory" } }],
    ["sub as a number", { sub: 42 }],
    ["sub as an array", { sub: ["mallory"] }],
    ["an empty sub", { sub: "" }],
    ["a sub of 1,000 characters", { sub: "m".repeat(1_000) }],
    ["org as an array", { role: "registrar", org: ["T3JnYW5pemF0aW9uOjE"] }],
    ["exp as a string", { exp: "9999999999" }],
  ];
  for (const [description, overrides] of malformedClaims) {
    it(`refuses a correctly signed token with ${description}`, async () => {
      await expectUnauthenticated(server, handSignedHs256({ alg: "HS256" }, validClaims(overrides), TEST_JWT_SECRET));
    });
  }

  it("refuses a registrar or provider token naming an organization that does not exist, or something that is not an organization", async () => {
    const admin = server.client(await server.token({ role: "admin" }));
    const member = await aMember(server, admin, "TRAINING_PROVIDER");
    const learner = await aLearner(member);
    const ghost = Buffer.from("Organization:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
    for (const org of [ghost, learner.id, "not-an-id", "' OR 1=1 --"]) {
      for (const role of ["registrar", "provider"] as const) {
        await expectUnauthenticated(server, await server.token({ role, org }));
      }
    }
  });

  it("refuses a token longer than 8 KiB even when correctly signed, and a header over Node's 16 KiB limit with 431", async () => {
    const padded = handSignedHs256({ alg: "HS256" }, validClaims({ padding: "p".repeat(9_000) }), TEST_JWT_SECRET);
    await expectUnauthenticated(server, padded);
    const huge = handSignedHs256({ alg: "HS256" }, validClaims({ padding: "p".repeat(20_000) }), TEST_JWT_SECRET);
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${huge}` },
      body: JSON.stringify({ query: "{ viewer { role } }" }),
    });
    expect(response.status).toBe(431);
  });

  it("lets a learner token whose sub is not a registered learner's ID read nothing and write nothing", async () => {
    // Decision: such a token authenticates (the identity provider vouches for it and Ronghe
    // keeps no list of subjects), but it speaks for no learner: every learner-scoped read is
    // empty or null and every learner write is FORBIDDEN.
    const admin = server.client(await server.token({ role: "admin" }));
    const member = await aMember(server, admin, "TRAINING_PROVIDER");
    const learner = await aLearner(member);
    const ghost = Buffer.from("Learner:0190a0b0-0000-7000-8000-000000000000").toString("base64url");
    const entriesBefore = (await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount;
    for (const sub of ["not-a-learner-id", ghost, member.organizationId]) {
      const client = await asLearner(server, sub);
      expect((await ok(client, ViewerDocument)).viewer).toEqual({ subject: sub, role: "learner", organization: null });
      expect((await ok(client, LedgerEntriesDocument, { first: 100 })).ledgerEntries.totalCount).toBe(0);
      expect((await ok(client, LearnerNodeDocument, { id: learner.id })).node).toBeNull();
      const grant = await execute(client, LearnerConsentGrantDocument, { input: { idempotencyKey: `ghost-${sub.slice(0, 20)}`, organizationId: member.organizationId } });
      expect({ codes: errorCodes(grant), data: grant.data }).toEqual({ codes: ["FORBIDDEN"], data: null });
    }
    expect((await ok(admin, LedgerEntriesDocument, { first: 1 })).ledgerEntries.totalCount).toBe(entriesBefore);
  });
});

describe("with a JWKS URL", () => {
  let server: TestServer;
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  let issuerKey: CryptoKey;
  let attackerKey: CryptoKey;
  let publicJwk: JWK;
  let attackerJwk: JWK;
  const kid = "ronghe-idp-2025";

  beforeAll(async () => {
    const issuer = await generateKeyPair("RS256", { extractable: true });
    const attacker = await generateKeyPair("RS256", { extractable: true });
    issuerKey = issuer.privateKey;
    attackerKey = attacker.privateKey;
    publicJwk = { ...(await exportJWK(issuer.publicKey)), kid, alg: "RS256", use: "sig" };
    attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: "attacker", alg: "RS256" };
    keys = await startKeyServer({ keys: [publicJwk] }, { keys: [attackerJwk] });
    server = await startTestServer({ JWT_SECRET: "", JWT_JWKS_URL: `${keys.base}/jwks.json` });
  });
  afterAll(async () => {
    await server?.stop();
    await keys?.close();
  });

  const signed = (header: Record<string, unknown>, key: CryptoKey | Uint8Array, claims = validClaims()) =>
    new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);

  it("accepts a token signed by the identity provider's key named by its kid", async () => {
    expect((await ok(server.client(await signed({ alg: "RS256", kid }, issuerKey)), ViewerDocument)).viewer.role).toBe("admin");
  });

  it("refuses a kid that names no key of the JWKS, or carries injection strings, whatever key signed it", async () => {
    for (const badKid of ["another-key", ...KID_INJECTIONS]) {
      await expectUnauthenticated(server, await signed({ alg: "RS256", kid: badKid }, attackerKey));
      await expectUnauthenticated(server, await signed({ alg: "RS256", kid: badKid }, issuerKey));
    }
  });

  it("refuses the right kid on a token signed with another key", async () => {
    await expectUnauthenticated(server, await signed({ alg: "RS256", kid }, attackerKey));
  });

  it("refuses HS256 tokens signed with the JWKS's public key material (algorithm confusion)", async () => {
    for (const material of [JSON.stringify(publicJwk), publicJwk.n!, JSON.stringify({ keys: [publicJwk] })]) {
      await expectUnauthenticated(server, handSignedHs256({ alg: "HS256", kid }, validClaims(), material));
    }
  });

  it("never follows jku or x5u and ignores an embedded jwk", async () => {
    const headers = [
      { alg: "RS256", kid: "attacker", jku: `${keys.base}/attacker.json` },
      { alg: "RS256", kid: "attacker", x5u: `${keys.base}/attacker.json` },
      { alg: "RS256", kid: "attacker", jwk: attackerJwk },
      { alg: "RS256", jwk: attackerJwk },
    ];
    for (const header of headers) await expectUnauthenticated(server, await signed(header, attackerKey));
    expect(keys.requests.filter((url) => url !== "/jwks.json")).toEqual([]);
  });

  it("fetches the JWKS a bounded number of times however many unknown kids arrive", async () => {
    const before = keys.requests.length;
    for (let i = 0; i < 20; i += 1) await expectUnauthenticated(server, await signed({ alg: "RS256", kid: `unknown-${i}` }, attackerKey));
    // jose refetches on an unknown kid at most once per cooldown (30 s).
    expect(keys.requests.length - before).toBeLessThanOrEqual(1);
  });
});
