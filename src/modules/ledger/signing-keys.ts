import fs from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { signingKeys } from "./ledger.table.js";

/** Checkpoints and credit statements are signed with Ed25519 (EdDSA): small, fast, deterministic. */
export const SIGNING_ALGORITHM = "EdDSA";
const KEYRING_FILE = "signing-keys.json";

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  createdAt: string;
  retiredAt: string | null;
}

export interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
}

/** A generated key not yet in the ring (see `KeyRing.newKey`). */
export interface PendingKey {
  kid: string;
  publicJwk: JWK;
  stored: StoredKey;
}

export type SigningKeySource = { kind: "memory" } | { kind: "file"; dataDir: string } | { kind: "config"; jwk: string };

async function newKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = (await calculateJwkThumbprint({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x })).slice(0, 16);
  return { kid, privateJwk: { ...privateJwk, kid, alg: SIGNING_ALGORITHM }, createdAt: new Date().toISOString(), retiredAt: null };
}

export function publicJwkOf(key: StoredKey): JWK {
  const { kty, crv, x, kid } = key.privateJwk;
  return { kty, crv, x, kid, alg: SIGNING_ALGORITHM, use: "sig" };
}

/**
 * The server's signing keys. The private halves stay in the data folder (or
 * LEDGER_SIGNING_KEY); every public half is also stored in the database so
 * checkpoints and statements signed with a retired key still verify after a
 * rotation, a restart or on another server process.
 */
export class KeyRing {
  private constructor(
    private readonly source: SigningKeySource,
    private keys: StoredKey[],
  ) {}

  static async open(source: SigningKeySource): Promise<KeyRing> {
    if (source.kind === "config") {
      const jwk = JSON.parse(source.jwk) as JWK;
      if (!jwk.kid || jwk.crv !== "Ed25519" || !jwk.d) throw new Error("LEDGER_SIGNING_KEY: expected an Ed25519 private JWK with a kid");
      return new KeyRing(source, [{ kid: jwk.kid, privateJwk: jwk, createdAt: new Date(0).toISOString(), retiredAt: null }]);
    }
    if (source.kind === "memory") return new KeyRing(source, [await newKey()]);
    const file = path.join(source.dataDir, KEYRING_FILE);
    if (fs.existsSync(file)) return new KeyRing(source, (JSON.parse(fs.readFileSync(file, "utf8")) as { keys: StoredKey[] }).keys);
    const ring = new KeyRing(source, [await newKey()]);
    ring.save();
    return ring;
  }

  /** The newest key that is not retired. */
  async current(): Promise<SigningKey> {
    const key = this.keys.filter((each) => each.retiredAt === null).at(-1);
    if (!key) throw new Error("no active signing key");
    return { kid: key.kid, privateKey: await importJWK(key.privateJwk, SIGNING_ALGORITHM) };
  }

  /** Adds a new key and retires the previous ones; old signatures stay verifiable through the JWKS. */
  async rotate(): Promise<string> {
    const key = await KeyRing.newKey();
    this.activate(key);
    return key.kid;
  }

  /** False when the key comes from LEDGER_SIGNING_KEY: it is rotated by changing the variable. */
  get canRotate(): boolean {
    return this.source.kind !== "config";
  }

  /** A fresh key outside the ring: register its public half first, then `activate` it. */
  static async newKey(): Promise<PendingKey> {
    const key = await newKey();
    return { kid: key.kid, publicJwk: publicJwkOf(key), stored: key };
  }

  /**
   * Makes `key` the signing key and retires the others. Synchronous, so no
   * signature in this process starts between the retirement and the switch;
   * `current()` returns the new key from now on, without a restart.
   */
  activate(key: PendingKey): void {
    if (!this.canRotate) throw new Error("LEDGER_SIGNING_KEY is set: rotate by changing the variable (keep the old public key registered)");
    const retiredAt = new Date().toISOString();
    this.keys = [...this.keys.map((each) => ({ ...each, retiredAt: each.retiredAt ?? retiredAt })), key.stored];
    this.save();
  }

  /** Records every public key (and retirements) in the database. */
  async register(database: Database): Promise<void> {
    for (const key of this.keys) {
      await database.db
        .insert(signingKeys)
        .values({ keyId: key.kid, algorithm: SIGNING_ALGORITHM, publicJwk: publicJwkOf(key), retiredAt: key.retiredAt ? new Date(key.retiredAt) : null })
        .onConflictDoUpdate({ target: signingKeys.keyId, set: { retiredAt: sql`coalesce(${signingKeys.retiredAt}, excluded.retired_at)` } });
    }
  }

  private save(): void {
    if (this.source.kind !== "file") return;
    fs.mkdirSync(this.source.dataDir, { recursive: true });
    fs.writeFileSync(path.join(this.source.dataDir, KEYRING_FILE), JSON.stringify({ keys: this.keys }, null, 2), { mode: 0o600 });
  }
}

/** The JWKS document: every key that ever signed, current and retired. */
export async function loadJwks(database: Database): Promise<{ keys: JWK[] }> {
  const rows = await database.db.select().from(signingKeys).orderBy(signingKeys.createdAt);
  return { keys: rows.map((row) => ({ ...(row.publicJwk as JWK), ...(row.retiredAt ? { "ronghe:retiredAt": row.retiredAt.toISOString() } : {}) })) };
}
