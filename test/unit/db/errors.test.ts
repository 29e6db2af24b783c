import { describe, expect, it } from "vitest";
import postgres from "postgres";
import { GraphQLError } from "graphql";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { isRetryableDatabaseError, retryableDatabaseErrorCode } from "../../../src/db/errors.js";

/** The shape postgres.js gives a server-reported error: a PostgresError with the SQLSTATE in `code`. */
const serverError = (code: string, message = "server error") => new postgres.PostgresError({ code, message, severity: "ERROR" } as never);
/** The shape postgres.js gives its own connection errors and passes socket errors through with. */
const connectionError = (code: string) => Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code, errno: code });
/** drizzle wraps the driver's error, Apollo wraps the resolver's. */
const asResolverError = (cause: Error) => new GraphQLError("Failed", { path: ["organizationCreate"], originalError: new DrizzleQueryError("insert …", [], cause) });

describe("retryableDatabaseErrorCode", () => {
  it.each(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"])(
    "classifies the connection failure %s as retryable",
    (code) => {
      expect(retryableDatabaseErrorCode(connectionError(code))).toBe(code);
    },
  );

  it.each([
    ["08006", "connection_failure"],
    ["08003", "connection_does_not_exist"],
    ["08P01", "protocol_violation"],
    ["57P01", "admin_shutdown (pg_terminate_backend)"],
    ["57P02", "crash_shutdown"],
    ["57P03", "cannot_connect_now"],
    ["40001", "serialization_failure"],
    ["40P01", "deadlock_detected"],
    ["53300", "too_many_connections"],
    ["57014", "query_canceled by statement_timeout"],
    ["25P03", "idle_in_transaction_session_timeout"],
  ])("classifies SQLSTATE %s (%s) as retryable", (code) => {
    expect(retryableDatabaseErrorCode(serverError(code))).toBe(code);
  });

  it.each([
    ["23505", "unique_violation"],
    ["23514", "check_violation"],
    ["22P02", "invalid_text_representation"],
    ["42P01", "undefined_table"],
    ["P0001", "raise_exception (the ledger's append-only trigger)"],
  ])("does not retry SQLSTATE %s (%s): the same request would fail the same way", (code) => {
    expect(retryableDatabaseErrorCode(serverError(code))).toBeNull();
  });

  it("finds the driver's error under drizzle's and Apollo's wrappers", () => {
    expect(retryableDatabaseErrorCode(asResolverError(connectionError("ECONNRESET")))).toBe("ECONNRESET");
    expect(retryableDatabaseErrorCode(asResolverError(serverError("57P01")))).toBe("57P01");
    expect(retryableDatabaseErrorCode(asResolverError(serverError("23505")))).toBeNull();
  });

  it("finds a refused connection inside the AggregateError of a host with several addresses", () => {
    const error = new AggregateError([connectionError("ENETUNREACH"), connectionError("ECONNREFUSED")], "");
    expect(retryableDatabaseErrorCode(Object.assign(error, { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(retryableDatabaseErrorCode(new AggregateError([new Error("odd"), connectionError("ECONNREFUSED")]))).toBe("ECONNREFUSED");
  });

  it("does not retry programming errors, non-errors, or codes that merely look alike", () => {
    expect(isRetryableDatabaseError(new TypeError("x is undefined"))).toBe(false);
    expect(isRetryableDatabaseError(Object.assign(new Error("bad"), { code: "UNSAFE_TRANSACTION" }))).toBe(false);
    expect(isRetryableDatabaseError(Object.assign(new Error("graphql"), { code: "BAD_USER_INPUT" }))).toBe(false);
    expect(isRetryableDatabaseError("ECONNRESET")).toBe(false);
    expect(isRetryableDatabaseError(null)).toBe(false);
    expect(isRetryableDatabaseError(undefined)).toBe(false);
  });

  it("stops following a cycle of causes", () => {
    const first = new Error("first");
    const second = new Error("second", { cause: first });
    (first as { cause?: unknown }).cause = second;
    expect(retryableDatabaseErrorCode(first)).toBeNull();
  });
});
