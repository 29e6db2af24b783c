import { createHash } from "node:crypto";
import { describe, it, expect } from "vitest";
import { canonicalJson, contentHash, sha256Hex } from "../../../src/modules/ledger/canonical-json.js";

describe("canonicalJson", () => {
  it("matches the RFC 8785 section 3.2.2 example", () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it("sorts keys by UTF-16 code units as in RFC 8785 section 3.2.3", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // "\ud83d\ude00" precedes "\ufb33" in UTF-16 order although U+1F600 > U+FB33.
    const order = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"] as const;
    const members = order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(input[key])}`);
    expect(canonicalJson(input)).toBe(`{${members.join(",")}}`);
  });

  it("sorts nested object keys and keeps array order", () => {
    expect(canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: { d: null, c: "x" } })).toBe(
      '{"a":{"c":"x","d":null},"b":[3,1,{"a":2,"z":1}]}',
    );
  });

  it("emits no whitespace", () => {
    expect(canonicalJson({ a: [1, { b: " spaced value " }] })).toBe('{"a":[1,{"b":" spaced value "}]}');
  });

  it("omits object members whose value is undefined", () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
  });

  it("serializes numbers the way JSON does, including negative zero as 0", () => {
    expect(canonicalJson([-0, 1.5, -2, 1e21, 5e-7, 100])).toBe("[0,1.5,-2,1e+21,5e-7,100]");
  });

  it("escapes strings exactly like JSON.stringify, including lone surrogates", () => {
    const value = 'quote " backslash \\ tab \t nul \u0000 lone \ud800 é';
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(canonicalJson(value)).toContain("\\ud800");
  });

  it("serializes top-level scalars", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(42)).toBe("42");
  });

  it("accepts objects created without a prototype", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it("rejects NaN and infinities with a RangeError", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(RangeError);
    expect(() => canonicalJson({ a: [Infinity] })).toThrow(/non-finite number Infinity at \$\.a\[0\]/);
    expect(() => canonicalJson(-Infinity)).toThrow(RangeError);
  });

  it("rejects bigints, functions and symbols with a TypeError", () => {
    expect(() => canonicalJson(1n)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/unsupported function at \$\.f/);
    expect(() => canonicalJson([Symbol("s")])).toThrow(TypeError);
  });

  it("rejects undefined outside object members and holes in arrays", () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson([1, undefined])).toThrow(TypeError);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 3])).toThrow(/undefined array element at \$\[1\]/);
  });

  it("rejects non-plain objects instead of guessing their JSON form", () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/unsupported object type at \$\.at/);
    expect(() => canonicalJson(new Map([["a", 1]]))).toThrow(TypeError);
    expect(() => canonicalJson(new Uint8Array(2))).toThrow(TypeError);
  });

  it("rejects circular references but allows shared non-circular references", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular reference at \$\.self/);

    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe("sha256Hex", () => {
  it("hashes the empty string to the well-known SHA-256 digest", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes strings as UTF-8 and agrees with the equivalent bytes", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("é€")).toBe(sha256Hex(new TextEncoder().encode("é€")));
  });
});

describe("contentHash", () => {
  it("returns the same hash regardless of key order", () => {
    expect(contentHash({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(
      contentHash({ b: { d: "x", c: [1, 2] }, a: 1 }),
    );
  });

  it("returns a different hash when any value changes", () => {
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
    expect(contentHash({ amount: "1.50" })).not.toBe(contentHash({ amount: "1.5" }));
  });

  it("is the SHA-256 of the UTF-8 canonical text", () => {
    const value = { name: "Zürich", n: 1 };
    const expected = createHash("sha256").update(Buffer.from('{"n":1,"name":"Zürich"}', "utf8")).digest("hex");
    expect(contentHash(value)).toBe(expected);
  });
});
