import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject, GraphQLSafeInt } from "graphql-scalars";
import { Node } from "../../graphql/node.js";
import { DecimalScalar } from "../../graphql/scalars.js";
import { ConnectionType } from "../../graphql/connection.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { ENTRY_KINDS, type EntryKind } from "./journal.js";
import type { ledgerEntries } from "./ledger.table.js";

export const LedgerEntryKindEnum = Object.fromEntries(ENTRY_KINDS.map((kind) => [kind, kind])) as Record<EntryKind, EntryKind>;
registerEnumType(LedgerEntryKindEnum, { name: "LedgerEntryKind", description: "What a journal entry records." });

@ObjectType({ description: "Who appended a journal entry." })
export class LedgerActor {
  @Field()
  subject!: string;

  @Field()
  role!: string;

  @Field(() => ID, { nullable: true, description: "Global ID of the actor's organization." })
  organizationId!: string | null;
}

@ObjectType({ description: "One leg of a double-entry posting; the legs of an entry sum to zero per unit." })
export class LedgerPosting {
  @Field({ description: "learner:<id>@organization:<id>, organization:<id>:issuance or agreement:<id>:exchange" })
  account!: string;

  @Field({ description: "HOUR or CREDIT" })
  unit!: string;

  @Field(() => DecimalScalar, { description: "Positive credits the account, negative debits it." })
  amount!: string;
}

@ObjectType({ implements: Node, description: "An append-only journal entry. `canonical` is the exact text hashed into `contentHash` and the Merkle leaf." })
export class LedgerEntry implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLSafeInt, { description: "Global sequence (gaps possible: rolled-back transactions)." })
  sequence!: number;

  @Field(() => LedgerEntryKindEnum)
  kind!: EntryKind;

  @Field(() => LedgerActor)
  actor!: LedgerActor;

  @Field(() => [ID], { description: "Global IDs of the organizations party to the entry." })
  organizationIds!: string[];

  @Field(() => ID, { nullable: true, description: "Global ID of the learner concerned, if any." })
  learnerId!: string | null;

  @Field(() => GraphQLJSONObject)
  body!: Record<string, unknown>;

  @Field(() => [LedgerPosting])
  postings!: LedgerPosting[];

  @Field({ description: "Canonical JSON (RFC 8785 style) of the entry." })
  canonical!: string;

  @Field({ description: "SHA-256 of `canonical`, hex." })
  contentHash!: string;

  @Field()
  recordedAt!: string;

  @Field(() => GraphQLSafeInt, { nullable: true, description: "Position in the Merkle log; null until the sealer has appended it." })
  leafIndex!: number | null;
}

@ObjectType({ description: "A signed tree head of the ledger's RFC 6962 Merkle log." })
export class Checkpoint {
  @Field(() => GraphQLSafeInt)
  treeSize!: number;

  @Field({ description: "Merkle tree hash of the first `treeSize` leaves, hex." })
  rootHash!: string;

  @Field()
  issuedAt!: string;

  @Field({ description: "Key ID in /.well-known/jwks.json." })
  keyId!: string;

  @Field({ description: "Compact JWS (EdDSA) over {log, treeSize, rootHash, issuedAt}." })
  jws!: string;
}

@ObjectType({ description: "RFC 6962 audit path proving that an entry's leaf is in the tree of `treeSize` leaves." })
export class InclusionProof {
  @Field(() => ID)
  entryId!: string;

  @Field(() => GraphQLSafeInt)
  leafIndex!: number;

  @Field(() => GraphQLSafeInt)
  treeSize!: number;

  @Field({ description: "SHA-256(0x00 ‖ canonical), hex." })
  leafHash!: string;

  @Field(() => [String], { description: "Sibling hashes from the leaf upwards, hex." })
  auditPath!: string[];

  @Field()
  rootHash!: string;
}

@ObjectType({ description: "RFC 6962 proof that the tree of `toSize` leaves extends the tree of `fromSize` leaves." })
export class ConsistencyProof {
  @Field(() => GraphQLSafeInt)
  fromSize!: number;

  @Field(() => GraphQLSafeInt)
  toSize!: number;

  @Field()
  fromRoot!: string;

  @Field()
  toRoot!: string;

  @Field(() => [String])
  auditPath!: string[];
}

@ObjectType({ description: "Sum of all balances of a unit across every account: always zero (conservation)." })
export class UnitTotal {
  @Field()
  unit!: string;

  @Field(() => DecimalScalar)
  total!: string;
}

export const LedgerEntryConnection = ConnectionType(LedgerEntry, "LedgerEntry");
export const CheckpointConnection = ConnectionType(Checkpoint, "Checkpoint");

type EntryRow = typeof ledgerEntries.$inferSelect;

export function toLedgerEntry(row: EntryRow, postings: LedgerPosting[], leafIndex: number | null): LedgerEntry {
  return Object.assign(new LedgerEntry(), {
    id: toGlobalId("LedgerEntry", row.id),
    sequence: row.sequence,
    kind: row.kind as EntryKind,
    actor: { subject: row.actorSubject, role: row.actorRole, organizationId: row.actorOrganizationId ? toGlobalId("Organization", row.actorOrganizationId) : null },
    organizationIds: row.organizationIds.map((id) => toGlobalId("Organization", id)),
    learnerId: row.learnerId ? toGlobalId("Learner", row.learnerId) : null,
    body: row.body as Record<string, unknown>,
    postings,
    canonical: row.canonical,
    contentHash: row.contentHash,
    recordedAt: new Date(row.recordedAt).toISOString(),
    leafIndex,
  });
}
