import { print } from "graphql";
import type postgres from "postgres";
import type { TokenRequest } from "../../src/auth/jwt.js";
import { toGlobalId } from "../../src/graphql/global-id.js";
import { OrganizationCreateDocument } from "../generated/operations.js";
import { aCreditCode, aMoeCode } from "../support/factories.js";
import { withTimeout } from "../support/process-server.js";
import type { Random } from "./seeded-random.js";

/**
 * One kind of write the fault tests send: how to build its i-th request, how
 * to read the written entity's ID from an answer, and how to find what the
 * database holds for it. Kinds that carry postings (achievements, transfers)
 * join WRITE_KINDS as their mutations land; the checks stay the same.
 */
export interface WriteKind {
  name: string;
  /** Who sends it. */
  actor: TokenRequest;
  /** The GraphQL document; its variables are `{ input }` with an idempotencyKey. */
  document: string;
  /** The input of the request numbered `index`, minus the idempotencyKey. */
  input(index: number, random: Random): Record<string, unknown>;
  /** The written entity's global ID in a successful answer, else null. */
  writtenId(data: unknown): string | null;
  /** What the database holds for each request: the global IDs stored under what makes the request unique. */
  stored(sql: postgres.Sql, requests: readonly PlannedWrite[]): Promise<Map<string, string[]>>;
  /** Problems with this kind's rows as a whole: a half-written write, an orphan, a key without its result. */
  invariants(sql: postgres.Sql): Promise<string[]>;
}

export interface PlannedWrite {
  kind: WriteKind;
  key: string;
  input: Record<string, unknown>;
}

const organizationCreate: WriteKind = {
  name: "organizationCreate",
  actor: { role: "admin", sub: "fault-admin" },
  document: print(OrganizationCreateDocument),
  input(index, random) {
    const university = random.next() < 0.5;
    return {
      kind: university ? "UNIVERSITY" : "TRAINING_PROVIDER",
      name: `${university ? "故障测试大学" : "故障测试科技有限公司"}${index}`,
      nameEn: `Fault Test ${index}`,
      // The index makes every planned code unique within a run (the database is fresh).
      code: university ? aMoeCode(index) : aCreditCode(index),
      region: random.pick(["北京市", "广东省深圳市", "上海市", null]),
      website: null,
    };
  },
  writtenId: (data) => (data as { organizationCreate?: { organization?: { id: string } | null } }).organizationCreate?.organization?.id ?? null,
  async stored(sql, requests) {
    const byCode = new Map(requests.map((request) => [String(request.input.code), request.key]));
    const rows = await sql<{ id: string; code: string }[]>`select id, code from organization where code = any(${[...byCode.keys()]})`;
    const stored = new Map<string, string[]>(requests.map((request) => [request.key, []]));
    for (const row of rows) stored.get(byCode.get(row.code)!)!.push(toGlobalId("Organization", row.id));
    return stored;
  },
  async invariants(sql) {
    const withoutOneEntry = await sql<{ id: string; entries: number }[]>`
      select o.id, count(e.sequence)::int as entries from organization o
      left join ledger_entry e on e.kind = 'ORGANIZATION_REGISTERED' and e.body->>'organizationId' = o.id::text
      group by o.id having count(e.sequence) <> 1`;
    const orphanEntries = await sql<{ sequence: string }[]>`
      select e.sequence from ledger_entry e where e.kind = 'ORGANIZATION_REGISTERED'
      and not exists (select 1 from organization o where o.id::text = e.body->>'organizationId')`;
    const keysWithoutResult = await sql<{ key: string }[]>`
      select k.key from idempotency_key k where k.operation = 'organizationCreate'
      and (k.result is null or not exists (select 1 from organization o where o.id::text = k.result->>'organizationId'))`;
    const [{ organizations, keys }] = await sql<{ organizations: number; keys: number }[]>`
      select (select count(*)::int from organization) as organizations,
             (select count(*)::int from idempotency_key where operation = 'organizationCreate') as keys`;
    return [
      ...withoutOneEntry.map((row) => `organization ${row.id} has ${row.entries} ORGANIZATION_REGISTERED entries, not 1`),
      ...orphanEntries.map((row) => `ORGANIZATION_REGISTERED entry ${row.sequence} names no organization`),
      ...keysWithoutResult.map((row) => `idempotency key ${row.key} has no result naming an organization`),
      ...(organizations === keys ? [] : [`${organizations} organizations but ${keys} organizationCreate idempotency keys`]),
    ];
  },
};

/** The writes the fault tests mix, each request's kind drawn from the seeded PRNG. */
export const WRITE_KINDS: readonly WriteKind[] = [organizationCreate];

/** `count` requests with distinct keys, reproducible from the seed; later batches on the same database start at another `firstIndex`. */
export function planWrites(count: number, random: Random, firstIndex = 0): PlannedWrite[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = firstIndex + offset;
    const kind = random.pick(WRITE_KINDS);
    return { kind, key: `fault-${random.seed}-${kind.name}-${index}`, input: kind.input(index, random) };
  });
}

/** What one HTTP attempt taught the client. */
export type Outcome =
  | { type: "acknowledged"; id: string; replayed: boolean }
  /** The documented retryable answer: HTTP 503 with Retry-After, SERVICE_UNAVAILABLE, extensions.retryable. */
  | { type: "retryable"; status: number }
  /** No answer: refused or reset connection (the server is down or died), or the client's timeout; `sentAt` in ms since the epoch. */
  | { type: "no-answer"; reason: string; sentAt: number }
  /** Anything else (an internal error, a userError): a bug under these faults. */
  | { type: "unexpected"; detail: string };

// A request that needs longer is hung: the server must bound its own waits far below this.
export const REQUEST_TIMEOUT_MS = 30_000;

/** Sends one attempt and classifies what came back. */
export async function submit(url: string, token: string, write: PlannedWrite): Promise<Outcome> {
  const sentAt = Date.now();
  let response: globalThis.Response;
  try {
    response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: write.kind.document, variables: { input: { ...write.input, idempotencyKey: write.key } } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { type: "no-answer", reason: networkReason(error), sentAt };
  }
  const text = await response.text().catch((error: unknown) => ({ failed: networkReason(error) }));
  if (typeof text !== "string") return { type: "no-answer", reason: text.failed, sentAt };
  let body: { data?: unknown; errors?: { extensions?: { code?: string; retryable?: boolean } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { type: "unexpected", detail: `HTTP ${response.status}: ${text.slice(0, 300)}` };
  }
  const errors = body.errors ?? [];
  if (errors.length > 0) {
    const retryable =
      response.status === 503 &&
      response.headers.get("retry-after") !== null &&
      errors.every((error) => error.extensions?.code === "SERVICE_UNAVAILABLE" && error.extensions.retryable === true);
    return retryable ? { type: "retryable", status: response.status } : { type: "unexpected", detail: `HTTP ${response.status}: ${text.slice(0, 500)}` };
  }
  const id = write.kind.writtenId(body.data);
  const payload = Object.values((body.data ?? {}) as Record<string, { replayed?: boolean }>)[0];
  if (id === null || response.status !== 200) return { type: "unexpected", detail: `HTTP ${response.status}: ${text.slice(0, 500)}` };
  return { type: "acknowledged", id, replayed: payload?.replayed === true };
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timeout";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/** Every attempt of every request, in order: what the checks compare the database with. */
export class WriteLog {
  readonly attempts = new Map<string, Outcome[]>();

  record(write: PlannedWrite, outcome: Outcome): void {
    const list = this.attempts.get(write.key) ?? [];
    list.push(outcome);
    this.attempts.set(write.key, list);
  }

  /** The ID of the request's first acknowledgement, if it had one. */
  acknowledgedId(key: string): string | undefined {
    const first = this.attempts.get(key)?.find((outcome) => outcome.type === "acknowledged");
    return first?.type === "acknowledged" ? first.id : undefined;
  }

  all(): Outcome[] {
    return [...this.attempts.values()].flat();
  }

  /** Counts per outcome, and per no-answer reason: printed with the seed. */
  summary(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const outcome of this.all()) {
      const label = outcome.type === "no-answer" ? `no-answer:${outcome.reason}` : outcome.type;
      counts[label] = (counts[label] ?? 0) + 1;
    }
    return counts;
  }

  /** Answers that contradict each other or the API's contract. */
  contradictions(): string[] {
    const problems: string[] = [];
    for (const [key, outcomes] of this.attempts) {
      const ids = new Set(outcomes.flatMap((outcome) => (outcome.type === "acknowledged" ? [outcome.id] : [])));
      if (ids.size > 1) problems.push(`${key} was acknowledged with different IDs: ${[...ids].join(", ")}`);
      for (const outcome of outcomes) if (outcome.type === "unexpected") problems.push(`${key}: ${outcome.detail}`);
    }
    return problems;
  }
}

/** Where requests go: a server that may be down for a while (its URL changes on restart). */
export interface Target {
  url(): string;
  whenUp(): Promise<void>;
}

// A restart (swc compile, migrations) on a busy machine takes seconds; longer means it failed.
const TARGET_UP_TIMEOUT_MS = 120_000;

export interface PassOptions {
  concurrency: number;
  /** Attempts per request in this pass: 1 sends each once; more retries retryable failures. */
  attempts: number;
  /** Random pause before a retry, so clients do not retry in lockstep. */
  backoffMs: [number, number];
  random: Random;
  /** Requests currently sent and not yet answered (read by fault injectors). */
  inFlight?: { count: number };
}

/**
 * Sends every request with `concurrency` clients, each retrying a request with
 * the same idempotencyKey while the answer is retryable or missing, up to
 * `attempts`. Returns each request's last outcome.
 */
export async function runPass(target: Target, tokens: Map<WriteKind, string>, writes: readonly PlannedWrite[], log: WriteLog, options: PassOptions): Promise<Map<string, Outcome>> {
  const last = new Map<string, Outcome>();
  let nextIndex = 0;
  const inFlight = options.inFlight ?? { count: 0 };
  const client = async () => {
    while (nextIndex < writes.length) {
      const write = writes[nextIndex++];
      for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
        await withTimeout(target.whenUp(), TARGET_UP_TIMEOUT_MS, "the server did not come back up");
        inFlight.count += 1;
        const outcome = await submit(target.url(), tokens.get(write.kind)!, write).finally(() => (inFlight.count -= 1));
        log.record(write, outcome);
        last.set(write.key, outcome);
        if (outcome.type === "acknowledged" || outcome.type === "unexpected") break;
        if (attempt < options.attempts) await sleep(options.random.int(...options.backoffMs));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return last;
}

// Each round retries what is still unacknowledged; the faults are over by now,
// so more rounds than this means the server does not recover.
const MAX_SETTLE_ROUNDS = 5;

/**
 * After the faults: resubmits every not-yet-acknowledged request (bounded
 * rounds), then ALL requests once more. Returns the problems: requests never
 * acknowledged, and final answers that are not replays of the first
 * acknowledgement.
 */
export async function settle(target: Target, tokens: Map<WriteKind, string>, writes: readonly PlannedWrite[], log: WriteLog, random: Random): Promise<string[]> {
  const options = { concurrency: 8, attempts: 3, backoffMs: [50, 250] as [number, number], random };
  for (let round = 0; round < MAX_SETTLE_ROUNDS; round += 1) {
    const pending = writes.filter((write) => log.acknowledgedId(write.key) === undefined && !log.attempts.get(write.key)?.some((outcome) => outcome.type === "unexpected"));
    if (pending.length === 0) break;
    await runPass(target, tokens, pending, log, options);
  }
  const problems = writes.filter((write) => log.acknowledgedId(write.key) === undefined).map((write) => `${write.key} was never acknowledged`);
  const final = await runPass(target, tokens, writes, log, options);
  for (const write of writes) {
    const outcome = final.get(write.key);
    const first = log.acknowledgedId(write.key);
    if (outcome?.type !== "acknowledged" || !outcome.replayed || outcome.id !== first) {
      problems.push(`${write.key}: resubmitting it answered ${JSON.stringify(outcome)}, expected a replay of ${first}`);
    }
  }
  return problems;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
