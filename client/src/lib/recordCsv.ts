// Records to and from CSV files. The import reads what utilities export
// ("Start date,End date,Usage (kWh),Notes" with DD/MM/YYYY days) as well as
// this dashboard's own export: it guesses which column holds what from the
// header, the unit from a header such as "Usage (kWh)", and the date format
// from the days themselves; the person may change each guess. Every row is
// then checked by the server's rules, and its problems are summarised once
// per kind rather than once per row.

import type { ConsumptionType, CreateConsumptionRecordInput, Unit } from '../gql/graphql';
import { parseCsv, toCsv, CsvError, type CsvRow } from './csv';
import { DATE_FORMAT_EXAMPLE, DATE_FORMAT_LABEL, readDate, type DateFormat } from './dateFormats';
import { daysBetween } from './dates';
import { AMOUNT_SCALE, checkAmount, isDecimal, normalizeAmount } from './decimal';
import { namesCurrency, readMoney } from './money';
import { FIRST_DAY, MAX_BULK_RECORDS, MAX_NOTES_LENGTH, MAX_PERIOD_DAYS } from './records';
import { allowsUnit, parseType, parseUnit, TYPE_LABEL, UNIT_LABEL, UNITS_BY_TYPE, unitMismatch } from './units';
import { count } from './words';

export const CSV_COLUMNS = ['type', 'amount', 'unit', 'periodStart', 'periodEnd', 'notes', 'cost'] as const;
export type Column = (typeof CSV_COLUMNS)[number];

/** What each column holds, for people. */
export const COLUMN_LABEL: Readonly<Record<Column, string>> = {
  type: 'Type',
  amount: 'Amount',
  unit: 'Unit',
  periodStart: 'First day',
  periodEnd: 'Last day',
  notes: 'Notes',
  cost: 'Cost',
};

/** The most rows one file may hold; the server takes MAX_BULK_RECORDS per request, so larger files go in several. */
export const MAX_IMPORT_ROWS = 5 * MAX_BULK_RECORDS;

// Header names as utilities and spreadsheets write them, lower case with
// everything but letters taken out.
const ALIASES: Record<string, Column> = {
  type: 'type', kind: 'type', utility: 'type', commodity: 'type', fuel: 'type',
  amount: 'amount', quantity: 'amount', value: 'amount', usage: 'amount', consumption: 'amount', used: 'amount',
  unitsused: 'amount', volume: 'amount', energy: 'amount', use: 'amount',
  unit: 'unit', units: 'unit', uom: 'unit',
  periodstart: 'periodStart', start: 'periodStart', from: 'periodStart', startdate: 'periodStart', fromdate: 'periodStart',
  datefrom: 'periodStart', billingstart: 'periodStart', billingperiodstart: 'periodStart', begin: 'periodStart',
  firstday: 'periodStart', date: 'periodStart', day: 'periodStart',
  periodend: 'periodEnd', end: 'periodEnd', to: 'periodEnd', enddate: 'periodEnd', todate: 'periodEnd', dateto: 'periodEnd',
  billingend: 'periodEnd', billingperiodend: 'periodEnd', until: 'periodEnd', lastday: 'periodEnd',
  notes: 'notes', note: 'notes', comment: 'notes', comments: 'notes', description: 'notes', memo: 'notes', remarks: 'notes',
  cost: 'cost', costs: 'cost', charge: 'cost', charges: 'cost', amountdue: 'cost', billed: 'cost', amountbilled: 'cost',
  billamount: 'cost', total: 'cost', totalcost: 'cost', totalcharges: 'cost', price: 'cost', estimatedcost: 'cost',
};

/** What one header name says: the column it names, and a unit, currency or type written in it. */
export interface HeaderInfo {
  column: Column | null;
  unit: Unit | null;
  /** A currency symbol or code, as in "Cost (£)". */
  currency: string | null;
  type: ConsumptionType | null;
}

/**
 * Reads a header name: "Usage (kWh)" is the amount in kWh, "Cost (£)" a
 * cost in pounds, "kWh" alone an amount, "Electricity usage" the amount of
 * electricity.
 */
export function parseHeader(name: string): HeaderInfo {
  let base = name.trim();
  let unit: Unit | null = null;
  let currency: string | null = null;
  const inner = /^(.*?)\s*[([]\s*(?:in\s+)?([^)\]]*?)\s*[)\]]\s*$/i.exec(base);
  if (inner) {
    base = inner[1]!;
    unit = parseUnit(inner[2]!);
    if (!unit && /^(\p{Sc}+|[A-Z]{3})$/u.test(inner[2]!)) currency = inner[2]!;
  }
  const words = base.split(/[\s_\-:/]+/).filter(Boolean);
  if (!unit && words.length > 0) {
    const last = parseUnit(words[words.length - 1]!);
    if (last) {
      unit = last;
      words.pop();
    }
  }
  let type: ConsumptionType | null = null;
  for (const w of words) type ??= parseType(w);
  const key = words.join('').toLowerCase().replace(/[^a-z]/g, '');
  let column: Column | null = ALIASES[key] ?? ALIASES[words.filter((w) => !parseType(w)).join('').toLowerCase().replace(/[^a-z]/g, '')] ?? null;
  // A unit makes a column of amounts, whatever the word before it ("Total (kWh)").
  if (unit && (column === null || column === 'cost' || column === 'unit')) column = 'amount';
  if (currency && (column === null || column === 'amount')) column = 'cost';
  return { column, unit, currency, type };
}

/** How a file is to be read: which column holds what, and what holds for every row. */
export interface ImportSettings {
  /** The index of the column that holds each field; absent when none does. */
  columns: Partial<Record<Column, number>>;
  /** The type of every row, when no column gives it. */
  type: ConsumptionType | null;
  /** The unit of every row, when no column gives it. */
  unit: Unit | null;
  /** The format the person chose; null to take the one detected. */
  dateFormat: DateFormat | null;
}

/** Where a setting of guessSettings came from, to tell the person. */
export interface SettingsGuess {
  settings: ImportSettings;
  /** The header the unit was read from, as in "Usage (kWh)". */
  unitFrom: string | null;
}

/** The settings a file's header (and name) suggest. */
export function guessSettings(header: readonly string[], fileName = ''): SettingsGuess {
  const columns: ImportSettings['columns'] = {};
  const infos = header.map(parseHeader);
  infos.forEach((h, i) => {
    if (h.column && columns[h.column] === undefined) columns[h.column] = i;
  });
  // One column of days ("Date"): each row is one day.
  if (columns.periodStart !== undefined && columns.periodEnd === undefined && /^(date|day)$/i.test(header[columns.periodStart]!.trim())) {
    columns.periodEnd = columns.periodStart;
  }
  const amount = columns.amount === undefined ? undefined : infos[columns.amount];
  const unit = amount?.unit ?? null;
  let type = infos.map((h) => h.type).find((t) => t !== null) ?? null;
  for (const w of fileName.split(/[^a-z]+/i)) type ??= parseType(w);
  // A unit that only one type has: WH and MWH are electricity, LITER water.
  if (!type && unit) {
    const only = (Object.keys(UNITS_BY_TYPE) as ConsumptionType[]).filter((t) => allowsUnit(t, unit));
    if (only.length === 1) type = only[0]!;
  }
  return {
    settings: { columns, type: columns.type === undefined ? type : null, unit: columns.unit === undefined ? unit : null, dateFormat: null },
    unitFrom: columns.unit === undefined && unit ? header[columns.amount!]!.trim() : null,
  };
}

/** What the person must still choose before the rows can be read, one sentence each. */
export function missingSettings(s: ImportSettings): string[] {
  const missing: string[] = [];
  if (s.columns.amount === undefined) missing.push('Choose the column of amounts.');
  if (s.columns.periodStart === undefined) missing.push('Choose the column of first days.');
  if (s.columns.periodEnd === undefined) missing.push('Choose the column of last days (the first day’s column, when each row is one day).');
  if (s.columns.type === undefined && !s.type) missing.push('Choose the type of consumption the file records.');
  if (s.columns.unit === undefined && !s.unit) missing.push('Choose the unit of the amounts.');
  return missing;
}

/** Where a problem is: a field, or the row as a whole. */
export type ProblemField = Column | 'row';

/** One thing wrong with a row. */
export interface Problem {
  field: ProblemField;
  /** The kind of problem, the same words for every row that has it: "first day not a date in DD/MM/YYYY". */
  kind: string;
  /** This row's problem in a sentence. */
  message: string;
  /** The stored record this row's period overlaps. */
  conflictingId?: string;
}

/** One data row of an imported file: what it says, as read, and what is wrong with it. */
export interface ImportRow {
  line: number;
  /** The cells as written. */
  cells: Record<Column, string>;
  /** The fields that could be read, for the preview. */
  read: Partial<Pick<CreateConsumptionRecordInput, 'type' | 'unit' | 'amount' | 'periodStart' | 'periodEnd' | 'cost'>>;
  /** What would be sent; null when the row has problems. */
  input: CreateConsumptionRecordInput | null;
  problems: Problem[];
}

/** A file's table: its header and its data rows. */
export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Splits a file into its header and rows, or says what keeps it from being read. */
export function readTable(text: string): { table: CsvTable | null; fileError: string | null } {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { table: null, fileError: e.message };
    throw e;
  }
  const [header, ...data] = rows;
  if (!header) return { table: null, fileError: 'The file is empty.' };
  if (data.length === 0) return { table: null, fileError: 'The file has a header but no records.' };
  if (data.length > MAX_IMPORT_ROWS) {
    return { table: null, fileError: `The file has ${count(data.length, 'row')}; import at most ${count(MAX_IMPORT_ROWS, 'row')} at a time.` };
  }
  return { table: { header: header.fields.map((f) => f.trim()), rows: data }, fileError: null };
}

/** What the rows are checked against: today in the user's time zone, and the account's currency. */
export interface ReadContext {
  today: string;
  currency: string;
}

/** Reads and checks every row of a table by the settings and the server's rules. */
export function readRows(table: CsvTable, s: ImportSettings, format: DateFormat, ctx: ReadContext): ImportRow[] {
  const costHeader = s.columns.cost === undefined ? null : parseHeader(table.header[s.columns.cost] ?? '');
  const rows = table.rows.map(({ line, fields }) => readRow(line, fields, table.header.length, s, format, costHeader?.currency ?? null, ctx));
  return markOverlaps(rows);
}

function readRow(
  line: number,
  fields: string[],
  width: number,
  s: ImportSettings,
  format: DateFormat,
  costCurrency: string | null,
  ctx: ReadContext,
): ImportRow {
  const cell = (c: Column) => {
    const i = s.columns[c];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c, cell(c)])) as Record<Column, string>;
  const problems: Problem[] = [];
  const add = (field: ProblemField, kind: string, message: string) => problems.push({ field, kind, message });
  const read: ImportRow['read'] = {};

  if (fields.slice(width).some((f) => f.trim() !== '')) {
    add('row', 'more fields than the header names', `This row has ${fields.length} fields; the header names ${width}.`);
  }

  let type: ConsumptionType | null = s.type;
  if (s.columns.type !== undefined) {
    type = parseType(cells.type);
    if (cells.type === '') add('type', 'type missing', 'The type is missing.');
    else if (!type) add('type', 'type not electricity, water or gas', `"${cells.type}" is not a type; use ELECTRICITY, WATER or GAS.`);
  }
  if (type) read.type = type;

  let unit: Unit | null = s.unit;
  if (s.columns.unit !== undefined) {
    unit = parseUnit(cells.unit);
    if (cells.unit === '') add('unit', 'unit missing', 'The unit is missing.');
    else if (!unit) add('unit', 'unit not known', `"${cells.unit}" is not a unit; use WH, KWH, MWH, LITER or CUBIC_METER.`);
  }
  if (unit && type && !allowsUnit(type, unit)) {
    add('unit', `${UNIT_LABEL[unit]} not a unit of ${TYPE_LABEL[type].toLowerCase()}`, unitMismatch(type, unit));
  } else if (unit) read.unit = unit;

  const amount = readAmount(cells.amount);
  const amountProblem = checkDecimal(amount, 'amount');
  if (amountProblem) add('amount', ...amountProblem);
  else read.amount = amount;

  const label = DATE_FORMAT_LABEL[format];
  const day = (field: 'periodStart' | 'periodEnd', name: string) => {
    const text = cells[field];
    if (text === '') {
      add(field, `${name} missing`, `The ${name} is missing.`);
      return null;
    }
    const iso = readDate(text, format);
    if (!iso) add(field, `${name} not a date in ${label}`, `"${text}" is not a day written ${label}, such as ${DATE_FORMAT_EXAMPLE[format]}.`);
    return iso;
  };
  const start = day('periodStart', 'first day');
  const end = day('periodEnd', 'last day');
  if (start && start < FIRST_DAY) add('periodStart', 'first day before 1970', `The period may not start before ${FIRST_DAY}.`);
  else if (start) read.periodStart = start;
  if (end && end > ctx.today) add('periodEnd', 'last day after today', `The period may not end after today (${ctx.today}).`);
  else if (end && read.periodStart) {
    const days = daysBetween(read.periodStart, end) + 1;
    if (days < 1) add('periodEnd', 'period ends before it starts', 'The period must end on or after the day it starts.');
    else if (days > MAX_PERIOD_DAYS) add('periodEnd', `period longer than ${MAX_PERIOD_DAYS} days`, `A period may be at most ${MAX_PERIOD_DAYS} days long; this one is ${days} days.`);
    else read.periodEnd = end;
  } else if (end) read.periodEnd = end;

  // The export guards notes that a spreadsheet would run as formulas with
  // an apostrophe; take it off again.
  const notes = cells.notes.replace(/^'(?=[=+\-@])/, '');
  if ([...notes].length > MAX_NOTES_LENGTH) add('notes', `notes longer than ${MAX_NOTES_LENGTH} characters`, `Notes may be at most ${MAX_NOTES_LENGTH} characters long.`);

  let cost: string | null = null;
  if (cells.cost !== '') {
    const money = readMoney(cells.cost);
    const mark = money.mark ?? costCurrency;
    const costProblem = checkDecimal(money.value, 'cost');
    if (mark && !namesCurrency(mark, ctx.currency)) {
      add('cost', `cost not in ${ctx.currency}`, `This cost is in ${mark}; costs are in your account’s currency, ${ctx.currency}.`);
    } else if (costProblem) add('cost', ...costProblem);
    else cost = read.cost = money.value;
  }

  const input =
    problems.length === 0 && type && unit && start && end
      ? { type, amount, unit, periodStart: start, periodEnd: end, notes: notes === '' ? null : notes, cost }
      : null;
  return { line, cells, read, input, problems };
}

/**
 * An amount as files write it: "12,5" or "12.5", and "1,234.5" or
 * "1.234,5" with thousands grouped. A lone comma is the decimal mark, as
 * the form reads it ("1,250" m³ is 1.25 m³, as in most of Europe).
 */
function readAmount(s: string): string {
  return (s.match(/[.,]/g) ?? []).length > 1 ? readMoney(s).value : normalizeAmount(s);
}

/** The kind and the sentence of what is wrong with an amount or a cost, or null. */
function checkDecimal(s: string, what: 'amount' | 'cost'): [string, string] | null {
  const message = checkAmount(s, what);
  if (!message) return null;
  if (s === '') return [`${what} missing`, `The ${what} is missing.`];
  if (s.startsWith('-')) return [`${what} negative`, message];
  if (!isDecimal(s)) return [`${what} not a number`, message];
  if ((s.split('.')[1] ?? '').replace(/0+$/, '').length > AMOUNT_SCALE) return [`${what} with more than ${AMOUNT_SCALE} decimal places`, message];
  return [`${what} above 1000000000000`, message];
}

/**
 * Marks the rows whose period shares a day with an earlier row of the same
 * type, as the server would refuse them: the later row is blamed and the
 * earlier named, and the earlier stays good. Rows sent in several requests
 * are checked against each other here, since each request only sees its own.
 */
export function markOverlaps(rows: ImportRow[]): ImportRow[] {
  const good = rows.filter((r) => r.input !== null);
  const order = [...good].sort((a, b) =>
    a.input!.type !== b.input!.type ? (a.input!.type < b.input!.type ? -1 : 1) : a.input!.periodStart < b.input!.periodStart ? -1 : a.input!.periodStart > b.input!.periodStart ? 1 : a.line - b.line,
  );
  const blamed = new Map<number, number>();
  let reach: ImportRow | null = null;
  for (const cur of order) {
    if (!reach || reach.input!.type !== cur.input!.type) {
      reach = cur;
      continue;
    }
    if (cur.input!.periodStart <= reach.input!.periodEnd) {
      const [earlier, later] = reach.line < cur.line ? [reach, cur] : [cur, reach];
      if (!blamed.has(later.line)) blamed.set(later.line, earlier.line);
    }
    if (cur.input!.periodEnd > reach.input!.periodEnd) reach = cur;
  }
  if (blamed.size === 0) return rows;
  return rows.map((r) => {
    const other = blamed.get(r.line);
    if (other === undefined) return r;
    return {
      ...r,
      input: null,
      problems: [
        ...r.problems,
        { field: 'periodStart', kind: 'overlaps another row of the file', message: `This period overlaps that of row ${other}; records of one type may not overlap.` },
      ],
    };
  });
}

/** One kind of problem and the rows that have it. */
export interface ProblemSummary {
  kind: string;
  lines: number[];
  /** "48 rows: first day not a date in DD/MM/YYYY (rows 2–49)". */
  text: string;
}

/** The rows' problems, once per kind, in the order the file first has them. */
export function summarizeProblems(rows: readonly ImportRow[]): ProblemSummary[] {
  const kinds = new Map<string, number[]>();
  for (const r of rows) {
    for (const p of r.problems) {
      const lines = kinds.get(p.kind) ?? [];
      if (lines[lines.length - 1] !== r.line) lines.push(r.line);
      kinds.set(p.kind, lines);
    }
  }
  return [...kinds].map(([kind, lines]) => ({
    kind,
    lines,
    text: `${count(lines.length, 'row')}: ${kind} (${lines.length === 1 ? 'row' : 'rows'} ${lineRanges(lines)})`,
  }));
}

/** Ascending row numbers as ranges: "2–49", "3, 7, 10–12", the first five and how many more. */
export function lineRanges(lines: readonly number[], most = 5): string {
  const ranges: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    ranges.push(j === i ? String(lines[i]) : `${lines[i]}–${lines[j]}`);
    i = j + 1;
  }
  if (ranges.length <= most) return ranges.join(', ');
  return `${ranges.slice(0, most).join(', ')} and ${ranges.length - most} more`;
}

/** An error of the server's answer, as the API client reads it. */
export interface ServerError {
  message: string;
  code: string;
  field?: string;
  index?: number;
  conflictingId?: string;
}

/**
 * The server's errors about the rows sent, by row: `sent` are the rows in
 * the order they were sent, which each error's index counts. Errors that
 * name no row are left out, for the caller to show as they are.
 */
export function serverProblems(errors: readonly ServerError[], sent: readonly ImportRow[]): Map<number, Problem[]> {
  const byLine = new Map<number, Problem[]>();
  for (const e of errors) {
    const row = e.index === undefined ? undefined : sent[e.index];
    if (!row) continue;
    const name = e.field?.split('.').pop() ?? '';
    const field: ProblemField = (CSV_COLUMNS as readonly string[]).includes(name) ? (name as Column) : 'row';
    let problem: Problem;
    if (e.code === 'CONFLICT' && e.conflictingId) {
      problem = { field, kind: 'overlaps a record you already have', message: e.message, conflictingId: e.conflictingId };
    } else if (e.code === 'CONFLICT') {
      // Another row of the same request, named by its index.
      const message = e.message.replace(/item (\d+) of the same request/, (m, i: string) => {
        const other = sent[Number(i)];
        return other ? `row ${other.line}` : m;
      });
      problem = { field, kind: 'overlaps another row of the file', message };
    } else {
      problem = { field, kind: `${field === 'row' ? 'refused' : COLUMN_LABEL[field].toLowerCase()}: ${e.message.replace(/\.$/, '')}`, message: e.message };
    }
    byLine.set(row.line, [...(byLine.get(row.line) ?? []), problem]);
  }
  return byLine;
}

/**
 * Splits records into requests the server takes: at most MAX_BULK_RECORDS
 * each, and at most maxBytes of JSON (the server's limit on a request's
 * body is 1 MiB; notes of 500 characters make a record large).
 */
export function chunk<T>(items: readonly T[], maxItems = MAX_BULK_RECORDS, maxBytes = 900_000): T[][] {
  const chunks: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = new TextEncoder().encode(JSON.stringify(item)).length + 1;
    if (cur.length > 0 && (cur.length >= maxItems || bytes + size > maxBytes)) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += size;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
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
