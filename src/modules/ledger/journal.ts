import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { executePrepared } from "../../db/prepared-statement.js";
import { uuidv7 } from "../../db/ids.js";
import type { Actor } from "../../auth/viewer.js";
import { canonicalJson, sha256Hex } from "./canonical-json.js";
import { formatAmount } from "./amount.js";
import { assertBalanced, type Posting } from "./postings.js";
import { ledgerEntries, ledgerPostings, streamOf } from "./ledger.table.js";
import { insertRowsStatement } from "../../db/bulk-insert.js";

/** What a journal entry records. Past tense: entries are facts. */
export type EntryKind =
  | "ORGANIZATION_REGISTERED"
  | "AGREEMENT_PROPOSED"
  | "AGREEMENT_AMENDED"
  | "AGREEMENT_APPROVED"
  | "AGREEMENT_ACTIVATED"
  | "AGREEMENT_SUSPENDED"
  | "AGREEMENT_RESUMED"
  | "AGREEMENT_TERMINATED"
  | "ACHIEVEMENT_RECORDED"
  | "CREDIT_TRANSFERRED"
  | "TRANSFER_DENIED"
  | "TRANSFER_REVERSED"
  | "TRANSFER_APPEALED"
  | "APPEAL_DECIDED"
  | "LEARNER_CONSENT_GRANTED"
  | "LEARNER_CONSENT_REVOKED"
  | "CREDIT_STATEMENT_ISSUED";

export const ENTRY_KINDS: readonly EntryKind[] = [
  "ORGANIZATION_REGISTERED",
  "AGREEMENT_PROPOSED",
  "AGREEMENT_AMENDED",
  "AGREEMENT_APPROVED",
  "AGREEMENT_ACTIVATED",
  "AGREEMENT_SUSPENDED",
  "AGREEMENT_RESUMED",
  "AGREEMENT_TERMINATED",
  "ACHIEVEMENT_RECORDED",
  "CREDIT_TRANSFERRED",
  "TRANSFER_DENIED",
  "TRANSFER_REVERSED",
  "TRANSFER_APPEALED",
  "APPEAL_DECIDED",
  "LEARNER_CONSENT_GRANTED",
  "LEARNER_CONSENT_REVOKED",
  "CREDIT_STATEMENT_ISSUED",
];

export interface EntryDraft {
  kind: EntryKind;
  actor: Actor;
  /** Organizations party to this fact (they may read it). */
  organizationIds: string[];
  learnerId?: string | null;
  /** Domain facts, JSON only (no bigint, Date or undefined in arrays). */
  body: Record<string, unknown>;
  postings?: Posting[];
}

export interface AppendedEntry {
  id: string;
  sequence: number;
  contentHash: string;
  recordedAt: string;
}

/** Ledger account names: readable, deterministic, no lookup table needed. */
export const account = {
  learnerAt: (learnerId: string, organizationId: string) => `learner:${learnerId}@organization:${organizationId}`,
  issuance: (organizationId: string) => `organization:${organizationId}:issuance`,
  exchange: (agreementId: string) => `agreement:${agreementId}:exchange`,
};

/** Party lists are sets: stored and hashed sorted and without duplicates. */
export function normaliseOrganizationIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** The exact document that is hashed, signed into the Merkle log and re-checked by verifiers. */
export function canonicalEntry(entry: EntryDraft & { id: string; sequence: number; recordedAt: string }): string {
  return canonicalJson({
    sequence: entry.sequence,
    id: entry.id,
    kind: entry.kind,
    actor: { subject: entry.actor.subject, role: entry.actor.role, organizationId: entry.actor.organizationId },
    organizationIds: normaliseOrganizationIds(entry.organizationIds),
    learnerId: entry.learnerId ?? null,
    body: entry.body,
    postings: (entry.postings ?? []).map((posting) => ({ account: posting.account, unit: posting.unit, amount: formatAmount(posting.amount) })),
    recordedAt: entry.recordedAt,
  });
}

/**
 * Appends one entry inside the caller's transaction, so the state change and
 * its journal entry commit together or not at all. Throws (and so aborts the
 * caller's transaction) when the postings do not balance per unit.
 */
export async function appendEntry(tx: Db, draft: EntryDraft): Promise<AppendedEntry> {
  const [appended] = await appendEntries(tx, [draft]);
  return appended;
}

/**
 * Appends many entries in two statements whatever their number (bulk
 * achievement recording must not pay round trips per entry): the sequences
 * are drawn together, then one statement inserts the entries, their postings
 * and their places in the sealing queue (`ledger_unsealed`). Both are
 * prepared, so each is one round trip (`executePrepared`). Same guarantees as
 * `appendEntry`; entries get ascending sequences in the order of `drafts`.
 */
export async function appendEntries(tx: Db, drafts: readonly EntryDraft[]): Promise<AppendedEntry[]> {
  if (drafts.length === 0) return [];
  for (const draft of drafts) assertBalanced(draft.postings ?? []);
  // Sequences are drawn first because the hashed documents contain them.
  const drawn = await executePrepared<{ next: string }>(tx, "ledger_sequences", sql`select nextval('ledger_entry_sequence_seq')::text as next from generate_series(1, ${drafts.length}::int)`);
  const sequences = drawn.map((row) => Number(row.next)).sort((a, b) => a - b);
  const recordedAt = new Date().toISOString();
  const entries = drafts.map((draft, i) => {
    const id = uuidv7();
    const canonical = canonicalEntry({ ...draft, id, sequence: sequences[i], recordedAt });
    return { draft, id, sequence: sequences[i], canonical, contentHash: sha256Hex(canonical) };
  });
  const entryRows = entries.map(({ draft, id, sequence, canonical, contentHash }) => ({
    streamId: streamOf(draft.learnerId),
    sequence,
    id,
    kind: draft.kind,
    actorSubject: draft.actor.subject,
    actorRole: draft.actor.role,
    actorOrganizationId: draft.actor.organizationId,
    organizationIds: normaliseOrganizationIds(draft.organizationIds),
    learnerId: draft.learnerId ?? null,
    body: draft.body,
    canonical,
    contentHash,
    recordedAt,
  }));
  const postingRows = entries.flatMap(({ draft, sequence }) =>
    (draft.postings ?? []).map((posting, position) => ({
      streamId: streamOf(draft.learnerId),
      entrySequence: sequence,
      position,
      account: posting.account,
      unit: posting.unit,
      amount: formatAmount(posting.amount),
      learnerId: draft.learnerId ?? null,
    })),
  );
  // Sibling data-modifying CTEs run once each, in one statement; the postings'
  // foreign key is checked at the statement's end, when the entries exist.
  const insertPostings = postingRows.length === 0 ? sql`` : sql`, posting as (${insertRowsStatement(ledgerPostings, postingRows)})`;
  await executePrepared(tx, "ledger_append", sql`
    with entry as (${insertRowsStatement(ledgerEntries, entryRows, { returning: ["streamId", "sequence"] })})${insertPostings}
    insert into ledger_unsealed (stream_id, entry_sequence) select "streamId", sequence from entry`);
  return entries.map(({ id, sequence, contentHash }) => ({ id, sequence, contentHash, recordedAt }));
}
