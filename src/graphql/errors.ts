import { GraphQLError } from "graphql";

/** Top-level error codes (extensions.code): only for auth, malformed requests and limits. */
export type TopLevelCode = "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "RATE_LIMITED" | "NOT_FOUND";

export function topLevelError(code: TopLevelCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = { UNAUTHENTICATED: 401, FORBIDDEN: 200, BAD_USER_INPUT: 200, RATE_LIMITED: 429, NOT_FOUND: 200 }[code];
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status !== 200 ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message: string) => topLevelError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => topLevelError("FORBIDDEN", message);
export const badUserInput = (message: string) => topLevelError("BAD_USER_INPUT", message);
