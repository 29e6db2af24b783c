import { Problems, UserErrorCode } from "./user-error.js";

/** Control characters other than tab and newline never belong in names or titles. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half of a UTF-16 pair alone is no character: PostgreSQL's jsonb (the journal) refuses it and text stores U+FFFD. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * Checks a text field: trimmed, non-empty when required, bounded, printable.
 * Returns the trimmed value (or null for an absent optional one).
 */
export function checkText(problems: Problems, field: string, value: string | null | undefined, options: { required: boolean; max: number }): string | null {
  if (value === null || value === undefined || value.trim() === "") {
    if (options.required) problems.add(UserErrorCode.REQUIRED, field, `${field} is required`);
    return null;
  }
  const trimmed = value.trim();
  if ([...trimmed].length > options.max) {
    problems.add(UserErrorCode.TOO_LONG, field, `${field} must be at most ${options.max} characters`);
  } else if (CONTROL_CHARACTERS.test(trimmed) || UNPAIRED_SURROGATE.test(trimmed)) {
    problems.add(UserErrorCode.INVALID_VALUE, field, `${field} contains control characters or unpaired surrogates`);
  }
  return trimmed;
}

export function checkUrl(problems: Problems, field: string, value: string | null | undefined): string | null {
  const text = checkText(problems, field, value, { required: false, max: 500 });
  if (text === null) return null;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return text;
  } catch {
    // reported below
  }
  problems.add(UserErrorCode.INVALID_URL, field, `${field} must be an http(s) URL`);
  return text;
}
