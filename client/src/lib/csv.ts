// CSV reading and writing for record import and export (RFC 4180: fields
// separated by commas, or by semicolons as spreadsheets write them in much
// of Europe; quoted fields may hold separators, quotes written twice, and
// line breaks).

/** A CSV text that cannot be read, with the line where reading stopped. */
export class CsvError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'CsvError';
  }
}

/** One row of a CSV text and the line it starts on (1 is the first). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Guesses the separator from the first line: a semicolon when it has more of those than commas. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits a CSV text into rows of fields. A byte-order mark is ignored; rows
 * that are wholly empty are skipped. Throws CsvError on a quote left open or
 * text straight after a closing quote.
 */
export function parseCsv(text: string, delimiter: ',' | ';' = detectDelimiter(text)): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let fieldStarted = false; // whether the row has any character yet

  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };

  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && field === '') {
      // A quoted field: read to the closing quote.
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvError(`A quote opened on line ${openedOn} is never closed.`, openedOn);
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      fieldStarted = true;
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError(`Line ${line}: text after a closing quote; write a quote inside a quoted field as "".`, line);
      }
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || field !== '' || fields.length > 0) endRow();
  return rows;
}

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes rows as CSV with CRLF line ends, quoting fields that need it. Text
 * fields that a spreadsheet would run as formulas get a leading apostrophe;
 * `numeric` names the columns exempt from that (amounts may not start with
 * such characters anyway).
 */
export function toCsv(rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  return rows
    .map((row) =>
      row
        .map((value, col) => {
          const v = !numeric.has(col) && FORMULA_START.test(value) ? `'${value}` : value;
          return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
        })
        .join(','),
    )
    .join('\r\n') + '\r\n';
}
