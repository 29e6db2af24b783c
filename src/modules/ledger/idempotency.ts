import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { contentHash } from "./canonical-json.js";
import { idempotencyKeys } from "./idempotency.table.js";
import { insertRows } from "../../db/bulk-insert.js";

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
  // GraphQL inputs arrive as class instances (and Dates): hash their JSON form.
  const requestHash = contentHash({ operation: request.operation, request: JSON.parse(JSON.stringify(request.request ?? null)) });
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

/** Whether `key` has an acceptable length; batch requests report each item's key on its own field. */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH;
}

export interface KeyClaim<T> {
  key: string;
  /** The item as received (minus the key): hashed canonically. */
  request: unknown;
  /** What the first run will return, known in advance (pre-generated IDs): stored with the claim. */
  result: T;
}

export type ClaimOutcome<T> = { status: "claimed" } | { status: "replayed"; result: T } | { status: "reused"; operation: string };

/**
 * Insert-first idempotency for a batch of one caller's keys, in at most two
 * statements whatever the batch size. Each result is stored with its claim and,
 * like the claim, commits only if the caller's transaction does; a concurrent
 * duplicate waits on the unique key and then sees the committed result.
 * Keys must be distinct within the batch. Per key: "claimed" (do the work),
 * "replayed" (the stored result) or "reused" (the key came with another request).
 */
export async function claimIdempotencyKeys<T>(tx: Db, actor: Actor, operation: string, claims: readonly KeyClaim<T>[]): Promise<ClaimOutcome<T>[]> {
  if (claims.length === 0) return [];
  const scope = scopeOf(actor);
  const rows = claims.map((claim) => ({ key: claim.key, requestHash: contentHash({ operation, request: claim.request }), result: claim.result }));
  // Inserted in key order: two batches sharing keys in different orders would otherwise deadlock.
  const inserted = await insertRows(
    tx,
    idempotencyKeys,
    [...rows].sort((a, b) => (a.key < b.key ? -1 : 1)).map((row) => ({ scope, key: row.key, operation, requestHash: row.requestHash, result: row.result ?? null })),
    { onConflictDoNothing: true, returning: ["key"] },
  );
  const claimed = new Set(inserted.map((row) => row.key as string));
  const taken = rows.filter((row) => !claimed.has(row.key)).map((row) => row.key);
  const stored =
    taken.length === 0 ? [] : await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), inArray(idempotencyKeys.key, taken)));
  const storedByKey = new Map(stored.map((row) => [row.key, row]));
  return rows.map((row): ClaimOutcome<T> => {
    if (claimed.has(row.key)) return { status: "claimed" };
    const previous = storedByKey.get(row.key)!;
    return previous.requestHash === row.requestHash ? { status: "replayed", result: previous.result as T } : { status: "reused", operation: previous.operation };
  });
}
