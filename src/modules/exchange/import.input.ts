import { Field, ID, InputType } from "type-graphql";
import { ImportKindEnum } from "./import.type.js";
import type { ImportKind } from "./import-columns.js";

@InputType({ description: "Imports one CSV file, all or nothing. Give the file as text (`csv`) or as its raw bytes (`csvBase64`, for GBK files)." })
export class ImportRunInput {
  @Field({ description: "Required client key (1–128 chars): a retry with the same key and input returns the original result." })
  idempotencyKey!: string;

  @Field(() => ImportKindEnum)
  kind!: ImportKind;

  @Field(() => ID, { description: "The organization imported into: the caller's own (admins: any; RULES: the caller's own, a party)." })
  organizationId!: string;

  @Field(() => ID, { nullable: true, description: "RULES only: the agreement the rules amend." })
  agreementId?: string | null;

  @Field(() => String, { nullable: true, description: "The file as text (UTF-8 with or without BOM, as read by the client)." })
  csv?: string | null;

  @Field(() => String, { nullable: true, description: "The file's bytes, base64: UTF-8 (with or without BOM) or GB18030/GBK, detected." })
  csvBase64?: string | null;

  @Field({ defaultValue: false, description: "Check everything, write nothing." })
  dryRun!: boolean;
}
