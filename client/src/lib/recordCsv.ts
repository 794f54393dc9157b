// Records to and from CSV files: the columns, their aliases, and the checks
// each imported row goes through before anything is sent.

import type { CreateConsumptionRecordInput } from '../gql/graphql';
import { parseCsv, toCsv, CsvError } from './csv';
import { normalizeAmount } from './decimal';
import { parseType, parseUnit } from './units';
import { validateRecord, MAX_BULK_RECORDS, type FieldErrors, type RecordDraft } from './records';

export const CSV_COLUMNS = ['type', 'amount', 'unit', 'periodStart', 'periodEnd', 'notes', 'cost'] as const;
/** The columns a file may leave out. */
const OPTIONAL: readonly Column[] = ['notes', 'cost'];
type Column = (typeof CSV_COLUMNS)[number];

const ALIASES: Record<string, Column> = {
  type: 'type', kind: 'type',
  amount: 'amount', quantity: 'amount', value: 'amount',
  unit: 'unit',
  periodstart: 'periodStart', start: 'periodStart', from: 'periodStart', startdate: 'periodStart',
  periodend: 'periodEnd', end: 'periodEnd', to: 'periodEnd', enddate: 'periodEnd',
  notes: 'notes', note: 'notes', comment: 'notes', comments: 'notes',
  cost: 'cost', costs: 'cost', charge: 'cost', charges: 'cost', amountdue: 'cost', billed: 'cost',
};

/** One data row of an imported file: what it says, and what is wrong with it. */
export interface ImportRow {
  line: number;
  input: CreateConsumptionRecordInput | null;
  /** The row as read, for the preview. */
  cells: Record<Column, string>;
  errors: FieldErrors & { row?: string };
}

export interface ImportResult {
  rows: ImportRow[];
  /** A problem with the whole file (no header, a missing column, too many rows). */
  fileError: string | null;
}

/** Reads an import file and checks every row by the server's rules. */
export function readRecordsCsv(text: string, today: string): ImportResult {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { rows: [], fileError: e.message };
    throw e;
  }
  const [header, ...data] = table;
  if (!header) return { rows: [], fileError: 'The file is empty.' };

  const index: Partial<Record<Column, number>> = {};
  header.fields.forEach((name, i) => {
    const col = ALIASES[name.trim().toLowerCase().replace(/[^a-z]/g, '')];
    if (col && index[col] === undefined) index[col] = i;
  });
  const missing = CSV_COLUMNS.filter((c) => !OPTIONAL.includes(c) && index[c] === undefined);
  if (missing.length > 0) {
    return {
      rows: [],
      fileError: `The first line must name the columns; missing: ${missing.join(', ')}. Expected: ${CSV_COLUMNS.join(',')}.`,
    };
  }
  if (data.length === 0) return { rows: [], fileError: 'The file has a header but no records.' };
  if (data.length > MAX_BULK_RECORDS) {
    return { rows: [], fileError: `The file has ${data.length} records; import at most ${MAX_BULK_RECORDS} at a time.` };
  }

  const rows = data.map(({ line, fields }): ImportRow => {
    const cell = (c: Column) => {
      const i = index[c];
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c, cell(c)])) as Record<Column, string>;
    const errors: ImportRow['errors'] = {};
    if (fields.length > header.fields.length) errors.row = `This line has ${fields.length} fields; the header names ${header.fields.length}.`;
    const type = parseType(cells.type);
    if (!type) {
      errors.type = cells.type === '' ? 'The type is missing.' : `"${cells.type}" is not a type; use ELECTRICITY, WATER or GAS.`;
      return { line, input: null, cells, errors };
    }
    const unit = parseUnit(cells.unit);
    const draft: RecordDraft = {
      type,
      amount: normalizeAmount(cells.amount),
      unit: unit ?? cells.unit,
      periodStart: cells.periodStart,
      periodEnd: cells.periodEnd,
      // The export guards notes that a spreadsheet would run as formulas
      // with an apostrophe; take it off again.
      notes: cells.notes.replace(/^'(?=[=+\-@])/, ''),
      cost: normalizeAmount(cells.cost),
    };
    Object.assign(errors, validateRecord(draft, today));
    if (Object.keys(errors).length > 0 || !unit) return { line, input: null, cells, errors };
    return {
      line,
      cells,
      errors,
      input: {
        type,
        amount: draft.amount,
        unit,
        periodStart: draft.periodStart,
        periodEnd: draft.periodEnd,
        notes: draft.notes === '' ? null : draft.notes,
        cost: draft.cost === '' ? null : draft.cost,
      },
    };
  });
  return { rows, fileError: null };
}

/** A record as the export writes it. */
export interface ExportRecord {
  type: string;
  amount: string;
  unit: string;
  periodStart: string;
  periodEnd: string;
  notes?: string | null;
  cost?: string | null;
}

/** Writes records as a CSV file that the import reads back unchanged. */
export function writeRecordsCsv(records: readonly ExportRecord[]): string {
  return toCsv(
    [[...CSV_COLUMNS], ...records.map((r) => [r.type, r.amount, r.unit, r.periodStart, r.periodEnd, r.notes ?? '', r.cost ?? ''])],
    new Set([1, 6]),
  );
}
