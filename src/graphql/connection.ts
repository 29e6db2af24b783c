import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { badUserInput } from "./errors.js";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A getter: counted only when the query reads the field. */
  readonly totalCount: Promise<number>;
}

/** Declares `<Name>Connection` and `<Name>Edge` for an item type. */
export function ConnectionType<T extends object>(Item: ClassType<T> | (abstract new () => T), name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => Item)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items with keyset cursors.` })
  class Connection {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [Item], { description: "The items of `edges`, for clients that need no cursors." })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items match, across all pages." })
    totalCount!: number;
  }
  return Connection;
}

/** A keyset position: the sort key values of the last item seen. */
export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** Validates `first` and decodes `after` into the sort key it carries. */
export function readPageArgs(args: PageArgs, keyLength: number): { limit: number; after: CursorKey | null } {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`Argument "first" must be from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  if (args.after === undefined || args.after === null) return { limit, after: null };
  return { limit, after: decodeCursor(args.after, keyLength) };
}

function decodeCursor(cursor: string, keyLength: number): CursorKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === keyLength && key.every((part) => typeof part === "string" || typeof part === "number")) {
      return key as CursorKey;
    }
  } catch {
    // fall through: reported below
  }
  throw badUserInput(`Argument "after": "${cursor.slice(0, 40)}" is not a cursor of this list`);
}

/**
 * Builds a connection from `limit + 1` rows fetched after the cursor: the
 * extra row only tells whether a next page exists.
 */
export function toConnection<Row, T>(
  rows: Row[],
  limit: number,
  hadCursor: boolean,
  keyOf: (row: Row) => CursorKey,
  toNode: (row: Row) => T,
  totalCount: () => Promise<number>,
): ConnectionShape<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return totalCount();
    },
  };
}
