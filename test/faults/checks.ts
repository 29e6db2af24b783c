import postgres from "postgres";
import { sql as query } from "drizzle-orm";
import { openDatabase } from "../../src/db/database.js";
import { createLogger } from "../../src/http/logger.js";
import { evidenceFromDatabase } from "../../src/modules/ledger/evidence.js";
import { verifyLedger } from "../../src/modules/ledger/verifier.js";
import { WRITE_KINDS, type PlannedWrite, type WriteLog } from "./workload.js";

/** A direct connection for the checks: they read the database, not the API under test. */
export const connect = (databaseUrl: string) => postgres(databaseUrl, { max: 2, onnotice: () => undefined });

/**
 * Compares the database with what clients were told. `settled`: every
 * request must exist exactly once with its acknowledged ID. Before settling,
 * acknowledged requests must (nothing acknowledged is lost or doubled) and
 * unacknowledged ones may exist at most once (they may have committed
 * before the answer was lost).
 */
export async function exactlyOnceProblems(sql: postgres.Sql, writes: readonly PlannedWrite[], log: WriteLog, phase: "acknowledged" | "settled"): Promise<string[]> {
  const problems: string[] = [];
  for (const kind of WRITE_KINDS) {
    const ofKind = writes.filter((write) => write.kind === kind);
    if (ofKind.length === 0) continue;
    const stored = await kind.stored(sql, ofKind);
    for (const write of ofKind) {
      const ids = stored.get(write.key) ?? [];
      const acknowledged = log.acknowledgedId(write.key);
      if (acknowledged !== undefined && (ids.length !== 1 || ids[0] !== acknowledged)) {
        problems.push(`${write.key} was acknowledged as ${acknowledged} but the database holds [${ids.join(", ")}]`);
      } else if (acknowledged === undefined && phase === "settled") {
        problems.push(`${write.key} is unacknowledged after settling; the database holds [${ids.join(", ")}]`);
      } else if (ids.length > 1) {
        problems.push(`${write.key} is stored ${ids.length} times: [${ids.join(", ")}]`);
      }
    }
    problems.push(...(await kind.invariants(sql)).map((problem) => `${kind.name}: ${problem}`));
  }
  return problems;
}

/**
 * The Jepsen-style bank check straight over the postings: every unit's
 * balances sum to zero, and no learner account is negative in any unit.
 */
export async function bankProblems(sql: postgres.Sql): Promise<string[]> {
  const unbalanced = await sql<{ unit: string; total: string }[]>`
    select unit, sum(amount)::text as total from ledger_posting group by unit having sum(amount) <> 0`;
  const negative = await sql<{ account: string; unit: string; balance: string }[]>`
    select account, unit, sum(amount)::text as balance from ledger_posting
    where account like 'learner:%' group by account, unit having sum(amount) < 0`;
  return [
    ...unbalanced.map((row) => `unit ${row.unit} sums to ${row.total}, not 0`),
    ...negative.map((row) => `learner account ${row.account} is negative in ${row.unit}: ${row.balance}`),
  ];
}

/** The public conservation check: every unit of `ledgerUnitTotals` totals "0.00". */
export async function conservationProblems(url: string): Promise<string[]> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ ledgerUnitTotals { unit total } }" }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: { ledgerUnitTotals: { unit: string; total: string }[] }; errors?: unknown[] };
  if (!body.data) return [`ledgerUnitTotals failed: ${JSON.stringify(body.errors)}`];
  return body.data.ledgerUnitTotals.filter((total) => total.total !== "0.00").map((total) => `ledgerUnitTotals: ${total.unit} totals ${total.total}`);
}

/** Seals through the API (admin `ledgerSeal`), then runs the ledger verifier over the database and checks nothing is left unsealed or queued. */
export async function sealedLedgerProblems(url: string, adminToken: string, databaseUrl: string): Promise<string[]> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query: "mutation { ledgerSeal { checkpoint { treeSize } userErrors { code message } } }" }),
    signal: AbortSignal.timeout(30_000),
  });
  const sealed = (await response.json()) as { data?: { ledgerSeal: { userErrors: unknown[] } }; errors?: unknown[] };
  if (!sealed.data || sealed.data.ledgerSeal.userErrors.length > 0) return [`ledgerSeal failed: ${JSON.stringify(sealed)}`];
  const database = await openDatabase({ databaseUrl, dataDir: "memory" }, createLogger("silent"));
  try {
    const report = await verifyLedger(await evidenceFromDatabase(database));
    const [{ unsealed, queued }] = await database.rows<{ unsealed: number; queued: number }>(
      query`select (select count(*)::int from ledger_entry e where not exists (select 1 from merkle_leaf l where l.entry_sequence = e.sequence)) as unsealed,
        (select count(*)::int from ledger_unsealed) as queued`,
    );
    return [
      ...(report.ok ? [] : [`verifier failed at leaf ${report.firstBadIndex}: ${report.problems.slice(0, 5).join("; ")}`]),
      ...(unsealed === 0 ? [] : [`${unsealed} journal entries are not in the Merkle log after ledgerSeal`]),
      ...(queued === 0 ? [] : [`${queued} entries are still queued for sealing after ledgerSeal`]),
    ];
  } finally {
    await database.close();
  }
}

/** Everything that must hold once the faults are over and every request settled. */
export async function settledProblems(options: { url: string; adminToken: string; databaseUrl: string; writes: readonly PlannedWrite[]; log: WriteLog }): Promise<string[]> {
  const sql = connect(options.databaseUrl);
  try {
    return [
      ...(await exactlyOnceProblems(sql, options.writes, options.log, "settled")),
      ...(await bankProblems(sql)),
      ...(await conservationProblems(options.url)),
      ...(await sealedLedgerProblems(options.url, options.adminToken, options.databaseUrl)),
    ];
  } finally {
    await sql.end();
  }
}
