// RFC 4180 CSV, as spreadsheet tools write it: comma-separated, fields quoted
// with double quotes when they hold commas, quotes or line breaks ("" inside
// quotes is one quote), CRLF or LF line endings. No database; unit-tested.

/** One record with the physical line it starts on (1-based), so reports can point at it. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Splits CSV text into records. Blank lines are skipped (spreadsheets leave
 * them at the end); a quote that opens a field must close it, and a quote in
 * the middle of an unquoted field is refused rather than guessed at.
 *
 * @throws {CsvSyntaxError} with the line of the first malformed record.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let position = 0;
  while (position < text.length) {
    const start = line;
    const { fields, next, lines } = readRecord(text, position, start);
    line += lines;
    position = next;
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
  }
  return records;
}

/** Reads one record from `position`; returns its fields, where the next record starts and how many line breaks it spanned. */
function readRecord(text: string, position: number, line: number): { fields: string[]; next: number; lines: number } {
  const fields: string[] = [];
  let lines = 0;
  let index = position;
  for (;;) {
    let field = "";
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        if (index >= text.length) throw new CsvSyntaxError(line, `line ${line}: a quoted field is not closed`);
        const char = text[index];
        if (char === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (char === "\n") lines += 1;
        field += char;
        index += 1;
      }
      const after = text[index];
      if (after !== undefined && after !== "," && after !== "\n" && after !== "\r") {
        throw new CsvSyntaxError(line, `line ${line}: text after a closing quote; quote the whole field`);
      }
    } else {
      while (index < text.length && text[index] !== "," && text[index] !== "\n" && text[index] !== "\r") {
        if (text[index] === '"') throw new CsvSyntaxError(line, `line ${line}: a quote inside an unquoted field; quote the field and double the quote`);
        field += text[index];
        index += 1;
      }
    }
    fields.push(field);
    if (text[index] === ",") {
      index += 1;
      continue;
    }
    if (text[index] === "\r") index += 1;
    if (text[index] === "\n") index += 1;
    return { fields, next: index, lines: lines + 1 };
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field, quoted when it must be. */
function formatField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records as CSV text with CRLF line endings (RFC 4180); `null` is an empty field. */
export function formatCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((row) => row.map((value) => formatField(value ?? "")).join(",")).join("\r\n") + "\r\n";
}
