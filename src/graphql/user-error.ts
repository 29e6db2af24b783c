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
