import { GraphQLError, type ASTNode } from "graphql";
import { HeaderMap } from "@apollo/server";

/** The query limits, each set by the environment variable named beside it. */
export const LIMIT_VARIABLES = {
  depth: "QUERY_MAX_DEPTH",
  aliases: "QUERY_MAX_ALIASES",
  directives: "QUERY_MAX_DIRECTIVES",
  tokens: "QUERY_MAX_TOKENS",
  cost: "QUERY_MAX_COST",
} as const;
export type LimitName = keyof typeof LIMIT_VARIABLES;

const MEASURES: Record<LimitName, string> = {
  depth: "depth",
  aliases: "alias count",
  directives: "directive count",
  tokens: "token count",
  cost: "cost",
};

/**
 * The client-facing form of a QUERY_TOO_COMPLEX refusal. `actual` is null when
 * counting stopped at the limit (tokens: counting further would be the work the limit avoids).
 */
export function limitRefusal(limit: LimitName, max: number, actual: number | null) {
  const measured = actual === null ? `exceeds ${max}` : `${actual} exceeds ${max}`;
  return {
    message: `Query ${MEASURES[limit]} ${measured}, the limit set by ${LIMIT_VARIABLES[limit]}`,
    extensions: { code: "QUERY_TOO_COMPLEX", limit, max, ...(actual === null ? {} : { actual }) },
  };
}

/** A top-level QUERY_TOO_COMPLEX error with HTTP 400. */
export function queryTooComplex(limit: LimitName, max: number, actual: number, nodes?: readonly ASTNode[]): GraphQLError {
  const { message, extensions } = limitRefusal(limit, max, actual);
  return new GraphQLError(message, { nodes, extensions: { ...extensions, http: { status: 400 } } });
}

/** A top-level RATE_LIMITED error with HTTP 429 and a Retry-After header. */
export function rateLimited(retryAfterSeconds: number, requested: number): GraphQLError {
  return new GraphQLError(`This caller's query cost budget cannot cover a cost of ${requested} now; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: "RATE_LIMITED",
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) },
    },
  });
}
