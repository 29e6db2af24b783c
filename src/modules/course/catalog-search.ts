// What courses and course packages share when they are listed: who may see
// which status, how text matches and ranks, and how each ordering turns into
// a stable keyset cursor.

import { and, asc, desc, eq, gt, inArray, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Viewer } from "../../auth/viewer.js";
import { badUserInput } from "../../graphql/errors.js";
import type { CursorKey } from "../../graphql/connection.js";
import { UUID } from "../../graphql/global-id.js";
import { normalizeSearchText } from "./course-validation.js";
import type { CourseStatus } from "./course.table.js";

/** Who is asking, as far as drafts are concerned. Plain JSON: it is part of DataLoader keys. */
export interface Audience {
  seesAllDrafts: boolean;
  /** The caller's organization UUID: its drafts are visible to it. */
  draftsOf: string | null;
}

/** Who sees no drafts at all: anonymous callers, learners. The public catalog's prepared statements serve it. */
export const PUBLIC_AUDIENCE: Audience = { seesAllDrafts: false, draftsOf: null };

export function isPublicAudience(audience: Audience): boolean {
  return !audience.seesAllDrafts && audience.draftsOf === null;
}

export function audienceOf(viewer: Viewer): Audience {
  return { seesAllDrafts: viewer.isAdmin, draftsOf: viewer.actor?.organizationId ?? null };
}

/** Drafts are visible to their organization and admins only; published and retired items to everyone. */
export function isVisible(audience: Audience, item: { status: CourseStatus; organizationId: string }): boolean {
  return item.status !== "DRAFT" || audience.seesAllDrafts || audience.draftsOf === item.organizationId;
}

/** Without a status filter, lists show the live catalog: published items and the drafts the caller may see. */
const LIVE_STATUSES: readonly CourseStatus[] = ["DRAFT", "PUBLISHED"];

/** The rows of `statuses` (default: live) that `audience` may see. */
export function statusCondition(
  columns: { status: AnyColumn; organizationId: AnyColumn },
  audience: Audience,
  statuses: readonly CourseStatus[] | null | undefined,
): SQL {
  const wanted = statuses && statuses.length > 0 ? [...new Set(statuses)] : [...LIVE_STATUSES];
  if (audience.seesAllDrafts) return inArray(columns.status, wanted);
  const parts: SQL[] = [];
  const everyones = wanted.filter((status) => status !== "DRAFT");
  if (everyones.length > 0) parts.push(inArray(columns.status, everyones));
  if (wanted.includes("DRAFT") && audience.draftsOf) parts.push(and(eq(columns.status, "DRAFT"), eq(columns.organizationId, audience.draftsOf))!);
  return parts.length > 0 ? or(...parts)! : sql`false`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The normalised search term, or null when there is nothing to search for. */
export function searchTerm(text: string | null | undefined): string | null {
  const term = normalizeSearchText(text?.trim() ?? "");
  return term === "" ? null : term;
}

/**
 * The LIKE patterns of a search term: strings, or the placeholders of a
 * prepared statement that receives the strings at execution.
 */
export interface SearchPatterns {
  term: unknown;
  prefix: unknown;
  contains: unknown;
}

export function searchPatterns(term: string): SearchPatterns {
  return { term, prefix: `${escapeLike(term)}%`, contains: `%${escapeLike(term)}%` };
}

/**
 * Substring match on the normalised search text. pg_trgm's GIN index serves
 * it for terms of three or more characters; shorter terms (two Chinese
 * characters, say) have no trigrams and are scanned, which is slower but still correct.
 */
export function textCondition(searchText: AnyColumn, term: string): SQL {
  return containsCondition(searchText, searchPatterns(term));
}

export function containsCondition(searchText: AnyColumn, patterns: Pick<SearchPatterns, "contains">): SQL {
  return sql`${searchText} like ${patterns.contains}`;
}

/**
 * An integer relevance score, higher first: exact code, then a title that
 * starts with the term, then a code that does, then a title containing it,
 * then anything else (learning outcomes, occupation). Within a tier, trigram
 * similarity to the closer title decides. An integer so that it round-trips
 * through a cursor exactly.
 */
export function relevanceScore(columns: { code: AnyColumn; title: AnyColumn; titleEn: AnyColumn }, term: string): SQL<number> {
  return relevanceScoreOf(columns, searchPatterns(term));
}

export function relevanceScoreOf(columns: { code: AnyColumn; title: AnyColumn; titleEn: AnyColumn }, { term, prefix, contains }: SearchPatterns): SQL<number> {
  const title = sql`lower(${columns.title})`;
  const titleEn = sql`lower(coalesce(${columns.titleEn}, ''))`;
  const tier = sql`case
    when lower(${columns.code}) = ${term} then 5
    when ${title} like ${prefix} or ${titleEn} like ${prefix} then 4
    when lower(${columns.code}) like ${prefix} then 3
    when ${title} like ${contains} or ${titleEn} like ${contains} then 2
    else 1 end`;
  const closeness = sql`least(999, floor(greatest(similarity(${title}, ${term}), similarity(${titleEn}, ${term})) * 1000))::int`;
  return sql<number>`(${tier} * 1000 + ${closeness})`.mapWith(Number);
}

export type CatalogOrder = "RELEVANCE" | "CREATED" | "CODE" | "TITLE";

/** One way of ordering a list, with the id as the final tie-breaker. */
export interface Ordering {
  name: CatalogOrder;
  /** The sort value each row carries into its cursor. */
  value: SQL<string | number>;
  descending: boolean;
}

/** RELEVANCE needs a term; without one the list is in creation order, the default. */
export function orderingFor(
  requested: CatalogOrder | null | undefined,
  term: string | null,
  columns: { id: AnyColumn; code: AnyColumn; title: AnyColumn; titleEn: AnyColumn },
): Ordering {
  const name = requested ?? (term ? "RELEVANCE" : "CREATED");
  if (name === "RELEVANCE" && term) return { name, value: relevanceScore(columns, term), descending: true };
  if (name === "CODE") return { name, value: sql<string>`${columns.code}`, descending: false };
  if (name === "TITLE") return { name, value: sql<string>`${columns.title}`, descending: false };
  return { name: "CREATED", value: sql<string>`${columns.id}`, descending: false };
}

export function orderByClause(ordering: Ordering, id: AnyColumn): SQL[] {
  return [ordering.descending ? desc(ordering.value) : asc(ordering.value), asc(id)];
}


/** Cursors carry [ordering, sort value, id]: one made under another ordering is refused, not misread. */
export const CURSOR_KEY_LENGTH = 3;

export function cursorKeyOf(ordering: Ordering, row: { sortValue: string | number; id: string }): CursorKey {
  return [ordering.name, row.sortValue, row.id];
}

function isSortValueOf(name: CatalogOrder, value: string | number): boolean {
  if (name === "RELEVANCE") return Number.isInteger(value);
  return typeof value === "string" && (name !== "CREATED" || UUID.test(value));
}

/** Rows strictly after the cursor in `ordering`. */
export function afterCursor(ordering: Ordering, id: AnyColumn, after: CursorKey | null): SQL | undefined {
  if (after === null) return undefined;
  const [name, value, lastId] = after;
  if (name !== ordering.name || !isSortValueOf(ordering.name, value) || typeof lastId !== "string" || !UUID.test(lastId)) {
    throw badUserInput('Argument "after" is not a cursor of this list in this order');
  }
  const beyond = ordering.descending ? lt(ordering.value, value) : gt(ordering.value, value);
  return or(beyond, and(eq(ordering.value, value), gt(id, lastId)));
}

