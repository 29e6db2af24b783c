import { asc, and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { decodeGlobalId, toGlobalId } from "../../graphql/global-id.js";
import { agreementVersions, equivalenceRules } from "../agreement/agreement.table.js";
import type { Agreement } from "../agreement/agreement.type.js";
import type { CourseRef, TermsDocument } from "../agreement/terms-hash.js";
import type { CourseContent } from "../course/course-validation.js";
import { courses, courseVersions } from "../course/course.table.js";
import { organizations } from "../organization/organization.table.js";
import { agreementCsv, agreementJson, type AgreementExportFacts } from "./agreement-export.js";

export type ExportFormat = "JSON" | "CSV";

export interface ExportedFile {
  fileName: string;
  contentType: string;
  content: string;
}

const uuidOf = (globalId: string) => decodeGlobalId(globalId)!.id;

function courseRefsOf(document: TermsDocument): CourseRef[] {
  return document.rules.flatMap((rule) => [...rule.source.groups.flatMap((group) => group.courses), ...(rule.target.kind === "COURSES" ? rule.target.courses : [])]);
}

export class ExportService {
  constructor(private readonly database: Database) {}

  /** The version of `agreement` its reader sees (the caller decided visibility), with its rules, as a file. */
  async agreement(agreement: Agreement, format: ExportFormat): Promise<ExportedFile> {
    const facts = await this.agreementFacts(agreement);
    const name = `agreement-${agreement.code}-v${agreement.version}`.replace(/[^\p{L}\p{N}._-]/gu, "_");
    return format === "JSON"
      ? { fileName: `${name}.json`, contentType: "application/json", content: `${JSON.stringify(agreementJson(facts), null, 2)}\n` }
      : { fileName: `${name}.csv`, contentType: "text/csv; charset=utf-8", content: agreementCsv(facts) };
  }

  private async agreementFacts(agreement: Agreement): Promise<AgreementExportFacts> {
    const agreementId = agreement.uuid;
    const [version] = await this.database.db
      .select({ canonicalTerms: agreementVersions.canonicalTerms })
      .from(agreementVersions)
      .where(and(eq(agreementVersions.agreementId, agreementId), eq(agreementVersions.version, agreement.version)));
    const document = JSON.parse(version.canonicalTerms) as TermsDocument;
    // Rules are stored in the document's order (position), so the n-th row is the n-th rule.
    const rules = await this.database.db
      .select({ id: equivalenceRules.id })
      .from(equivalenceRules)
      .where(and(eq(equivalenceRules.agreementId, agreementId), eq(equivalenceRules.version, agreement.version)))
      .orderBy(asc(equivalenceRules.position));
    const refs = courseRefsOf(document);
    const courseIds = [...new Set(refs.map((ref) => uuidOf(ref.id)))];
    const courseRows = courseIds.length === 0 ? [] : await this.database.db.select({ id: courses.id, code: courses.code, organizationId: courses.organizationId }).from(courses).where(inArray(courses.id, courseIds));
    const cited = refs.length === 0 ? [] : await this.database.db
      .select()
      .from(courseVersions)
      .where(sql`(${courseVersions.courseId}, ${courseVersions.version}) in (${sql.join(refs.map((ref) => sql`(${uuidOf(ref.id)}::uuid, ${ref.version}::int)`), sql`, `)})`);
    const organizationIds = [...new Set([...document.parties.map((party) => uuidOf(party.organizationId)), ...courseRows.map((row) => row.organizationId)])];
    const organizationRows = await this.database.db.select().from(organizations).where(inArray(organizations.id, organizationIds));
    return {
      agreement: { id: agreement.id, code: agreement.code, title: agreement.title, direction: agreement.direction, status: agreement.status, version: agreement.version, termsHash: agreement.termsHash },
      document,
      ruleIds: rules.map((rule) => toGlobalId("EquivalenceRule", rule.id)),
      courses: new Map(
        courseRows.map((row) => [
          toGlobalId("Course", row.id),
          { code: row.code, organizationId: row.organizationId, versions: new Map(cited.filter((each) => each.courseId === row.id).map((each) => [each.version, each.snapshot as CourseContent])) },
        ]),
      ),
      organizations: new Map(organizationRows.map((row) => [toGlobalId("Organization", row.id), row])),
    };
  }
}
