// Chinese spreadsheet tools save CSV either as UTF-8 (often with a byte order
// mark) or in the legacy GB18030/GBK code page (Excel on Chinese Windows).
// Neither labels itself, so the bytes decide: text that is valid UTF-8 is
// UTF-8, anything else is read as GB18030 (a superset of GBK and GB2312).

export type SourceEncoding = "UTF-8" | "GB18030";

export class UndecodableTextError extends Error {
  constructor() {
    super("The file is neither UTF-8 nor GB18030/GBK text");
    this.name = "UndecodableTextError";
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWithBom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((byte, index) => bytes[index] === byte);
}

/**
 * Decodes a file's bytes. Valid UTF-8 short of a BOM is never misread as
 * GB18030: a GBK file of Chinese text is almost never valid UTF-8, while the
 * reverse guess would garble every UTF-8 file.
 *
 * @throws {UndecodableTextError} when the bytes are neither (e.g. a spreadsheet's binary .xlsx).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: SourceEncoding } {
  // NUL never occurs in text in either encoding: it marks a binary file.
  if (bytes.includes(0)) throw new UndecodableTextError();
  const body = startsWithBom(bytes) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "UTF-8" };
  } catch {
    // not UTF-8: try the Chinese legacy encoding below
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), encoding: "GB18030" };
  } catch {
    throw new UndecodableTextError();
  }
}

/** Text that arrived as a string (GraphQL): only a leading BOM to drop. */
export function withoutBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
