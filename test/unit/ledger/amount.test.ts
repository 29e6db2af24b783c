import { describe, it, expect } from "vitest";
import {
  AmountFormatError,
  divideToAmount,
  formatAmount,
  parseAmount,
  type AmountFormatReason,
} from "../../../src/modules/ledger/amount.js";

function reasonFor(text: string): AmountFormatReason | undefined {
  try {
    parseAmount(text);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AmountFormatError);
    return (error as AmountFormatError).reason;
  }
}

describe("parseAmount", () => {
  it.each([
    ["1.5", 150n],
    ["-2", -200n],
    ["0.05", 5n],
    ["0", 0n],
    ["-0", 0n],
    ["-0.00", 0n],
    ["12.34", 1234n],
    ["007.1", 710n],
    ["999999999999.99", 99999999999999n],
    ["-999999999999.99", -99999999999999n],
  ])("parses %j into %s hundredths", (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it.each(["NaN", "Infinity", "-Infinity", "1e3", "", " 1", "1 ", "+1", "1.", ".5", "-", "1,5", "0x10", "1.-5", "١"])(
    "rejects %j as FORMAT",
    (text) => {
      expect(reasonFor(text)).toBe("FORMAT");
    },
  );

  it.each(["1.234", "-0.001", "5.000"])("rejects %j as PRECISION", (text) => {
    expect(reasonFor(text)).toBe("PRECISION");
  });

  it.each(["1000000000000", "-1234567890123.5", "1234567890123.456"])("rejects %j as RANGE", (text) => {
    expect(reasonFor(text)).toBe("RANGE");
  });

  it("rejects values that are not strings at runtime as FORMAT", () => {
    expect(() => parseAmount(1.5 as unknown as string)).toThrow(AmountFormatError);
  });

  it("names the input and the reason in the error message", () => {
    expect(() => parseAmount("1.234")).toThrow(/"1\.234".*2 fraction digits/);
  });
});

describe("formatAmount", () => {
  it.each([
    [150n, "1.50"],
    [-5n, "-0.05"],
    [0n, "0.00"],
    [-200n, "-2.00"],
    [1n, "0.01"],
    [99999999999999n, "999999999999.99"],
  ])("formats %s hundredths as %j", (hundredths, expected) => {
    expect(formatAmount(hundredths)).toBe(expected);
  });

  it("round-trips with parseAmount for canonical strings", () => {
    for (const text of ["0.00", "1.50", "-0.05", "123.45", "-999999999999.99"]) {
      expect(formatAmount(parseAmount(text))).toBe(text);
    }
  });
});

describe("divideToAmount", () => {
  it("divides hours by hours-per-credit into credits", () => {
    expect(divideToAmount(parseAmount("45"), parseAmount("30"))).toBe(150n);
    expect(divideToAmount(parseAmount("1.5"), parseAmount("30"))).toBe(5n);
  });

  it("rounds to the nearest hundredth", () => {
    expect(divideToAmount(100n, 300n)).toBe(33n); // 0.3333…
    expect(divideToAmount(200n, 300n)).toBe(67n); // 0.6666…
  });

  it("rounds exact halves towards positive infinity", () => {
    expect(divideToAmount(15n, 3000n)).toBe(1n); // 0.005 → 0.01
    expect(divideToAmount(-15n, 3000n)).toBe(0n); // -0.005 → 0.00
    expect(divideToAmount(-45n, 3000n)).toBe(-1n); // -0.015 → -0.01
    expect(divideToAmount(45n, 3000n)).toBe(2n); // 0.015 → 0.02
  });

  it("treats a negative denominator like a negated numerator", () => {
    expect(divideToAmount(15n, -3000n)).toBe(divideToAmount(-15n, 3000n));
    expect(divideToAmount(-4500n, -3000n)).toBe(150n);
  });

  it("throws a RangeError when dividing by zero", () => {
    expect(() => divideToAmount(100n, 0n)).toThrow(RangeError);
  });
});
