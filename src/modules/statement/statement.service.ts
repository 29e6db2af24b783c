import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { uuidv7 } from "../../db/ids.js";
import type { Actor, Viewer } from "../../auth/viewer.js";
import { forbidden } from "../../graphql/errors.js";
import { parseInputId, toGlobalId } from "../../graphql/global-id.js";
import { DomainError, UserErrorCode } from "../../graphql/user-error.js";
import { sha256Hex } from "../ledger/canonical-json.js";
import { idempotent, refuseBadIdempotencyKey } from "../ledger/idempotency.js";
import { appendEntry } from "../ledger/journal.js";
import { ledgerEntries, merkleLeaves } from "../ledger/ledger.table.js";
import type { LedgerService } from "../ledger/ledger.service.js";
import type { Sealer } from "../ledger/sealer.js";
import { loadJwks } from "../ledger/signing-keys.js";
import { learnerIdOf } from "../learner/learner-access.js";
import type { LearnerService } from "../learner/learner.service.js";
import { creditTransfers } from "../transfer/transfer.table.js";
import { buildStatementPayload, signStatement, type LedgerAnchor, type SignedCheckpoint, type StatementPayload } from "./credit-statement.js";
import { uuidOfUrn, verifyStatement, type StatementProblem, type StatementVerification } from "./statement-verification.js";
import { loadTranscriptFacts, type TranscriptFacts } from "./transcript-facts.js";
import { creditStatements, type CreditStatementRow } from "./statement.table.js";

export interface IssuedStatement {
  statementId: string;
  jws: string;
  payload: StatementPayload;
  issuedAt: Date;
  keyId: string;
}

function present(row: CreditStatementRow): IssuedStatement {
  const payload = JSON.parse(Buffer.from(row.jws.split(".")[1], "base64url").toString("utf8")) as StatementPayload;
  return { statementId: row.id, jws: row.jws, payload, issuedAt: row.issuedAt, keyId: row.keyId };
}

export class StatementService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly sealer: Sealer,
    private readonly learners: LearnerService,
  ) {}

  /**
   * Who may have a learner's record at an organization stated (or exported): the learner
   * (learner token), admins, and the organization's registrars and providers while they may
   * read the learner (their own learner, or one who consents).
   */
  async mayState(actor: Actor, learnerId: string, organizationId: string): Promise<boolean> {
    if (actor.role === "learner") return learnerIdOf(actor) === learnerId;
    if (actor.role !== "admin" && actor.organizationId !== organizationId) return false;
    return this.learners.canReadLearner(actor, learnerId);
  }

  /**
   * `mayState` for a mutation. Fails with: FORBIDDEN (top level: another learner, another
   * organization), NOT_FOUND (learnerId: the organization may not read the learner).
   */
  private async authorize(viewer: Viewer, learnerId: string, organizationId: string): Promise<Actor> {
    const actor = viewer.requireRole("admin", "registrar", "provider", "learner");
    if (actor.role === "learner" && learnerIdOf(actor) !== learnerId) throw forbidden("A learner may have only their own record stated");
    if (actor.role !== "learner" && actor.role !== "admin" && actor.organizationId !== organizationId) {
      throw forbidden("Only the organization's own registrars and providers may state its record");
    }
    if (!(await this.mayState(actor, learnerId, organizationId))) {
      throw new DomainError(UserErrorCode.NOT_FOUND, "learnerId", "No learner with this ID is visible to you; the learner must consent to your organization first");
    }
    return actor;
  }

  /** The facts a statement or transcript states, for an authorized caller. Fails with NOT_FOUND. */
  async transcript(learnerId: string, organizationId: string): Promise<TranscriptFacts> {
    const facts = await loadTranscriptFacts(this.database.db, learnerId, organizationId);
    if (!facts) throw new DomainError(UserErrorCode.NOT_FOUND, "organizationId", "No learner or organization has this ID");
    return facts;
  }

  /** The transcript facts if `actor` may have them stated, else null (queries reveal nothing). */
  async visibleTranscript(actor: Actor, learnerId: string, organizationId: string): Promise<TranscriptFacts | null> {
    if (!(await this.mayState(actor, learnerId, organizationId))) return null;
    return loadTranscriptFacts(this.database.db, learnerId, organizationId);
  }

  /**
   * Signs the learner's record at the organization as a credit statement and
   * journals CREDIT_STATEMENT_ISSUED with the SHA-256 of the JWS. Entries not
   * yet in the Merkle log are sealed first, so every entry has its audit path.
   *
   * Fails with: INVALID_ID, FORBIDDEN (top level), NOT_FOUND (learner not visible; learner or
   * organization unknown), INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED.
   */
  async issue(viewer: Viewer, input: { idempotencyKey: string; learnerId: string; organizationId: string }) {
    const learnerId = parseInputId(input.learnerId, "Learner", "learnerId");
    const organizationId = parseInputId(input.organizationId, "Organization", "organizationId");
    const actor = await this.authorize(viewer, learnerId, organizationId);
    const transcript = await this.transcript(learnerId, organizationId);
    const idempotency = { actor, key: input.idempotencyKey, operation: "creditStatementIssue", request: { learnerId, organizationId } };
    // Before sealing: a refused call must not have sealed entries.
    await refuseBadIdempotencyKey(this.database.db, idempotency);
    const entryIds = [...transcript.completions.map((fact) => fact.achievement.ledgerEntryId), ...transcript.recognitions.map((fact) => fact.transfer.ledgerEntryId)];
    const { anchors, checkpoint } = await this.anchor(entryIds);
    const statementId = uuidv7();
    // Taken before the key: a rotation in between leaves the issue time before the old key's retirement.
    const issuedAt = new Date();
    // The sealer's key ring: a rotation in this process applies to statements at once.
    const key = await this.sealer.keyRing.current();
    const jws = await signStatement(buildStatementPayload({ statementId, issuedAt, transcript, anchors, checkpoint }), key);
    const { result, replayed } = await this.database.write((tx) =>
      idempotent(tx, idempotency, async () => {
        const entry = await appendEntry(tx, {
          kind: "CREDIT_STATEMENT_ISSUED",
          actor,
          organizationIds: [organizationId],
          learnerId,
          body: { statementId, learnerId, organizationId, keyId: key.kid, issuedAt: issuedAt.toISOString(), jwsHash: sha256Hex(jws), entryIds: entryIds.map((id) => toGlobalId("LedgerEntry", id)) },
        });
        await tx.insert(creditStatements).values({ learnerId, id: statementId, organizationId, keyId: key.kid, issuedAt, jws, ledgerEntryId: entry.id });
        return { learnerId, statementId };
      }),
    );
    const [row] = await this.database.db
      .select()
      .from(creditStatements)
      .where(and(eq(creditStatements.learnerId, result.learnerId), eq(creditStatements.id, result.statementId)));
    return { statement: present(row), replayed };
  }

  /** The latest statement issued for the learner at the organization, if any. */
  async latest(learnerId: string, organizationId: string): Promise<IssuedStatement | null> {
    const [row] = await this.database.db
      .select()
      .from(creditStatements)
      .where(and(eq(creditStatements.learnerId, learnerId), eq(creditStatements.organizationId, organizationId)))
      .orderBy(desc(creditStatements.issuedAt))
      .limit(1);
    return row ? present(row) : null;
  }

  /**
   * Verifies a statement with the server's JWKS (current and retired keys) and,
   * beyond what an offline verifier can know, whether a transfer it states has
   * been reversed since.
   */
  async verify(jws: string): Promise<StatementVerification> {
    const verification = await verifyStatement(jws, await loadJwks(this.database));
    const reversals = await this.reversals(verification.payload);
    const reasons = [...verification.reasons, ...reversals];
    return { ...verification, reasons, valid: reasons.length === 0 };
  }

  private async reversals(payload: StatementPayload | null): Promise<StatementProblem[]> {
    const entries = payload?.credentialSubject?.verifiableCredential;
    if (!Array.isArray(entries)) return [];
    const transfers = entries.flatMap((entry, index) => {
      const named = typeof entry?.id === "string" ? uuidOfUrn(entry.id) : null;
      return named?.type === "CreditTransfer" ? [{ index, id: named.id }] : [];
    });
    if (transfers.length === 0) return [];
    const rows = await this.database.db
      .select({ id: creditTransfers.id, reversedAt: creditTransfers.reversedAt, reason: creditTransfers.reversalReason })
      .from(creditTransfers)
      .where(inArray(creditTransfers.id, transfers.map((each) => each.id)));
    const reversed = new Map(rows.filter((row) => row.reversedAt !== null).map((row) => [row.id, row]));
    return transfers.flatMap(({ index, id }) => {
      const row = reversed.get(id);
      return row ? [{ code: "TRANSFER_REVERSED" as const, message: `Entry ${index}: the transfer was reversed at ${row.reversedAt!.toISOString()} (${row.reason ?? "no reason given"})`, entry: index }] : [];
    });
  }

  /** Audit paths for the entries, up to one checkpoint that covers them all (sealing first when needed). */
  private async anchor(entryIds: string[]): Promise<{ anchors: Map<string, LedgerAnchor>; checkpoint: SignedCheckpoint | null }> {
    if (entryIds.length === 0) return { anchors: new Map(), checkpoint: null };
    const entries = await this.database.db
      .select({ id: ledgerEntries.id, kind: ledgerEntries.kind, canonical: ledgerEntries.canonical, contentHash: ledgerEntries.contentHash, leafIndex: merkleLeaves.leafIndex })
      .from(ledgerEntries)
      .leftJoin(merkleLeaves, eq(merkleLeaves.entrySequence, ledgerEntries.sequence))
      .where(inArray(ledgerEntries.id, entryIds));
    if (entries.some((entry) => entry.leafIndex === null)) await this.sealer.sealNow();
    const latest = await this.ledger.latestCheckpoint();
    if (!latest) throw new Error("the Merkle log has no checkpoint after sealing");
    const anchors = new Map<string, LedgerAnchor>();
    for (const entry of entries) {
      const proof = await this.ledger.inclusionProof(entry.id, latest.treeSize);
      anchors.set(entry.id, {
        entryId: toGlobalId("LedgerEntry", entry.id),
        kind: entry.kind,
        canonical: entry.canonical,
        contentHash: entry.contentHash,
        leafIndex: proof.leafIndex,
        leafHash: proof.leafHash,
        checkpoint: { treeSize: latest.treeSize, rootHash: latest.rootHash },
        auditPath: proof.auditPath,
      });
    }
    return { anchors, checkpoint: { treeSize: latest.treeSize, rootHash: latest.rootHash, jws: latest.jws } };
  }
}
