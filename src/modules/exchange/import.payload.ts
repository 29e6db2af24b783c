import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { ImportReport } from "./import.type.js";

@ObjectType()
export class ImportRunPayload {
  @Field(() => ImportReport, { nullable: true, description: "Null only when the input itself was refused (userErrors without a report)." })
  report!: ImportReport | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError], { description: "IMPORT_REJECTED (field csv) when the report lists errors; input problems otherwise." })
  userErrors!: UserError[];
}
