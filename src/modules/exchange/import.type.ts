import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserErrorCode } from "../../graphql/user-error.js";
import type { ImportKind } from "./import-columns.js";

export const ImportKindEnum = { COURSES: "COURSES", RULES: "RULES", ACHIEVEMENTS: "ACHIEVEMENTS" } as const satisfies Record<ImportKind, ImportKind>;
registerEnumType(ImportKindEnum, {
  name: "ImportKind",
  description: "What a CSV file holds; the README lists each kind's columns (English or Chinese headers).",
  valuesConfig: {
    COURSES: { description: "Courses of the organization, created as drafts or published (column status)." },
    RULES: { description: "Equivalence rules, one per row: they become the next version of the agreement `agreementId` (an amendment the parties approve)." },
    ACHIEVEMENTS: { description: "Completions of the organization's courses by its learners (by their reference), recorded in the ledger." },
  },
});

@ObjectType({ description: "Why a row (or the file) cannot be imported." })
export class ImportError {
  @Field(() => Int, { nullable: true, description: "1-based line in the file (the header is line 1); null for the file as a whole." })
  line!: number | null;

  @Field(() => String, { nullable: true, description: "The column as headed in the file; null when no single column is at fault." })
  column!: string | null;

  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field()
  reason!: string;
}

@ObjectType({ description: "What an import read and wrote. With errors nothing was written." })
export class ImportReport {
  @Field(() => ImportKindEnum)
  kind!: ImportKind;

  @Field({ description: "True when the import was only checked: nothing was written." })
  dryRun!: boolean;

  @Field({ description: "True when this file was imported before: nothing new was written." })
  alreadyImported!: boolean;

  @Field({ description: "The encoding the file was read in: UTF-8 or GB18030 (which includes GBK)." })
  encoding!: string;

  @Field({ description: "SHA-256 identifying the file for this kind and organization: the same file imports once." })
  fileKey!: string;

  @Field(() => Int, { description: "Data rows (lines after the header, blank lines skipped)." })
  rowsRead!: number;

  @Field(() => Int, { description: "Rows written now (a dry run: rows that would be written)." })
  rowsWritten!: number;

  @Field(() => Date, { nullable: true, description: "When the file was imported (this time or, with alreadyImported, the first time)." })
  importedAt!: Date | null;

  @Field(() => [ImportError], { description: "Every problem found, in line order; empty when the import succeeded." })
  errors!: ImportError[];
}
