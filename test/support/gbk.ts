// A GBK encoder for tests, without a package: Node's full-ICU TextDecoder reads
// GBK, so inverting it over the two-byte code space (lead 0x81–0xFE, trail
// 0x40–0xFE) gives the table a spreadsheet tool encodes with.
let table: Map<string, [number, number]> | null = null;

function gbkTable(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder("gbk", { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      try {
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // not a GBK code point
      }
    }
  }
  return table;
}

/** `text` as GBK bytes, as Excel on Chinese Windows saves a CSV. */
export function encodeGbk(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = gbkTable().get(char);
    if (!pair) throw new Error(`${char} has no GBK encoding`);
    bytes.push(...pair);
  }
  return Uint8Array.from(bytes);
}
