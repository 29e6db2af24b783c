import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { idempotent } from "./idempotency.js";
import { signingKeys } from "./ledger.table.js";
import { KeyRing, SIGNING_ALGORITHM } from "./signing-keys.js";

export type SigningKeyRow = typeof signingKeys.$inferSelect;

export class SigningKeyService {
  constructor(
    private readonly database: Database,
    private readonly keyRing: KeyRing,
  ) {}

  /** Every key that ever signed, oldest first: what the JWKS serves. */
  async list(): Promise<SigningKeyRow[]> {
    return this.database.db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt), asc(signingKeys.keyId));
  }

  /**
   * Adds a signing key and retires the current one. The new public key is
   * registered (committed) before the key signs anything, so no checkpoint or
   * statement can carry a key id the JWKS does not know; the sealer and the
   * statement signer of this process switch at once.
   *
   * Fails with: INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED, KEY_ROTATION_UNAVAILABLE (LEDGER_SIGNING_KEY is set).
   */
  async rotate(actor: Actor, input: { idempotencyKey: string }): Promise<{ signingKey: SigningKeyRow; replayed: boolean }> {
    const pending = await KeyRing.newKey();
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, { actor, key: input.idempotencyKey, operation: "signingKeyRotate", request: {} }, async () => {
        if (!this.keyRing.canRotate) {
          throw new DomainError(UserErrorCode.KEY_ROTATION_UNAVAILABLE, null, "The signing key comes from LEDGER_SIGNING_KEY: rotate by changing the variable and restarting (keep the old public key registered)");
        }
        await tx.insert(signingKeys).values({ keyId: pending.kid, algorithm: SIGNING_ALGORITHM, publicJwk: pending.publicJwk });
        return { keyId: pending.kid };
      }),
    );
    if (!replayed) {
      this.keyRing.activate(pending);
      // Records the retirement of the previous key(s).
      await this.keyRing.register(this.database);
    }
    const [signingKey] = await this.database.db.select().from(signingKeys).where(eq(signingKeys.keyId, result.keyId));
    return { signingKey, replayed };
  }
}
