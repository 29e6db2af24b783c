import DataLoader from "dataloader";
import { badUserInput } from "./errors.js";
import { readPageArgs, toConnection, type ConnectionShape, type CursorKey, type PageArgs } from "./connection.js";
import { UUID } from "./global-id.js";

/**
 * One parent's page of a nested connection, e.g. the first 5 packages of one
 * course. `scope` is whatever else shapes the query (visibility, a status
 * filter); it must be JSON, because requests are grouped by it.
 */
export interface ChildPageRequest<Scope> {
  parentId: string;
  limit: number;
  after: CursorKey | null;
  scope: Scope;
}

/** Fetches at most `limit + 1` rows per parent, for all `parentIds` in one statement. */
export type ChildPageFetch<Row, Scope> = (parentIds: string[], limit: number, after: CursorKey | null, scope: Scope) => Promise<Row[]>;

/** Counts the rows of each parent, for all `parentIds` in one statement. */
export type ChildCountFetch<Scope> = (parentIds: string[], scope: Scope) => Promise<{ parentId: string; total: number }[]>;

export interface ChildConnectionLoaders<Row, Scope> {
  pages: DataLoader<ChildPageRequest<Scope>, Row[], string>;
  totals: DataLoader<{ parentId: string; scope: Scope }, number, string>;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Per-request loaders for a nested connection: every parent on a page asks
 * for its own page, and all those asking with the same page size, cursor and
 * scope are answered by one statement (a window function per parent), so a
 * page of 100 parents costs what a page of 1 does.
 */
export function childConnectionLoaders<Row, Scope>(
  parentOf: (row: Row) => string,
  fetchPages: ChildPageFetch<Row, Scope>,
  fetchTotals: ChildCountFetch<Scope>,
): ChildConnectionLoaders<Row, Scope> {
  const requestKey = (request: ChildPageRequest<Scope>) => JSON.stringify([request.parentId, request.limit, request.after, request.scope]);
  const pages = new DataLoader<ChildPageRequest<Scope>, Row[], string>(
    async (requests) => {
      const answers = new Map<string, Row[]>();
      const groups = groupBy(requests, (request) => JSON.stringify([request.limit, request.after, request.scope]));
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { limit, after, scope } = group[0];
          const rows = await fetchPages([...new Set(group.map((request) => request.parentId))], limit, after, scope);
          const byParent = groupBy(rows, parentOf);
          for (const request of group) answers.set(requestKey(request), byParent.get(request.parentId) ?? []);
        }),
      );
      return requests.map((request) => answers.get(requestKey(request))!);
    },
    { cacheKeyFn: requestKey },
  );
  const totalKey = (request: { parentId: string; scope: Scope }) => JSON.stringify([request.parentId, request.scope]);
  const totals = new DataLoader<{ parentId: string; scope: Scope }, number, string>(
    async (requests) => {
      const answers = new Map<string, number>();
      const groups = groupBy(requests, (request) => JSON.stringify(request.scope));
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const counts = await fetchTotals([...new Set(group.map((request) => request.parentId))], group[0].scope);
          const byParent = new Map(counts.map((count) => [count.parentId, Number(count.total)]));
          for (const request of group) answers.set(totalKey(request), byParent.get(request.parentId) ?? 0);
        }),
      );
      return requests.map((request) => answers.get(totalKey(request))!);
    },
    { cacheKeyFn: totalKey },
  );
  return { pages, totals };
}

export interface ChildKeyset<Row> {
  length: number;
  keyOf: (row: Row) => CursorKey;
  /** Whether a decoded cursor holds values of the right types (the database would otherwise reject them). */
  isValid: (key: CursorKey) => boolean;
}

/** One parent's connection, read through the loaders. */
export async function loadChildConnection<Row, Scope, T>(
  loaders: ChildConnectionLoaders<Row, Scope>,
  parentId: string,
  scope: Scope,
  args: PageArgs,
  keyset: ChildKeyset<Row>,
  toNode: (row: Row) => T,
): Promise<ConnectionShape<T>> {
  const { limit, after } = readPageArgs(args, keyset.length);
  if (after !== null && !keyset.isValid(after)) throw badUserInput('Argument "after" is not a cursor of this list');
  const rows = await loaders.pages.load({ parentId, limit, after, scope });
  return toConnection(rows, limit, after !== null, keyset.keyOf, toNode, () => loaders.totals.load({ parentId, scope }));
}

/** Nested lists in creation order: the cursor is the row's UUID. */
export function idKeyset<Row extends { id: string }>(): ChildKeyset<Row> {
  return {
    length: 1,
    keyOf: (row: Row): CursorKey => [row.id],
    isValid: (key: CursorKey) => typeof key[0] === "string" && UUID.test(key[0]),
  };
}
