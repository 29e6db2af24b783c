import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import type { Conjunction } from "../transfer/rule-evaluation.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { agreementStatus, type AgreementStatus } from "./agreement-lifecycle.js";
import type {
  AgreementDirection,
  AgreementRow,
  AgreementTermsRecord,
  AgreementVersionRow,
  AgreementVersionStatus,
  EquivalenceRuleRow,
  PartyRole,
  RuleCreditsKind,
  RuleTargetKind,
} from "./agreement.table.js";

export const AgreementDirectionEnum = { ONE_WAY: "ONE_WAY", MUTUAL: "MUTUAL" } as const;
registerEnumType(AgreementDirectionEnum, {
  name: "AgreementDirection",
  valuesConfig: {
    ONE_WAY: { description: "Receiving parties recognise sending parties' courses, never the reverse." },
    MUTUAL: { description: "Every party recognises the others' courses, each rule in the direction it states." },
  },
});

export const AgreementStatusEnum = { PROPOSED: "PROPOSED", ACTIVE: "ACTIVE", SUSPENDED: "SUSPENDED", EXPIRED: "EXPIRED", TERMINATED: "TERMINATED" } as const;
registerEnumType(AgreementStatusEnum, {
  name: "AgreementStatus",
  valuesConfig: {
    PROPOSED: { description: "No version has been approved by every party yet." },
    ACTIVE: { description: "A version is approved by every party (it applies from its validFrom: see `inForce`)." },
    SUSPENDED: { description: "Approved, but a party paused recognition under it." },
    EXPIRED: { description: "The in-force version's validTo has passed (derived from the date, never stored)." },
    TERMINATED: { description: "Ended by a party; applies to nothing dated on or after `termination.effectiveOn`." },
  },
});

export const AgreementVersionStatusEnum = { PROPOSED: "PROPOSED", ACTIVE: "ACTIVE", SUPERSEDED: "SUPERSEDED", WITHDRAWN: "WITHDRAWN" } as const;
registerEnumType(AgreementVersionStatusEnum, {
  name: "AgreementVersionStatus",
  valuesConfig: {
    PROPOSED: { description: "Waiting for the approval of every party." },
    ACTIVE: { description: "Approved by every party: the version in force." },
    SUPERSEDED: { description: "Was in force until a newer version was approved." },
    WITHDRAWN: { description: "Replaced by a newer amendment, or closed by termination, before every party approved it." },
  },
});

export const AgreementPartyRoleEnum = { SENDING: "SENDING", RECEIVING: "RECEIVING", BOTH: "BOTH" } as const;
registerEnumType(AgreementPartyRoleEnum, { name: "AgreementPartyRole", description: "Whose courses are recognised (SENDING) and who recognises them (RECEIVING)." });

export const RuleConjunctionEnum = { AND: "AND", OR: "OR" } as const;
registerEnumType(RuleConjunctionEnum, { name: "RuleConjunction", description: "AND: all are needed; OR: any one suffices." });

export const RuleTargetKindEnum = { COURSES: "COURSES", ELECTIVE_BLOCK: "ELECTIVE_BLOCK", NO_RECOGNITION: "NO_RECOGNITION" } as const;
registerEnumType(RuleTargetKindEnum, {
  name: "RuleTargetKind",
  valuesConfig: {
    COURSES: { description: "One or more courses of the target organization." },
    ELECTIVE_BLOCK: { description: "Credits in an elective category of the target organization." },
    NO_RECOGNITION: { description: "Explicitly not recognised, with a reason." },
  },
});

export const RuleCreditsKindEnum = { FIXED: "FIXED", FROM_HOURS: "FROM_HOURS" } as const;
registerEnumType(RuleCreditsKindEnum, {
  name: "RuleCreditsKind",
  valuesConfig: {
    FIXED: { description: "A fixed number of credits." },
    FROM_HOURS: { description: "The source courses' lecture and practice hours divided by the agreement's hours per credit." },
  },
});

@ObjectType({ description: "Conditions that apply to every rule unless the rule overrides them." })
export class AgreementTerms {
  @Field(() => DecimalScalar)
  lectureHoursPerCredit!: string;

  @Field(() => DecimalScalar)
  practiceHoursPerCredit!: string;

  @Field(() => Int, { nullable: true, description: "Minimum normalised grade (0–100)." })
  minGrade!: number | null;

  @Field(() => Int, { nullable: true, description: "Achievements must be completed within this many years." })
  recencyYears!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Most credits one learner may be granted; null = no cap." })
  maxCreditsPerLearner!: string | null;

  @Field()
  allowTransitive!: boolean;
}

@ObjectType({ description: "An organization's side in an agreement and its approval of one version." })
export class AgreementParty {
  /** Database UUID of the organization; `organization` resolves it. */
  organizationUuid!: string;

  @Field(() => AgreementPartyRoleEnum)
  role!: PartyRole;

  @Field(() => Date, { nullable: true })
  approvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Token subject of the person who approved." })
  approvedBy!: string | null;

  @Field(() => String, { nullable: true, description: "The terms hash the party approved." })
  approvedHash!: string | null;
}

/** Fields every version has; `Agreement` repeats them for the version the caller sees. */
@ObjectType({ description: "One version of an agreement's terms: what the parties approve by hash." })
export class AgreementVersion {
  agreementUuid!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => AgreementVersionStatusEnum)
  status!: AgreementVersionStatus;

  @Field({ description: "SHA-256 (hex) of `canonicalTerms`: what each party approves." })
  termsHash!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validTo!: string | null;

  @Field(() => AgreementTerms)
  terms!: AgreementTerms;

  @Field()
  proposedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the last party's approval made it the version in force." })
  activatedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When a newer version replaced it, or it was withdrawn." })
  supersededAt!: Date | null;
}

@ObjectType({ description: "Why and since when recognition is paused." })
export class AgreementSuspension {
  organizationUuid!: string;

  @Field()
  suspendedAt!: Date;

  @Field()
  reason!: string;
}

@ObjectType({ description: "How the agreement ended." })
export class AgreementTermination {
  organizationUuid!: string;

  @Field()
  terminatedAt!: Date;

  @Field()
  reason!: string;

  @Field(() => DateScalar, { description: "First day on which the agreement applies to nothing." })
  effectiveOn!: string;
}

@ObjectType({
  implements: Node,
  description:
    "A recognition agreement (学分互认协议) between two or more organizations. `version`, `termsHash`, validity, `terms`, `parties` and `rules` " +
    "describe the latest version the caller may see: parties see a pending proposal, everyone else the version in force.",
})
export class Agreement implements Node {
  @Field(() => ID)
  id!: string;

  uuid!: string;
  row!: AgreementRow;
  /** The version the top-level fields describe. */
  shown!: AgreementVersion;
  /** The latest fully approved version, or null. */
  inForce!: AgreementVersion | null;
  /** Whether the caller may see pending versions (a party, or an admin). */
  seesPending!: boolean;
  /** The versions the caller may see, oldest first. */
  visibleVersions!: AgreementVersion[];

  @Field()
  code!: string;

  @Field()
  title!: string;

  @Field(() => AgreementDirectionEnum)
  direction!: AgreementDirection;

  @Field(() => AgreementStatusEnum, { description: "As of today in China (UTC+8); EXPIRED is derived from the in-force version's validTo." })
  status!: AgreementStatus;

  @Field(() => Int)
  version!: number;

  @Field()
  termsHash!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validTo!: string | null;

  @Field(() => AgreementTerms)
  terms!: AgreementTerms;

  @Field(() => AgreementSuspension, { nullable: true })
  suspension!: AgreementSuspension | null;

  @Field(() => AgreementTermination, { nullable: true })
  termination!: AgreementTermination | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "A course as a rule cites it: the course and the published version the parties approved." })
export class CitedCourse {
  courseUuid!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType({ description: "Course groups, combined by `groupConjunction`." })
export class RuleSourceGroup {
  @Field(() => RuleConjunctionEnum)
  conjunction!: Conjunction;

  @Field(() => [CitedCourse])
  courses!: CitedCourse[];
}

@ObjectType()
export class RuleSourceType {
  @Field(() => [RuleSourceGroup])
  groups!: RuleSourceGroup[];

  @Field(() => RuleConjunctionEnum)
  groupConjunction!: Conjunction;
}

@ObjectType("RuleTarget", { description: "What the source earns at the receiving organization; only the fields of `kind` are set." })
export class RuleTargetType {
  organizationUuid!: string;

  @Field(() => RuleTargetKindEnum)
  kind!: RuleTargetKind;

  @Field(() => [CitedCourse], { description: "COURSES: the courses recognised (1:1 or 1:many)." })
  courses!: CitedCourse[];

  @Field(() => DecimalScalar, { nullable: true, description: "ELECTIVE_BLOCK: size of the block." })
  electiveCredits!: string | null;

  @Field(() => String, { nullable: true, description: "ELECTIVE_BLOCK: the elective category." })
  electiveCategory!: string | null;

  @Field(() => String, { nullable: true, description: "NO_RECOGNITION: why." })
  reason!: string | null;
}

@ObjectType("RuleCredits")
export class RuleCreditsType {
  @Field(() => RuleCreditsKindEnum)
  kind!: RuleCreditsKind;

  @Field(() => DecimalScalar, { nullable: true, description: "FIXED: the credits granted." })
  credits!: string | null;
}

@ObjectType({ implements: Node, description: "Which source courses earn which target, for how many credits, under which conditions." })
export class EquivalenceRule implements Node {
  @Field(() => ID)
  id!: string;

  uuid!: string;
  agreementUuid!: string;

  @Field(() => Int, { description: "The agreement version this rule belongs to." })
  version!: number;

  @Field(() => Int, { description: "Place in the version's canonical rule order." })
  position!: number;

  @Field(() => RuleSourceType)
  source!: RuleSourceType;

  @Field(() => RuleTargetType)
  target!: RuleTargetType;

  @Field(() => RuleCreditsType, { nullable: true, description: "Null for NO_RECOGNITION." })
  credits!: RuleCreditsType | null;

  @Field(() => Int, { nullable: true, description: "Overrides the agreement's minimum grade." })
  minGrade!: number | null;

  @Field(() => Int, { nullable: true, description: "Overrides the agreement's recency." })
  recencyYears!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/** A version row without its canonical text, which is large and read only on request. */
export type AgreementVersionSummary = Omit<AgreementVersionRow, "canonicalTerms">;

/** An agreement row with all its versions, oldest first: what `presentAgreement` needs. */
export interface AgreementRecord {
  row: AgreementRow;
  versions: AgreementVersionSummary[];
}

export function toTerms(record: AgreementTermsRecord): AgreementTerms {
  const { lectureHoursPerCredit, practiceHoursPerCredit, minGrade, recencyYears, maxCreditsPerLearner, allowTransitive } = record;
  return { lectureHoursPerCredit, practiceHoursPerCredit, minGrade, recencyYears, maxCreditsPerLearner, allowTransitive };
}

export function toAgreementVersion(row: AgreementVersionSummary): AgreementVersion {
  return Object.assign(new AgreementVersion(), {
    agreementUuid: row.agreementId,
    version: row.version,
    status: row.status,
    termsHash: row.termsHash,
    validFrom: row.terms.validFrom,
    validTo: row.terms.validTo,
    terms: toTerms(row.terms),
    proposedAt: row.proposedAt,
    activatedAt: row.activatedAt,
    supersededAt: row.supersededAt,
  });
}

/** Versions that were never approved by every party are the parties' business only. */
export function isVersionVisible(status: AgreementVersionStatus, seesPending: boolean): boolean {
  return seesPending || status === "ACTIVE" || status === "SUPERSEDED";
}

function suspensionOf(row: AgreementRow): AgreementSuspension | null {
  if (row.state !== "SUSPENDED" || row.suspendedAt === null) return null;
  return { organizationUuid: row.suspendedByOrganizationId!, suspendedAt: row.suspendedAt, reason: row.suspensionReason ?? "" };
}

function terminationOf(row: AgreementRow): AgreementTermination | null {
  if (row.state !== "TERMINATED" || row.terminatedAt === null) return null;
  return { organizationUuid: row.terminatedByOrganizationId!, terminatedAt: row.terminatedAt, reason: row.terminationReason ?? "", effectiveOn: row.terminationEffectiveOn! };
}

/**
 * The agreement as one caller sees it on `today`, or null when it may not see
 * it at all: agreements never approved by every party are visible to their
 * parties (and admins) only.
 */
export function presentAgreement(record: AgreementRecord, seesPending: boolean, today: string): Agreement | null {
  const { row } = record;
  const byNumber = (version: number | null) => record.versions.find((each) => each.version === version);
  const inForceRow = byNumber(row.inForceVersion);
  const shownRow = seesPending ? byNumber(row.latestVersion) : inForceRow;
  if (!shownRow) return null;
  const versions = record.versions.map(toAgreementVersion);
  const shown = versions.find((each) => each.version === shownRow.version)!;
  const inForce = versions.find((each) => each.version === inForceRow?.version) ?? null;
  return Object.assign(new Agreement(), {
    id: toGlobalId("Agreement", row.id),
    uuid: row.id,
    row,
    shown,
    inForce,
    seesPending,
    visibleVersions: versions.filter((each) => isVersionVisible(each.status, seesPending)),
    code: row.code,
    title: row.title,
    direction: row.direction,
    status: agreementStatus({ state: row.state, inForce, terminationEffectiveOn: row.terminationEffectiveOn }, today),
    version: shown.version,
    termsHash: shown.termsHash,
    validFrom: shown.validFrom,
    validTo: shown.validTo,
    terms: shown.terms,
    suspension: suspensionOf(row),
    termination: terminationOf(row),
    createdAt: row.createdAt,
  });
}

function citedCourses(courseIds: string[], versions: Record<string, number>): CitedCourse[] {
  return courseIds.map((courseUuid) => Object.assign(new CitedCourse(), { courseUuid, version: versions[courseUuid] }));
}

export function toEquivalenceRule(row: EquivalenceRuleRow): EquivalenceRule {
  return Object.assign(new EquivalenceRule(), {
    id: toGlobalId("EquivalenceRule", row.id),
    uuid: row.id,
    agreementUuid: row.agreementId,
    version: row.version,
    position: row.position,
    source: {
      groupConjunction: row.source.groupConjunction,
      groups: row.source.groups.map((group) => ({ conjunction: group.conjunction, courses: citedCourses(group.courseIds, row.courseVersions) })),
    },
    target: {
      organizationUuid: row.targetOrganizationId,
      kind: row.targetKind,
      courses: citedCourses(row.targetCourseIds, row.courseVersions),
      electiveCredits: row.electiveCredits,
      electiveCategory: row.electiveCategory,
      reason: row.noRecognitionReason,
    },
    credits: row.creditsKind === null ? null : { kind: row.creditsKind, credits: row.fixedCredits },
    minGrade: row.minGrade,
    recencyYears: row.recencyYears,
    note: row.note,
  });
}
