// A learner's record at one organization as CSV, one row per entry of the
// credit statement: completions the organization recorded, then credits it
// recognised, each with its provenance and journal entry. Pure.
import { toGlobalId } from "../../graphql/global-id.js";
import type { TranscriptFacts } from "../statement/transcript-facts.js";
import { formatCsv } from "./csv.js";

export const TRANSCRIPT_COLUMNS = [
  "entry", "code", "title", "titleEn", "credits", "lectureHours", "practiceHours", "result", "date",
  "sourceOrganization", "sourceCourses", "agreement", "agreementVersion", "termsHash", "ledgerEntryId",
] as const;

type TranscriptRow = Record<(typeof TRANSCRIPT_COLUMNS)[number], string | null>;

function completionRows(facts: TranscriptFacts): TranscriptRow[] {
  return facts.completions.map(({ achievement, course }) => ({
    entry: "COMPLETION",
    code: course.code,
    title: course.title,
    titleEn: course.titleEn,
    credits: achievement.credits,
    lectureHours: achievement.lectureHours,
    practiceHours: achievement.practiceHours,
    result: achievement.grade,
    date: achievement.completedOn,
    sourceOrganization: null,
    sourceCourses: null,
    agreement: null,
    agreementVersion: null,
    termsHash: null,
    ledgerEntryId: toGlobalId("LedgerEntry", achievement.ledgerEntryId),
  }));
}

function recognitionRows(facts: TranscriptFacts): TranscriptRow[] {
  return facts.recognitions.map(({ transfer, rule, targetCourses, agreement, sources }) => ({
    entry: "RECOGNITION",
    code: targetCourses.map((course) => course.code).join("+") || null,
    title: targetCourses.map((course) => course.title).join(" + ") || rule?.electiveCategory || null,
    titleEn: targetCourses.map((course) => course.titleEn ?? "").filter((title) => title !== "").join(" + ") || null,
    credits: transfer.credits,
    lectureHours: transfer.lectureHours,
    practiceHours: transfer.practiceHours,
    result: transfer.outcome,
    date: transfer.decidedOn,
    sourceOrganization: [...new Set(sources.map((source) => source.organization.name))].join("; ") || null,
    sourceCourses: sources.map((source) => source.course.code).join("+") || null,
    agreement: agreement?.code ?? null,
    agreementVersion: transfer.agreementVersion === null ? null : String(transfer.agreementVersion),
    termsHash: transfer.termsHash,
    ledgerEntryId: toGlobalId("LedgerEntry", transfer.ledgerEntryId),
  }));
}

export function transcriptCsv(facts: TranscriptFacts): string {
  const rows = [...completionRows(facts), ...recognitionRows(facts)];
  return formatCsv([[...TRANSCRIPT_COLUMNS], ...rows.map((row) => TRANSCRIPT_COLUMNS.map((name) => row[name]))]);
}
