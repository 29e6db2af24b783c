import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { decodeText, UndecodableTextError, withoutBom } from "../../../src/modules/exchange/text-decoding.js";
import { encodeGbk } from "../../support/gbk.js";

const CSV = "课程代码,课程名称,学分\r\nIM-101,智能制造技术基础,2\r\n";

describe("decodeText", () => {
  it("reads UTF-8 without a byte order mark", () => {
    expect(decodeText(new TextEncoder().encode(CSV))).toEqual({ text: CSV, encoding: "UTF-8" });
  });

  it("reads UTF-8 with a byte order mark and drops the mark", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)]);
    expect(decodeText(bytes)).toEqual({ text: CSV, encoding: "UTF-8" });
  });

  it("reads GBK as GB18030 when the bytes are not UTF-8", () => {
    expect(decodeText(encodeGbk(CSV))).toEqual({ text: CSV, encoding: "GB18030" });
  });

  it("encodes GBK exactly as the iconv of this machine does (when it has one)", () => {
    let iconv: Buffer;
    try {
      iconv = execFileSync("iconv", ["-f", "UTF-8", "-t", "GBK"], { input: CSV });
    } catch {
      return;
    }
    expect(Buffer.from(encodeGbk(CSV)).equals(iconv)).toBe(true);
  });

  it("reads plain ASCII as UTF-8", () => {
    expect(decodeText(new TextEncoder().encode("code,title\nA,B\n")).encoding).toBe("UTF-8");
  });

  it("refuses binary data such as a zipped .xlsx", () => {
    expect(() => decodeText(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00))).toThrow(UndecodableTextError);
    expect(() => decodeText(Uint8Array.of(0x81, 0x20))).toThrow(UndecodableTextError);
  });
});

describe("withoutBom", () => {
  it("drops a leading byte order mark from text and nothing else", () => {
    expect(withoutBom("\uFEFFcode")).toBe("code");
    expect(withoutBom("code\uFEFF")).toBe("code\uFEFF");
  });
});
