import { Field, ObjectType, registerEnumType } from "type-graphql";

/**
 * Every business failure code Ronghe returns as data, in one enum so that
 * frontends can switch on it and the README can list it whole.
 */
export enum UserErrorCode {
  // Shared
  INVALID_ID = "INVALID_ID",
  NOT_FOUND = "NOT_FOUND",
  INVALID_VALUE = "INVALID_VALUE",
  TOO_LONG = "TOO_LONG",
  REQUIRED = "REQUIRED",
  INVALID_DATE_RANGE = "INVALID_DATE_RANGE",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
  INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY",
  // Organizations
  CODE_TAKEN = "CODE_TAKEN",
  INVALID_CODE = "INVALID_CODE",
  INVALID_URL = "INVALID_URL",
  // Catalog (courses and packages; also COURSE_NOT_PUBLISHED, COURSE_RETIRED, DUPLICATE_COURSE, TOO_MANY_ITEMS below)
  INVALID_HOURS = "INVALID_HOURS",
  INVALID_CREDITS = "INVALID_CREDITS",
  ALREADY_PUBLISHED = "ALREADY_PUBLISHED",
  ALREADY_RETIRED = "ALREADY_RETIRED",
  NOT_PUBLISHED = "NOT_PUBLISHED",
  NOT_DRAFT = "NOT_DRAFT",
  NOT_LATEST_VERSION = "NOT_LATEST_VERSION",
  NOT_A_TRAINING_PROVIDER = "NOT_A_TRAINING_PROVIDER",
  EMPTY_PACKAGE = "EMPTY_PACKAGE",
  COURSE_OF_ANOTHER_ORGANIZATION = "COURSE_OF_ANOTHER_ORGANIZATION",
  PRACTICE_RATIO_TOO_LOW = "PRACTICE_RATIO_TOO_LOW",
  // Agreements
  TOO_FEW_PARTIES = "TOO_FEW_PARTIES",
  TOO_MANY_ITEMS = "TOO_MANY_ITEMS",
  DUPLICATE_PARTY = "DUPLICATE_PARTY",
  UNKNOWN_ORGANIZATION = "UNKNOWN_ORGANIZATION",
  INVALID_PARTY_ROLE = "INVALID_PARTY_ROLE",
  ORGANIZATION_NOT_A_PARTY = "ORGANIZATION_NOT_A_PARTY",
  UNKNOWN_COURSE = "UNKNOWN_COURSE",
  COURSE_NOT_OF_PARTY = "COURSE_NOT_OF_PARTY",
  COURSE_NOT_PUBLISHED = "COURSE_NOT_PUBLISHED",
  COURSE_RETIRED = "COURSE_RETIRED",
  WRONG_SIDE_FOR_DIRECTION = "WRONG_SIDE_FOR_DIRECTION",
  EMPTY_GROUP = "EMPTY_GROUP",
  DUPLICATE_COURSE = "DUPLICATE_COURSE",
  INVALID_NUMBER = "INVALID_NUMBER",
  TERMS_UNCHANGED = "TERMS_UNCHANGED",
  TERMS_HASH_MISMATCH = "TERMS_HASH_MISMATCH",
  ALREADY_APPROVED = "ALREADY_APPROVED",
  AGREEMENT_TERMINATED = "AGREEMENT_TERMINATED",
  INVALID_TRANSITION = "INVALID_TRANSITION",
  NOT_SUSPENDING_PARTY = "NOT_SUSPENDING_PARTY",
  // Learners, grade scales and achievements
  NATIONAL_ID_NOT_ALLOWED = "NATIONAL_ID_NOT_ALLOWED",
  EXTERNAL_REF_TAKEN = "EXTERNAL_REF_TAKEN",
  LEARNER_LINK_SAME_ORGANIZATION = "LEARNER_LINK_SAME_ORGANIZATION",
  CONSENT_ALREADY_GRANTED = "CONSENT_ALREADY_GRANTED",
  CONSENT_NOT_GRANTED = "CONSENT_NOT_GRANTED",
  LEARNER_OF_ANOTHER_ORGANIZATION = "LEARNER_OF_ANOTHER_ORGANIZATION",
  FUTURE_DATE = "FUTURE_DATE",
  OUTSIDE_COURSE_VALIDITY = "OUTSIDE_COURSE_VALIDITY",
  GRADE_INVALID = "GRADE_INVALID",
  GRADE_NOT_PASSING = "GRADE_NOT_PASSING",
  ACHIEVEMENT_ALREADY_RECORDED = "ACHIEVEMENT_ALREADY_RECORDED",
  // Credit transfers and appeals (business outcomes such as CAP_REACHED are decision reasons, not these)
  CONSENT_REQUIRED = "CONSENT_REQUIRED",
  ACHIEVEMENT_OF_ANOTHER_LEARNER = "ACHIEVEMENT_OF_ANOTHER_LEARNER",
  DUPLICATE_ACHIEVEMENT = "DUPLICATE_ACHIEVEMENT",
  ALREADY_TRANSFERRED = "ALREADY_TRANSFERRED",
  NOT_REVERSIBLE = "NOT_REVERSIBLE",
  ALREADY_REVERSED = "ALREADY_REVERSED",
  APPEAL_PENDING = "APPEAL_PENDING",
  ALREADY_APPEALED = "ALREADY_APPEALED",
  ALREADY_DECIDED = "ALREADY_DECIDED",
  NOT_GRANTABLE = "NOT_GRANTABLE",
  // Signing keys, credit statements, bulk import (import reports use these and the codes above per row)
  KEY_ROTATION_UNAVAILABLE = "KEY_ROTATION_UNAVAILABLE",
  IMPORT_REJECTED = "IMPORT_REJECTED",
  UNDECODABLE_FILE = "UNDECODABLE_FILE",
  MALFORMED_CSV = "MALFORMED_CSV",
  EMPTY_FILE = "EMPTY_FILE",
  UNKNOWN_COLUMN = "UNKNOWN_COLUMN",
  DUPLICATE_COLUMN = "DUPLICATE_COLUMN",
  MISSING_COLUMN = "MISSING_COLUMN",
  DUPLICATE_ROW = "DUPLICATE_ROW",
}

registerEnumType(UserErrorCode, {
  name: "UserErrorCode",
  description: "Why a mutation refused its input. Nothing is written when any is returned.",
});

@ObjectType({ description: "A business failure, returned as data. `field` is the input path it concerns." })
export class UserError {
  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field(() => [String], { nullable: true, description: "Path of the input field, e.g. [\"input\", \"code\"]." })
  field!: string[] | null;

  @Field()
  message!: string;
}

/** A refused use case: services throw it, `runMutation` turns it into `userErrors`. */
export class DomainError extends Error {
  constructor(
    readonly code: UserErrorCode,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }

  toUserError(): UserError {
    return { code: this.code, field: this.field === null ? null : ["input", ...this.field.split(".")], message: this.message };
  }
}

/** Several refusals found at once (validation reports every bad field, not only the first). */
export class DomainErrors extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((error) => error.message).join("; "));
    this.name = "DomainErrors";
  }
}

/** Collects validation problems and throws them together. */
export class Problems {
  private readonly found: DomainError[] = [];

  add(code: UserErrorCode, field: string, message: string): void {
    this.found.push(new DomainError(code, field, message));
  }

  get isEmpty(): boolean {
    return this.found.length === 0;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new DomainErrors(this.found);
  }
}
