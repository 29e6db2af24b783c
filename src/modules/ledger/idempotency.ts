import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../auth/viewer.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { contentHash } from "./canonical-json.js";
import { idempotencyKeys } from "./idempotency.table.js";
import { insertRowsStatement } from "../../db/bulk-insert.js";
import { executePrepared } from "../../db/prepared-statement.js";

const MAX_KEY_LENGTH = 128;
// Printable characters only: PostgreSQL text cannot hold NUL, a lone surrogate is
// stored as U+FFFD and PGlite drops a leading U+FEFF when reading, so such a key
// would not come back as it was sent (and keys are echoed in messages).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

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
  requireValidIdempotencyKey(request.key);
  const scope = scopeOf(request.actor);
  const requestHash = requestHashOf(request);
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
  refuseReuse(stored, requestHash, request.key);
  return { result: stored.result as T, replayed: true };
}

/**
 * For a use case that works outside its transaction before `idempotent` (sealing,
 * signing): refuses a malformed key, or one this caller already used for another
 * request, before that work, so a refused call writes nothing. `idempotent` still
 * decides; this read only moves the usual refusals earlier.
 *
 * Fails with: INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED.
 */
export async function refuseBadIdempotencyKey(db: Db, request: IdempotentRequest & { key: string }): Promise<void> {
  requireValidIdempotencyKey(request.key);
  const [stored] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scopeOf(request.actor)), eq(idempotencyKeys.key, request.key)));
  if (stored) refuseReuse(stored, requestHashOf(request), request.key);
}

// GraphQL inputs arrive as class instances (and Dates): requests are hashed in their JSON form.
function jsonFormOf(request: unknown): unknown {
  return JSON.parse(JSON.stringify(request ?? null));
}

function requestHashOf(request: IdempotentRequest): string {
  return contentHash({ operation: request.operation, request: jsonFormOf(request.request) });
}

function refuseReuse(stored: { requestHash: string; operation: string }, requestHash: string, key: string): void {
  if (stored.requestHash !== requestHash) throw keyReused(key, stored.operation);
}

function keyReused(key: string, operation: string): DomainError {
  return new DomainError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, "idempotencyKey", `idempotencyKey "${key}" was already used for a different ${operation} request`);
}

/** Fails with INVALID_IDEMPOTENCY_KEY. */
export function requireValidIdempotencyKey(key: string): void {
  if (!isValidIdempotencyKey(key)) {
    throw new DomainError(UserErrorCode.INVALID_IDEMPOTENCY_KEY, "idempotencyKey", `idempotencyKey must be 1–${MAX_KEY_LENGTH} printable characters`);
  }
}

/** Whether `key` has an acceptable length and only printable characters; batch requests report each item's key on its own field. */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH && !UNPRINTABLE.test(key);
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
  // Prepared, and sent before the first await: callers pipeline it with their reads.
  const inserted = await executePrepared<{ key: string }>(
    tx,
    "idempotency_claim",
    insertRowsStatement(
      idempotencyKeys,
      [...rows].sort((a, b) => (a.key < b.key ? -1 : 1)).map((row) => ({ scope, key: row.key, operation, requestHash: row.requestHash, result: row.result ?? null })),
      { onConflictDoNothing: true, returning: ["key"] },
    ),
  );
  const claimed = new Set(inserted.map((row) => row.key));
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

/**
 * `idempotent` for a request whose result is known before the work
 * (pre-generated IDs): the result is stored with the claim, which saves the
 * statement that stores it afterwards, and the claim is sent before the first
 * await, so the caller can pipeline its reads behind it. Resolves to the stored
 * result on a replay, or null when the key is claimed (do the work). The caller
 * checks the key first (`requireValidIdempotencyKey`).
 *
 * Fails with: IDEMPOTENCY_KEY_REUSED.
 */
export async function claimIdempotencyKey<T>(tx: Db, request: IdempotentRequest & { key: string }, result: T): Promise<T | null> {
  const [outcome] = await claimIdempotencyKeys(tx, request.actor, request.operation, [{ key: request.key, request: jsonFormOf(request.request), result }]);
  if (outcome.status === "reused") throw keyReused(request.key, outcome.operation);
  return outcome.status === "replayed" ? outcome.result : null;
}
