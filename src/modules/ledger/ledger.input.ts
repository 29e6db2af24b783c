import { Field, ID, InputType } from "type-graphql";
import { LedgerEntryKindEnum } from "./ledger.type.js";
import type { EntryKind } from "./journal.js";

@InputType()
export class LedgerEntryFilterInput {
  @Field(() => LedgerEntryKindEnum, { nullable: true })
  kind?: EntryKind | null;

  @Field(() => ID, { nullable: true, description: "Entries this organization is party to." })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true, description: "Entries about this learner." })
  learnerId?: string | null;

  @Field(() => Date, { nullable: true, description: "Recorded at or after this instant." })
  since?: Date | null;
}
