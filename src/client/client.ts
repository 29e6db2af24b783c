import { GraphQLClient } from "graphql-request";

/**
 * The typed client for frontends: `import { createRongheClient, SearchCoursesDocument } from "ronghe/client"`.
 * Every document in ./operations.ts is generated from schema/examples/*.graphql,
 * so results and variables are typed end to end.
 */
export * from "./operations.js";

export interface RongheClientOptions {
  /** A bearer JWT; omit for public reads. */
  token?: string;
  fetch?: typeof fetch;
}

/** A graphql-request client for a Ronghe server, e.g. createRongheClient("http://localhost:4000"). */
export function createRongheClient(baseUrl: string, options: RongheClientOptions = {}): GraphQLClient {
  return new GraphQLClient(`${baseUrl.replace(/\/$/, "")}/graphql`, {
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
