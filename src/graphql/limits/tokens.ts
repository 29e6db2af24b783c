import { Lexer, Source, TokenKind } from "graphql";
import type { RequestHandler } from "express";
import { limitRefusal } from "./refusals.js";

/**
 * Counts the lexical tokens of a GraphQL document (comments are not tokens),
 * stopping once the count passes `stopAfter`: refusing a long document must
 * cost less than parsing it.
 */
export function countTokens(document: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A lexical error: the parser reports it, with its location, later.
  }
  return count;
}

/**
 * Refuses, before Apollo parses it, a document with more than `maxTokens`
 * tokens: QUERY_TOO_COMPLEX with HTTP 400. Runs as Express middleware because
 * Apollo's plugin hooks cannot refuse a request before parsing.
 */
export function refuseLongDocuments(maxTokens: number): RequestHandler {
  return (req, res, next) => {
    const document: unknown = req.method === "GET" ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof document === "string" && countTokens(document, maxTokens) > maxTokens) {
      return void res.status(400).json({ errors: [limitRefusal("tokens", maxTokens, null)] });
    }
    next();
  };
}
