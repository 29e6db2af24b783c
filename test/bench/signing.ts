// The dataset's checkpoint signing key, derived from the seed: the generator
// signs the checkpoints it writes with it, and the benchmark hands the same
// key to every server process (LEDGER_SIGNING_KEY), so the servers' sealers
// extend a log whose signatures all verify against one JWKS.
import { createHash, createPrivateKey } from "node:crypto";
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { SIGNING_ALGORITHM, type SigningKey } from "../../src/modules/ledger/signing-keys.js";

// PKCS #8 header of an Ed25519 private key; the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface BenchSigningKey {
  privateJwk: JWK & { kid: string };
  publicJwk: JWK;
  key: SigningKey;
}

export async function benchSigningKey(seed: string): Promise<BenchSigningKey> {
  const secret = createHash("sha256").update(`ronghe-bench-signing-key:${seed}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, secret]), format: "der", type: "pkcs8" });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  const kid = (await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x })).slice(0, 16);
  const privateJwk = { ...jwk, kid, alg: SIGNING_ALGORITHM };
  // The same public form KeyRing.register stores.
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: SIGNING_ALGORITHM, use: "sig" };
  return { privateJwk, publicJwk, key: { kid, privateKey: await importJWK(privateJwk, SIGNING_ALGORITHM) } };
}
