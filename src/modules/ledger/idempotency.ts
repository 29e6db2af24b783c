import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { contentHash } from "./canonical-json.js";
import { idempotencyKeys } from "./idempotency.table.js";

const MAX_KEY_LENGTH = 128;

export interface IdempotentRequest {
  actor: Actor;
  key: string | null | undefined;
  /** The mutation's name: the same key used for another operation is a reuse. */
  operation: string;
  /** The input as received (minus the key): hashed canonically. */
  request: unknown;
}

export interface IdempotentOutcome<T> {
  result: T;
  replayed: boolean;
}

/** Keys belong to a caller: another subject's identical key never collides. */
function scopeOf(actor: Actor): string {
  return `${actor.role}:${actor.organizationId ?? "-"}:${actor.subject}`;
}

/**
 * Runs `work` once per (caller, key) inside transaction `tx`. Replays return
 * the stored result; a key reused for a different request is refused.
 *
 * Fails with: INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED.
 */
export async function idempotent<T>(tx: Db, request: IdempotentRequest, work: () => Promise<T>): Promise<IdempotentOutcome<T>> {
  if (request.key === null || request.key === undefined) return { result: await work(), replayed: false };
  if (request.key.length < 1 || request.key.length > MAX_KEY_LENGTH) {
    throw new DomainError(UserErrorCode.INVALID_IDEMPOTENCY_KEY, "idempotencyKey", `idempotencyKey must be 1–${MAX_KEY_LENGTH} characters`);
  }
  const scope = scopeOf(request.actor);
  const requestHash = contentHash({ operation: request.operation, request: request.request });
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ scope, key: request.key, operation: request.operation, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) {
    const result = await work();
    await tx
      .update(idempotencyKeys)
      .set({ result: sql`${JSON.stringify(result ?? null)}::jsonb` })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, request.key)));
    return { result, replayed: false };
  }
  const [stored] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, request.key)));
  if (stored.requestHash !== requestHash) {
    throw new DomainError(
      UserErrorCode.IDEMPOTENCY_KEY_REUSED,
      "idempotencyKey",
      `idempotencyKey "${request.key}" was already used for a different ${stored.operation} request`,
    );
  }
  return { result: stored.result as T, replayed: true };
}
