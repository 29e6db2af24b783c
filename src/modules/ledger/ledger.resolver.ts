import { Arg, Args, Ctx, Field, ID, Int, ObjectType, Mutation, Query, Resolver } from "type-graphql";
import { GraphQLSafeInt } from "graphql-scalars";
import type { Context } from "../../graphql/context.js";
import { PageArgs } from "../../graphql/connection.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { UserError } from "../../graphql/user-error.js";
import { Checkpoint, CheckpointConnection, ConsistencyProof, InclusionProof, LedgerEntry, LedgerEntryConnection, UnitTotal } from "./ledger.type.js";
import { LedgerEntryFilterInput } from "./ledger.input.js";

@ObjectType()
export class LedgerSealPayload {
  @Field(() => Checkpoint, { nullable: true, description: "The latest checkpoint after sealing (null while the journal is empty)." })
  checkpoint!: Checkpoint | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class LedgerResolver {
  @Query(() => Checkpoint, { nullable: true, description: "The latest signed checkpoint of the Merkle log. Public." })
  ledgerCheckpoint(@Ctx() ctx: Context) {
    return ctx.services.ledger.latestCheckpoint();
  }

  @Query(() => CheckpointConnection, { description: "Every signed checkpoint, oldest first. Public." })
  ledgerCheckpoints(@Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.ledger.checkpoints(page);
  }

  @Query(() => LedgerEntry, { nullable: true, description: "One journal entry, if the caller may read it." })
  ledgerEntry(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.ledger.entry(ctx.viewer, parseArgumentId(id, "LedgerEntry", "id"));
  }

  @Query(() => LedgerEntryConnection, { description: "Journal entries in sequence order: admins see all, organizations those they are party to, learners their own." })
  ledgerEntries(@Args() page: PageArgs, @Arg("filter", () => LedgerEntryFilterInput, { nullable: true }) filter: LedgerEntryFilterInput | null, @Ctx() ctx: Context) {
    return ctx.services.ledger.entries(ctx.viewer, page, {
      kind: filter?.kind,
      since: filter?.since,
      organizationId: filter?.organizationId ? parseArgumentId(filter.organizationId, "Organization", "filter.organizationId") : null,
      learnerId: filter?.learnerId ? parseArgumentId(filter.learnerId, "Learner", "filter.learnerId") : null,
    });
  }

  @Query(() => InclusionProof, { description: "Proof that an entry is in the tree of `treeSize` leaves (default: the latest checkpoint). Public." })
  async ledgerInclusionProof(
    @Arg("entryId", () => ID) entryId: string,
    @Arg("treeSize", () => GraphQLSafeInt, { nullable: true }) treeSize: number | null,
    @Ctx() ctx: Context,
  ) {
    return { entryId, ...(await ctx.services.ledger.inclusionProof(parseArgumentId(entryId, "LedgerEntry", "entryId"), treeSize)) };
  }

  @Query(() => ConsistencyProof, { description: "Proof that the tree of `toSize` leaves extends the tree of `fromSize` leaves. Public." })
  ledgerConsistencyProof(@Arg("fromSize", () => GraphQLSafeInt) fromSize: number, @Arg("toSize", () => GraphQLSafeInt) toSize: number, @Ctx() ctx: Context) {
    return ctx.services.ledger.consistencyProof(fromSize, toSize);
  }

  @Query(() => [String], { description: "Leaf hashes (hex) from `fromIndex`, at most 1,000: enough to rebuild the tree without reading entries. Public." })
  ledgerLeafHashes(@Arg("fromIndex", () => GraphQLSafeInt) fromIndex: number, @Arg("first", () => Int) first: number, @Ctx() ctx: Context) {
    return ctx.services.ledger.leafHashes(fromIndex, first);
  }

  @Query(() => [UnitTotal], { description: "Conservation check: the sum of all balances per unit (always 0.00). Public." })
  ledgerUnitTotals(@Ctx() ctx: Context) {
    return ctx.services.ledger.unitTotals();
  }

  @Mutation(() => LedgerSealPayload, { description: "Seals committed entries into the Merkle log now and signs a checkpoint (the server also does it every SEALER_INTERVAL_MS). Admin only." })
  async ledgerSeal(@Ctx() ctx: Context) {
    ctx.viewer.requireRole("admin");
    await ctx.services.sealer.sealNow();
    return { checkpoint: await ctx.services.ledger.latestCheckpoint(), userErrors: [] };
  }
}
