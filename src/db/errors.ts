/** The PostgreSQL error code of a failed statement, looking through drizzle's wrapper. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current; depth += 1) {
    const record = current as { constraint?: unknown; constraint_name?: unknown };
    const name = record.constraint ?? record.constraint_name;
    if (typeof name === "string") return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === "23505";

// The connection to the database failed, not the statement: postgres.js's own
// codes and the socket errors it passes through. The request did not reach a
// decision the client can see, so the same request (same idempotencyKey) may be sent again.
const CONNECTION_FAILURE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

// SQLSTATEs after which the transaction rolled back and running it again can succeed.
const RETRYABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: backend terminated (pg_terminate_backend, fast shutdown)
  "57P02", // crash_shutdown: another backend crashed, the server restarts
  "57P03", // cannot_connect_now: the server is starting or recovering
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "53300", // too_many_connections
  "57014", // query_canceled: our statement_timeout fired
  "25P03", // idle_in_transaction_session_timeout: our own bound on a stalled transaction fired
]);
const CONNECTION_EXCEPTION_CLASS = "08";

// drizzle wraps postgres.js's error (cause), Apollo wraps the resolver's (originalError),
// and a host with several addresses fails with an AggregateError of socket errors.
const MAX_WRAPPING_DEPTH = 5;

/**
 * Why `error` is a transient database failure worth retrying (a driver or
 * socket code, or a SQLSTATE), or null when it is not one. Pure: looks only at
 * the error and what it wraps.
 */
export function retryableDatabaseErrorCode(error: unknown, depth = 0): string | null {
  if (depth > MAX_WRAPPING_DEPTH || typeof error !== "object" || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_FAILURE_CODES.has(code) || RETRYABLE_SQLSTATES.has(code))) return code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return code;
  if (error instanceof AggregateError) {
    for (const each of error.errors) {
      const found = retryableDatabaseErrorCode(each, depth + 1);
      if (found) return found;
    }
  }
  const wrapped = (error as { cause?: unknown; originalError?: unknown }).cause ?? (error as { originalError?: unknown }).originalError;
  return retryableDatabaseErrorCode(wrapped, depth + 1);
}

export const isRetryableDatabaseError = (error: unknown) => retryableDatabaseErrorCode(error) !== null;
