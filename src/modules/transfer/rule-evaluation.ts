// Pure domain logic deciding whether, and for how many credits, a learner's
// completed achievements are recognised under one rule of a transfer agreement.
// Decimal amounts travel as strings and are computed with BigInt so that credit
// totals never pick up binary floating-point error on their way to the ledger.

export type Conjunction = "AND" | "OR";

export interface SourceGroup {
  conjunction: Conjunction;
  courseIds: string[];
}

export interface RuleSource {
  groups: SourceGroup[];
  groupConjunction: Conjunction;
}

/** Decimal strings, > 0. */
export interface HoursPerCredit {
  lectureHoursPerCredit: string;
  practiceHoursPerCredit: string;
}

export type RuleCredits = { kind: "FIXED"; credits: string } | { kind: "FROM_HOURS" };

/** Hours are decimal strings. */
export interface SourceCourse {
  courseId: string;
  lectureHours: string;
  practiceHours: string;
}

export interface CompletedAchievement {
  achievementId: string;
  courseId: string;
  normalizedGrade: number;
  /** YYYY-MM-DD */
  completedOn: string;
  lectureHours: string;
  practiceHours: string;
  alreadyTransferred: boolean;
}

export type ReasonCode =
  | "NOT_RECOGNIZED"
  | "ALREADY_TRANSFERRED"
  | "NO_ACTIVE_AGREEMENT"
  | "INCOMPLETE_AND_GROUP"
  | "MIN_GRADE_NOT_MET"
  | "RECENCY_EXCEEDED"
  | "CAP_REACHED"
  | "WRONG_DIRECTION";

export interface Reason {
  code: ReasonCode;
  detail: string;
}

export interface SourceCoverage {
  complete: boolean;
  usedCourseIds: string[];
  missingCourseIds: string[];
}

export interface RuleTarget {
  kind: "COURSES" | "ELECTIVE_BLOCK" | "NO_RECOGNITION";
  reason?: string;
}

export interface EvaluatedRule {
  source: RuleSource;
  target: RuleTarget;
  credits: RuleCredits;
  minGrade: number | null;
  recencyYears: number | null;
}

export interface AgreementTerms extends HoursPerCredit {
  minGrade: number | null;
  recencyYears: number | null;
  /** Decimal string with at most 2 decimals; null means uncapped. */
  maxCreditsPerLearner: string | null;
}

export interface RuleEvaluationInput {
  rule: EvaluatedRule;
  terms: AgreementTerms;
  /** Whether a version of the agreement was in force on the given YYYY-MM-DD date. */
  agreementInForceOn: (date: string) => boolean;
  /** The learner's achievements offered for this transfer. */
  achievements: CompletedAchievement[];
  /** Credits already granted to this learner under this agreement; decimal string with at most 2 decimals. */
  creditsAlreadyGranted: string;
  /** Evaluation date, YYYY-MM-DD. */
  on: string;
}

export type RuleOutcome = "GRANTED" | "PARTIAL" | "DENIED";

export interface RuleEvaluation {
  outcome: RuleOutcome;
  /** Decimal string with exactly 2 decimals, "0.00" when denied. */
  credits: string;
  usedAchievementIds: string[];
  reasons: Reason[];
}

// ---------------------------------------------------------------------------
// Exact decimal arithmetic
// ---------------------------------------------------------------------------

/** An exact non-negative rational number. */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/** @throws RangeError when `text` is not a plain non-negative decimal such as "16" or "1.5". */
function parseDecimal(text: string): Fraction {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) throw new RangeError(`Not a non-negative decimal: "${text}"`);
  const fraction = match[2] ?? "";
  return { numerator: BigInt(match[1] + fraction), denominator: 10n ** BigInt(fraction.length) };
}

function addFractions(a: Fraction, b: Fraction): Fraction {
  return {
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  };
}

/** @throws RangeError when dividing by zero. */
function divideFractions(a: Fraction, b: Fraction): Fraction {
  if (b.numerator === 0n) throw new RangeError("Division by zero");
  return { numerator: a.numerator * b.denominator, denominator: a.denominator * b.numerator };
}

/** Rounds half-up to whole hundredths; valid because fractions here are never negative. */
function toHundredthsHalfUp(value: Fraction): bigint {
  return (value.numerator * 200n + value.denominator) / (2n * value.denominator);
}

/**
 * Parses a credit amount into hundredths. More than 2 significant decimals is
 * rejected rather than rounded, because credit amounts are stored with 2 decimals
 * and silently rounding a cap or a fixed award would change what was agreed.
 *
 * @throws RangeError when `text` is not a non-negative decimal with at most 2 significant decimals.
 */
function parseCredits(text: string): bigint {
  const value = parseDecimal(text);
  const scaled = value.numerator * 100n;
  if (scaled % value.denominator !== 0n) throw new RangeError(`Credits have more than 2 decimals: "${text}"`);
  return scaled / value.denominator;
}

/** Formats hundredths (may be negative) as a decimal string with 2 decimals. */
function formatHundredths(hundredths: bigint): string {
  const sign = hundredths < 0n ? "-" : "";
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}

function positiveRatio(text: string, name: string): Fraction {
  const value = parseDecimal(text);
  if (value.numerator === 0n) throw new RangeError(`${name} must be greater than 0, got "${text}"`);
  return value;
}

function sumHours(courses: SourceCourse[], pick: (course: SourceCourse) => string): Fraction {
  return courses.reduce<Fraction>((total, course) => addFractions(total, parseDecimal(pick(course))), {
    numerator: 0n,
    denominator: 1n,
  });
}

function creditsFromHoursInHundredths(courses: SourceCourse[], hpc: HoursPerCredit): bigint {
  const lecture = divideFractions(
    sumHours(courses, (course) => course.lectureHours),
    positiveRatio(hpc.lectureHoursPerCredit, "lectureHoursPerCredit"),
  );
  const practice = divideFractions(
    sumHours(courses, (course) => course.practiceHours),
    positiveRatio(hpc.practiceHoursPerCredit, "practiceHoursPerCredit"),
  );
  // Round once, after summing, so per-course rounding cannot accumulate.
  return toHundredthsHalfUp(addFractions(lecture, practice));
}

/**
 * Credits earned by hours: Σlecture / lectureHoursPerCredit + Σpractice / practiceHoursPerCredit,
 * computed exactly and rounded half-up to 2 decimals, e.g. 16 lecture hours at 16 h/credit
 * plus 32 practice hours at 32 h/credit gives "2.00"; 10 lecture hours at 3 h/credit gives "3.33".
 *
 * @throws RangeError when an hour value is not a non-negative decimal string, or a ratio is not greater than 0.
 */
export function creditsFromHours(courses: SourceCourse[], hpc: HoursPerCredit): string {
  return formatHundredths(creditsFromHoursInHundredths(courses, hpc));
}

// ---------------------------------------------------------------------------
// Source coverage
// ---------------------------------------------------------------------------

interface GroupCoverage {
  group: SourceGroup;
  complete: boolean;
  usedCourseIds: string[];
  missingCourseIds: string[];
  /** How many more courses would complete the group: one for an OR group, however many alternatives it lists. */
  stillNeeded: number;
}

function coverAndGroup(group: SourceGroup, completed: ReadonlySet<string>): GroupCoverage {
  const usedCourseIds = group.courseIds.filter((id) => completed.has(id));
  const missingCourseIds = group.courseIds.filter((id) => !completed.has(id));
  // An empty group is never complete so that a misconfigured rule cannot grant credit for nothing.
  const complete = group.courseIds.length > 0 && missingCourseIds.length === 0;
  return { group, complete, usedCourseIds, missingCourseIds, stillNeeded: complete ? 0 : Math.max(missingCourseIds.length, 1) };
}

function coverOrGroup(group: SourceGroup, completed: ReadonlySet<string>): GroupCoverage {
  const firstCovered = group.courseIds.find((id) => completed.has(id));
  if (firstCovered !== undefined) {
    return { group, complete: true, usedCourseIds: [firstCovered], missingCourseIds: [], stillNeeded: 0 };
  }
  return { group, complete: false, usedCourseIds: [], missingCourseIds: [...group.courseIds], stillNeeded: 1 };
}

function coverGroup(group: SourceGroup, completed: ReadonlySet<string>): GroupCoverage {
  return group.conjunction === "AND" ? coverAndGroup(group, completed) : coverOrGroup(group, completed);
}

/** The groups whose coverage decides the source: all of them for AND, the single best one for OR. */
function selectGroupCoverages(source: RuleSource, completed: ReadonlySet<string>): GroupCoverage[] {
  const coverages = source.groups.map((group) => coverGroup(group, completed));
  if (source.groupConjunction === "AND" || coverages.length === 0) return coverages;
  const firstComplete = coverages.find((coverage) => coverage.complete);
  if (firstComplete !== undefined) return [firstComplete];
  // Strict "<" keeps the first listed group on ties, which makes the choice deterministic.
  const closest = coverages.reduce((best, coverage) => (coverage.stillNeeded < best.stillNeeded ? coverage : best));
  return [closest];
}

function uniqueInOrder(ids: string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Determines which completed courses satisfy a rule's source requirement.
 *
 * - AND group: every listed course is needed; `missingCourseIds` are the uncovered ones.
 * - OR group: any one listed course suffices; the first listed covered course is used.
 *   When none is covered, `missingCourseIds` lists all alternatives, meaning "any one of" them.
 * - groupConjunction AND: every group must be complete; used and missing courses are
 *   collected from all groups.
 * - groupConjunction OR: the first complete group is used; if none is complete, the group
 *   needing the fewest additional courses is reported (an OR group needs one), ties going
 *   to the first listed.
 *
 * A source without groups, or a group without courses, is never complete, so a
 * misconfigured rule cannot grant credit without any achievement. `usedCourseIds`
 * lists covered courses even when the source is incomplete, to show progress.
 * Ids appear once, in the order the rule lists them.
 */
export function coverSource(source: RuleSource, completedCourseIds: ReadonlySet<string>): SourceCoverage {
  const coverages = selectGroupCoverages(source, completedCourseIds);
  return {
    complete: coverages.length > 0 && coverages.every((coverage) => coverage.complete),
    usedCourseIds: uniqueInOrder(coverages.flatMap((coverage) => coverage.usedCourseIds)),
    missingCourseIds: uniqueInOrder(coverages.flatMap((coverage) => coverage.missingCourseIds)),
  };
}

function describeMissingGroup(coverage: GroupCoverage): string {
  if (coverage.group.courseIds.length === 0) return "an empty course group";
  const ids = coverage.missingCourseIds.join(", ");
  return coverage.group.conjunction === "OR" ? `any one of ${ids}` : ids;
}

function describeMissing(source: RuleSource, completed: ReadonlySet<string>): string {
  const incomplete = selectGroupCoverages(source, completed).filter((coverage) => !coverage.complete);
  if (incomplete.length === 0) return "The rule names no source courses.";
  return `Source courses not covered: ${incomplete.map(describeMissingGroup).join("; ")}.`;
}

// ---------------------------------------------------------------------------
// Achievement eligibility
// ---------------------------------------------------------------------------

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The same month and day `years` years before `date`; Feb 29 becomes Feb 28 in a
 * non-leap year so the window never silently extends into March.
 *
 * @throws RangeError when `date` is not YYYY-MM-DD.
 */
function yearsBefore(date: string, years: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
  const year = Number(match[1]) - years;
  const day = match[2] === "02" && match[3] === "29" && !isLeapYear(year) ? "28" : match[3];
  return `${String(year).padStart(4, "0")}-${match[2]}-${day}`;
}

interface EligibilityPolicy {
  minGrade: number;
  recencyCutoff: string | null;
  recencyYears: number | null;
  on: string;
  agreementInForceOn: (date: string) => boolean;
}

function policyFor(input: RuleEvaluationInput): EligibilityPolicy {
  const recencyYears = input.rule.recencyYears ?? input.terms.recencyYears;
  return {
    minGrade: input.rule.minGrade ?? input.terms.minGrade ?? 0,
    recencyYears,
    recencyCutoff: recencyYears === null ? null : yearsBefore(input.on, recencyYears),
    on: input.on,
    agreementInForceOn: input.agreementInForceOn,
  };
}

function label(achievement: CompletedAchievement): string {
  return `Achievement ${achievement.achievementId} (course ${achievement.courseId})`;
}

/**
 * Why an achievement cannot be used, or null when it can. Codes in order of precedence:
 * ALREADY_TRANSFERRED, NO_ACTIVE_AGREEMENT (judged on the completion date),
 * MIN_GRADE_NOT_MET, RECENCY_EXCEEDED.
 */
function ineligibility(achievement: CompletedAchievement, policy: EligibilityPolicy): Reason | null {
  if (achievement.alreadyTransferred) {
    return { code: "ALREADY_TRANSFERRED", detail: `${label(achievement)} has already been used in a credit transfer.` };
  }
  if (!policy.agreementInForceOn(achievement.completedOn)) {
    return {
      code: "NO_ACTIVE_AGREEMENT",
      detail: `${label(achievement)} was completed on ${achievement.completedOn}, when no version of the agreement was in force.`,
    };
  }
  if (achievement.normalizedGrade < policy.minGrade) {
    return {
      code: "MIN_GRADE_NOT_MET",
      detail: `${label(achievement)} has grade ${achievement.normalizedGrade}, below the minimum of ${policy.minGrade}.`,
    };
  }
  if (policy.recencyCutoff !== null && achievement.completedOn < policy.recencyCutoff) {
    return {
      code: "RECENCY_EXCEEDED",
      detail: `${label(achievement)} was completed on ${achievement.completedOn}, more than ${policy.recencyYears} year(s) before ${policy.on}.`,
    };
  }
  return null;
}

/** Prefers the higher grade, then the later completion, then the smaller id so the choice never depends on input order. */
function isBetter(candidate: CompletedAchievement, current: CompletedAchievement): boolean {
  if (candidate.normalizedGrade !== current.normalizedGrade) return candidate.normalizedGrade > current.normalizedGrade;
  if (candidate.completedOn !== current.completedOn) return candidate.completedOn > current.completedOn;
  return candidate.achievementId < current.achievementId;
}

function bestPerCourse(achievements: CompletedAchievement[]): Map<string, CompletedAchievement> {
  const best = new Map<string, CompletedAchievement>();
  for (const achievement of achievements) {
    const current = best.get(achievement.courseId);
    if (current === undefined || isBetter(achievement, current)) best.set(achievement.courseId, achievement);
  }
  return best;
}

// ---------------------------------------------------------------------------
// Rule evaluation
// ---------------------------------------------------------------------------

function denied(reasons: Reason[]): RuleEvaluation {
  return { outcome: "DENIED", credits: "0.00", usedAchievementIds: [], reasons };
}

function sourceCourseIds(source: RuleSource): ReadonlySet<string> {
  return new Set(source.groups.flatMap((group) => group.courseIds));
}

function ruleCredits(credits: RuleCredits, used: SourceCourse[], hpc: HoursPerCredit): bigint {
  return credits.kind === "FIXED" ? parseCredits(credits.credits) : creditsFromHoursInHundredths(used, hpc);
}

/**
 * What a rule is worth for `courses` with no condition or cap applied: its
 * fixed credits, or {@link creditsFromHours} over the courses. An appeal that
 * is granted without naming an amount grants this.
 *
 * @throws RangeError as {@link creditsFromHours}, or for fixed credits with more than 2 decimals.
 */
export function nominalCredits(credits: RuleCredits, courses: SourceCourse[], hpc: HoursPerCredit): string {
  return formatHundredths(ruleCredits(credits, courses, hpc));
}

function applyCap(credits: bigint, usedAchievementIds: string[], input: RuleEvaluationInput): RuleEvaluation {
  const max = input.terms.maxCreditsPerLearner;
  if (max === null) return { outcome: "GRANTED", credits: formatHundredths(credits), usedAchievementIds, reasons: [] };
  const granted = parseCredits(input.creditsAlreadyGranted);
  const cap = parseCredits(max);
  const remaining = cap - granted;
  const standing = `the learner has already been granted ${formatHundredths(granted)} of the ${formatHundredths(cap)} credits allowed per learner under this agreement`;
  if (remaining <= 0n) {
    return denied([{ code: "CAP_REACHED", detail: `No credits can be granted: ${standing}.` }]);
  }
  if (credits > remaining) {
    return {
      outcome: "PARTIAL",
      credits: formatHundredths(remaining),
      usedAchievementIds,
      reasons: [
        {
          code: "CAP_REACHED",
          detail: `Only ${formatHundredths(remaining)} of ${formatHundredths(credits)} credits can be granted: ${standing}.`,
        },
      ],
    };
  }
  return { outcome: "GRANTED", credits: formatHundredths(credits), usedAchievementIds, reasons: [] };
}

/**
 * Decides a credit transfer for one agreement rule.
 *
 * Only achievements for courses named in the rule's source are considered. An
 * achievement is eligible unless it is ALREADY_TRANSFERRED, was completed when no
 * agreement version was in force (NO_ACTIVE_AGREEMENT), is below
 * `rule.minGrade ?? terms.minGrade ?? 0` (MIN_GRADE_NOT_MET), or was completed before
 * the same day `rule.recencyYears ?? terms.recencyYears` years before `on`
 * (RECENCY_EXCEEDED; no limit when both are null). Of several eligible achievements
 * for one course the best is used: highest grade, then latest completion.
 *
 * Result codes in order of precedence:
 * 1. NOT_RECOGNIZED — the rule's target is NO_RECOGNITION (detail is its reason); DENIED
 *    before any other check.
 * 2. INCOMPLETE_AND_GROUP — eligible achievements do not cover the source; DENIED. The
 *    detail names the missing courses, and it is followed by the reasons of every
 *    ineligible achievement for a course that no eligible achievement covers, each
 *    with the first applicable code of ALREADY_TRANSFERRED, NO_ACTIVE_AGREEMENT,
 *    MIN_GRADE_NOT_MET, RECENCY_EXCEEDED.
 * 3. CAP_REACHED — with remaining = maxCreditsPerLearner - creditsAlreadyGranted:
 *    DENIED when remaining <= 0, PARTIAL for `remaining` credits when the rule's credits
 *    (FIXED, or {@link creditsFromHours} over the used achievements) exceed it.
 * 4. GRANTED with no reasons.
 *
 * A DENIED result grants "0.00" credits and uses no achievements.
 *
 * @throws RangeError when a decimal string or date is malformed, a credit amount has
 * more than 2 decimals, or an hours-per-credit ratio is not greater than 0.
 */
export function evaluateRule(input: RuleEvaluationInput): RuleEvaluation {
  const { rule } = input;
  if (rule.target.kind === "NO_RECOGNITION") {
    return denied([{ code: "NOT_RECOGNIZED", detail: rule.target.reason ?? "The agreement does not recognise these courses." }]);
  }

  const policy = policyFor(input);
  const sourceCourses = sourceCourseIds(rule.source);
  const relevant = input.achievements.filter((achievement) => sourceCourses.has(achievement.courseId));
  const assessed = relevant.map((achievement) => ({ achievement, problem: ineligibility(achievement, policy) }));
  const best = bestPerCourse(assessed.filter((entry) => entry.problem === null).map((entry) => entry.achievement));
  const coveredCourseIds = new Set(best.keys());

  const coverage = coverSource(rule.source, coveredCourseIds);
  if (!coverage.complete) {
    const problems = assessed.flatMap((entry) =>
      entry.problem !== null && !coveredCourseIds.has(entry.achievement.courseId) ? [entry.problem] : [],
    );
    return denied([{ code: "INCOMPLETE_AND_GROUP", detail: describeMissing(rule.source, coveredCourseIds) }, ...problems]);
  }

  const used = coverage.usedCourseIds.map((courseId) => best.get(courseId) as CompletedAchievement);
  const credits = ruleCredits(rule.credits, used, input.terms);
  return applyCap(credits, used.map((achievement) => achievement.achievementId), input);
}

// ---------------------------------------------------------------------------
// Choosing the rule that decides a transfer
// ---------------------------------------------------------------------------

/** A rule that names the offered courses, with everything its evaluation needs. */
export interface TransferCandidate {
  ruleId: string;
  /** Where the rule grants credit: its target organization. */
  receivingOrganizationId: string;
  evaluation: RuleEvaluationInput;
}

export interface TransferDecision extends RuleEvaluation {
  /** The rule that decided; null when no rule applies. */
  ruleId: string | null;
}

const OUTCOME_RANK: Record<RuleOutcome, number> = { GRANTED: 0, PARTIAL: 1, DENIED: 2 };

/** More credits first, then GRANTED before PARTIAL before DENIED; equal ones keep their order. */
function compareEvaluations(a: RuleEvaluation, b: RuleEvaluation): number {
  const credits = parseCredits(b.credits) - parseCredits(a.credits);
  if (credits !== 0n) return credits > 0n ? 1 : -1;
  return OUTCOME_RANK[a.outcome] - OUTCOME_RANK[b.outcome];
}

/**
 * Decides a transfer to `targetOrganizationId` among `candidates`: the rules
 * (of agreements the target is party to) that name the offered courses on
 * either side, in a stable order. A single candidate is a rule the registrar
 * named.
 *
 * 1. No candidate: DENIED with NO_ACTIVE_AGREEMENT and no rule.
 * 2. No candidate grants credit at the target (the rule recognises the courses
 *    elsewhere, or a one-way rule would be used backwards): DENIED with
 *    WRONG_DIRECTION, naming the first candidate. Equivalence is never inferred
 *    in reverse.
 * 3. Otherwise each candidate receiving at the target is evaluated with
 *    {@link evaluateRule} and the one granting the most credits decides; ties go
 *    to GRANTED, then PARTIAL, then the first listed, so when every rule denies,
 *    the first listed rule's reasons explain the denial.
 *
 * @throws RangeError as {@link evaluateRule}.
 */
export function decideTransfer(targetOrganizationId: string, candidates: TransferCandidate[]): TransferDecision {
  if (candidates.length === 0) {
    return { ruleId: null, ...denied([{ code: "NO_ACTIVE_AGREEMENT", detail: "No agreement in force recognises these courses at the target organization." }]) };
  }
  const receiving = candidates.filter((candidate) => candidate.receivingOrganizationId === targetOrganizationId);
  if (receiving.length === 0) {
    const [first] = candidates;
    return {
      ruleId: first.ruleId,
      ...denied([
        {
          code: "WRONG_DIRECTION",
          detail: `Rule ${first.ruleId} recognises courses at organization ${first.receivingOrganizationId}, not at the target organization ${targetOrganizationId}.`,
        },
      ]),
    };
  }
  const evaluated = receiving.map((candidate) => ({ ruleId: candidate.ruleId, ...evaluateRule(candidate.evaluation) }));
  // Array.prototype.sort is stable, so equal evaluations keep the candidates' order.
  return [...evaluated].sort(compareEvaluations)[0];
}
