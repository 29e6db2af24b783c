import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Config } from "../config/config.js";
import type { Logger } from "../http/logger.js";
import { ROLES, type Role } from "./viewer.js";

/** The verified claims Ronghe uses. */
export interface TokenClaims {
  sub: string;
  role: Role;
  /** Global ID of the organization (registrar, provider). */
  org: string | null;
}

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

type PublicKey = Awaited<ReturnType<typeof importSPKI>>;
type VerificationKey = { kind: "secret"; key: Uint8Array } | { kind: "public"; key: PublicKey; algorithms: string[] } | { kind: "jwks"; key: JWTVerifyGetKey };

const DEV_SECRET_FILE = "jwt-secret";

/**
 * The HS256 secret: JWT_SECRET, or on the embedded default a development
 * secret generated once into the data folder (so `npm run token` can sign with it).
 */
export function resolveSecret(config: Config, logger?: Logger): string | null {
  if (config.jwt.secret) return config.jwt.secret;
  if (config.jwt.publicKey || config.jwt.jwksUrl || config.databaseUrl) return null;
  if (config.dataDir === "memory") {
    const secret = randomBytes(32).toString("hex");
    logger?.warn("JWT_SECRET not set and DATA_DIR=memory: using a throwaway development secret; set JWT_SECRET to sign tokens");
    return secret;
  }
  const file = path.join(config.dataDir, DEV_SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
    logger?.warn("JWT_SECRET not set: generated a development secret (never use it in production)", { file });
  } else {
    logger?.info("JWT_SECRET not set: using the development secret in the data folder", { file });
  }
  return fs.readFileSync(file, "utf8").trim();
}

async function verificationKey(config: Config, secret: string | null): Promise<VerificationKey> {
  if (config.jwt.publicKey) {
    // Pin the algorithm to the key's type: never accept HS256 signed with the public key.
    for (const alg of ["ES256", "RS256", "EdDSA"]) {
      try {
        return { kind: "public", key: await importSPKI(config.jwt.publicKey, alg), algorithms: [alg] };
      } catch {
        // try the next algorithm family
      }
    }
    throw new Error("JWT_PUBLIC_KEY: not an RSA, P-256 or Ed25519 public key");
  }
  if (config.jwt.jwksUrl) return { kind: "jwks", key: createRemoteJWKSet(new URL(config.jwt.jwksUrl)) };
  if (!secret) throw new Error("JWT_SECRET is not set: with DATABASE_URL, set JWT_SECRET (openssl rand -hex 32), JWT_PUBLIC_KEY or JWT_JWKS_URL");
  return { kind: "secret", key: new TextEncoder().encode(secret) };
}

export type TokenVerifier = (token: string) => Promise<TokenClaims>;

export async function createTokenVerifier(config: Config, secret: string | null): Promise<TokenVerifier> {
  const key = await verificationKey(config, secret);
  const options = { issuer: config.jwt.issuer, audience: config.jwt.audience, requiredClaims: ["exp", "sub"] };
  const verify = async (token: string): Promise<JWTPayload> => {
    if (key.kind === "secret") return (await jwtVerify(token, key.key, { ...options, algorithms: ["HS256"] })).payload;
    if (key.kind === "public") return (await jwtVerify(token, key.key, { ...options, algorithms: key.algorithms })).payload;
    return (await jwtVerify(token, key.key, { ...options, algorithms: ["RS256", "ES256", "EdDSA"] })).payload;
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    return readClaims(payload);
  };
}

function describeJoseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const claim = (error as { claim?: string }).claim;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "token expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return `token claim "${claim}" is invalid (check iss, aud, exp, nbf)`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "token signature does not verify";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "token algorithm is not allowed";
    default:
      return "token is malformed or not verifiable";
  }
}

// Subjects key idempotency records and cost budgets and are echoed by `viewer`:
// jose checks only that `sub` is present, so its type and size are checked here.
const MAX_SUBJECT_LENGTH = 256;

function readClaims(payload: JWTPayload): TokenClaims {
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > MAX_SUBJECT_LENGTH) {
    throw new InvalidTokenError(`token claim "sub" must be a string of 1 to ${MAX_SUBJECT_LENGTH} characters`);
  }
  const role = payload.role;
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    throw new InvalidTokenError(`token claim "role" must be one of ${ROLES.join(", ")}`);
  }
  const org = typeof payload.org === "string" ? payload.org : null;
  if ((role === "registrar" || role === "provider") && !org) {
    throw new InvalidTokenError(`token claim "org" is required for role ${role}`);
  }
  return { sub: payload.sub, role: role as Role, org: role === "registrar" || role === "provider" ? org : null };
}

export interface TokenRequest {
  role: Role;
  sub?: string;
  org?: string;
  expiresIn?: string;
}

/** Signs a development token with the HS256 secret. */
export async function signDevelopmentToken(config: Config, secret: string, request: TokenRequest): Promise<string> {
  const jwt = new SignJWT({ role: request.role, ...(request.org ? { org: request.org } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(request.sub ?? `dev-${request.role}`)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? "12h");
  return jwt.sign(new TextEncoder().encode(secret));
}
