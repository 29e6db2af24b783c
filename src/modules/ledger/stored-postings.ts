import { and, asc, inArray } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { ledgerPostings } from "./ledger.table.js";

/** A posting as stored: the amount as its decimal text. */
export interface StoredPosting {
  account: string;
  unit: string;
  amount: string;
}

/**
 * The postings of the given entries in one statement, grouped by entry
 * sequence, in posting order. Sequences are unique across streams, so the two
 * lists select exactly these entries' postings; the streams let the primary
 * key (and a distributed database's routing) reach them.
 */
export async function storedPostingsOf(db: Db, entries: readonly { streamId: string; sequence: number }[]): Promise<Map<number, StoredPosting[]>> {
  const bySequence = new Map<number, StoredPosting[]>();
  if (entries.length === 0) return bySequence;
  const streams = [...new Set(entries.map((entry) => entry.streamId))];
  const rows = await db
    .select()
    .from(ledgerPostings)
    .where(and(inArray(ledgerPostings.streamId, streams), inArray(ledgerPostings.entrySequence, entries.map((entry) => entry.sequence))))
    .orderBy(asc(ledgerPostings.entrySequence), asc(ledgerPostings.position));
  for (const row of rows) {
    const list = bySequence.get(row.entrySequence) ?? [];
    list.push({ account: row.account, unit: row.unit, amount: row.amount });
    bySequence.set(row.entrySequence, list);
  }
  return bySequence;
}
