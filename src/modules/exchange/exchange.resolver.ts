import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { parseArgumentId } from "../../graphql/global-id.js";
import { runMutation } from "../../graphql/mutation.js";
import { visibleAgreement } from "../agreement/agreement.loaders.js";
import { ImportRunInput } from "./import.input.js";
import { ImportRunPayload } from "./import.payload.js";
import { transcriptCsv } from "./transcript-export.js";
import type { ExportFormat } from "./export.service.js";

export const AgreementExportFormatEnum = { JSON: "JSON", CSV: "CSV" } as const satisfies Record<ExportFormat, ExportFormat>;
registerEnumType(AgreementExportFormatEnum, {
  name: "AgreementExportFormat",
  valuesConfig: {
    JSON: { description: "ronghe.agreement-export/1: the agreement, its parties and rules with cited course versions (mappable to CTDL TransferValueProfile)." },
    CSV: { description: "One rule per row, in the columns the RULES import reads: export → import reproduces the rules." },
  },
});

type TranscriptFormat = "CSV" | "STATEMENT";
export const TranscriptExportFormatEnum = { CSV: "CSV", STATEMENT: "STATEMENT" } as const satisfies Record<TranscriptFormat, TranscriptFormat>;
registerEnumType(TranscriptExportFormatEnum, {
  name: "TranscriptExportFormat",
  valuesConfig: {
    CSV: { description: "One row per completion recorded and per credit recognised, with provenance and journal entry." },
    STATEMENT: { description: "The latest signed credit statement (compact JWS); null until one is issued with creditStatementIssue." },
  },
});

@ObjectType({ description: "An exported file." })
export class ExportFile {
  @Field()
  fileName!: string;

  @Field({ description: "application/json, text/csv; charset=utf-8, or application/vc+jwt." })
  contentType!: string;

  @Field({ description: "The file's text (UTF-8; CSV without BOM, with CRLF line endings)." })
  content!: string;
}

@Resolver()
export class ExchangeResolver {
  @Mutation(() => ImportRunPayload, {
    description:
      "Imports a CSV file of courses, equivalence rules (as an amendment of `agreementId`) or achievements, all or nothing and once per file. " +
      "Every problem is reported by line and column in `report.errors`, and nothing is written. Registrars and providers of the organization; admins (not RULES).",
  })
  async importRun(@Arg("input") input: ImportRunInput, @Ctx() ctx: Context) {
    const payload = await runMutation(() => ctx.services.imports.run(ctx.viewer, input));
    if (!("report" in payload)) return { report: null, ...payload };
    const { rejection, ...rest } = payload;
    return { ...rest, userErrors: rejection ? [rejection] : [] };
  }

  @Query(() => ExportFile, { nullable: true, description: "An agreement's rules as a file: the version the caller sees (parties: the latest, pending included). Null when not visible." })
  async agreementExport(
    @Arg("agreementId", () => ID) agreementId: string,
    @Arg("format", () => AgreementExportFormatEnum) format: ExportFormat,
    @Ctx() ctx: Context,
  ) {
    const agreement = await visibleAgreement(parseArgumentId(agreementId, "Agreement", "agreementId"), ctx);
    return agreement && ctx.services.exports.agreement(agreement, format);
  }

  @Query(() => ExportFile, {
    nullable: true,
    description: "A learner's record at an organization as CSV, or its latest signed statement. The learner, the organization's registrars and providers who may read the learner, admins; null otherwise.",
  })
  async transcriptExport(
    @Arg("learnerId", () => ID) learnerId: string,
    @Arg("organizationId", () => ID) organizationId: string,
    @Arg("format", () => TranscriptExportFormatEnum) format: TranscriptFormat,
    @Ctx() ctx: Context,
  ): Promise<ExportFile | null> {
    const learner = parseArgumentId(learnerId, "Learner", "learnerId");
    const organization = parseArgumentId(organizationId, "Organization", "organizationId");
    const actor = ctx.viewer.requireRole("admin", "registrar", "provider", "learner");
    if (format === "STATEMENT") {
      const statement = (await ctx.services.statements.mayState(actor, learner, organization)) ? await ctx.services.statements.latest(learner, organization) : null;
      return statement && { fileName: `statement-${statement.statementId}.jwt`, contentType: "application/vc+jwt", content: statement.jws };
    }
    const facts = await ctx.services.statements.visibleTranscript(actor, learner, organization);
    return facts && { fileName: `transcript-${learnerId}.csv`, contentType: "text/csv; charset=utf-8", content: transcriptCsv(facts) };
  }
}
