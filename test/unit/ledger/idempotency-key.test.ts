import { describe, expect, it } from "vitest";
import { isValidIdempotencyKey } from "../../../src/modules/ledger/idempotency.js";

describe("idempotency keys", () => {
  it("accepts 1 to 128 printable characters in any script", () => {
    for (const key of ["k", "order-2025-06-30#1", "幂等键", "x".repeat(128), "a b", "🎓"]) expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it("refuses empty and overlong keys and characters that would not come back from the database as sent", () => {
    // NUL (PostgreSQL text cannot hold it), other controls, a lone surrogate (stored as U+FFFD), a BOM (PGlite drops it when reading).
    for (const key of ["", "x".repeat(129), "\u0000", "a\u0000b", "tab\there", "line\nbreak", "\u001b[31m", "\u007f", "\ud800", "a\udc00", "\ufeffBOM", "\u202eevil"]) {
      expect(isValidIdempotencyKey(key)).toBe(false);
    }
  });
});
