import { asc, inArray } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { ledgerPostings } from "./ledger.table.js";

/** A posting as stored: the amount as its decimal text. */
export interface StoredPosting {
  account: string;
  unit: string;
  amount: string;
}

/** The postings of the given entries in one statement, grouped by entry sequence, in posting order. */
export async function storedPostingsOf(db: Db, sequences: number[]): Promise<Map<number, StoredPosting[]>> {
  const bySequence = new Map<number, StoredPosting[]>();
  if (sequences.length === 0) return bySequence;
  const rows = await db
    .select()
    .from(ledgerPostings)
    .where(inArray(ledgerPostings.entrySequence, sequences))
    .orderBy(asc(ledgerPostings.entrySequence), asc(ledgerPostings.position));
  for (const row of rows) {
    const list = bySequence.get(row.entrySequence) ?? [];
    list.push({ account: row.account, unit: row.unit, amount: row.amount });
    bySequence.set(row.entrySequence, list);
  }
  return bySequence;
}
