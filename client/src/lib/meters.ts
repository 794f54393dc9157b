// Meter readings: the consumption a new reading implies, the rules a reading
// must follow (the server's, checked as the person types), and reading a
// CSV file of readings. Values are exact: decimal strings become whole
// millionths (BigInt) for arithmetic, never floating-point numbers.

import { parseCsv, CsvError } from './csv';
import { addDays, daysBetween, isDate } from './dates';
import { AMOUNT_SCALE, checkAmount, normalizeAmount } from './decimal';

/** The most days between consecutive readings, as on the server. */
export const MAX_READING_GAP_DAYS = 400;

/** What a reading rule needs of a meter. */
export interface MeterRules {
  installedOn: string;
  removedOn?: string | null;
  /** The register rolls over to 0 after 10^digits − 1; null when it never does. */
  digits?: number | null;
}

/** A stored reading, as the rules need it. */
export interface ReadingLike {
  id?: string;
  readOn: string;
  value: string;
}

const SCALE = 10n ** BigInt(AMOUNT_SCALE);

/** A non-negative decimal string ("12.5") in millionths (12500000n). */
export function toMillionths(s: string): bigint {
  const [int = '0', frac = ''] = s.split('.');
  return BigInt(int || '0') * SCALE + BigInt((frac + '000000').slice(0, AMOUNT_SCALE) || '0');
}

/** Millionths back to a decimal string without trailing zeros. */
export function fromMillionths(n: bigint): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const int = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(AMOUNT_SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * What a meter consumed from the reading prev to next: next − prev, plus
 * 10^digits when the register rolled over. Null when next is lower and the
 * register does not roll over.
 */
export function consumption(prev: string, next: string, digits?: number | null): string | null {
  let d = toMillionths(next) - toMillionths(prev);
  if (d < 0n) {
    if (digits == null) return null;
    d += 10n ** BigInt(digits) * SCALE;
  }
  return fromMillionths(d);
}

/** The readings of a meter in order of their days, without the one with id `without`. */
function ordered(readings: readonly ReadingLike[], without?: string): ReadingLike[] {
  return readings.filter((r) => !without || r.id !== without).sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0));
}

/** The readings just before and just after a day. */
export function neighbours(readings: readonly ReadingLike[], day: string, without?: string): { before?: ReadingLike; after?: ReadingLike } {
  const list = ordered(readings, without);
  let before: ReadingLike | undefined;
  let after: ReadingLike | undefined;
  for (const r of list) {
    if (r.readOn < day) before = r;
    else if (r.readOn > day && !after) after = r;
  }
  return { before, after };
}

export interface ReadingDraft {
  readOn: string;
  value: string;
}

export type ReadingErrors = Partial<Record<'readOn' | 'value', string>>;

/**
 * The server's rules for a reading of meter m among its stored readings
 * (less the one with id `editing`, when changing it), given today's date in
 * the user's time zone. Returns a sentence per field at fault.
 */
export function checkReading(d: ReadingDraft, m: MeterRules, readings: readonly ReadingLike[], today: string, editing?: string): ReadingErrors {
  const errors: ReadingErrors = {};
  const value = normalizeAmount(d.value);
  const amountError = checkAmount(value);
  if (amountError) errors.value = amountError.replace('The amount', 'The reading').replace('an amount', 'the reading');
  else if (m.digits != null && toMillionths(value) >= 10n ** BigInt(m.digits) * SCALE) {
    errors.value = `A register of ${m.digits} digits shows less than ${10n ** BigInt(m.digits)}.`;
  }
  if (!isDate(d.readOn)) {
    errors.readOn = 'Enter the day of the reading.';
    return errors;
  }
  if (d.readOn < m.installedOn) errors.readOn = `This meter was installed on ${m.installedOn}; a reading may not be earlier.`;
  else if (m.removedOn && d.readOn > m.removedOn) errors.readOn = `This meter was removed on ${m.removedOn}; a reading may not be later.`;
  else if (d.readOn > today) errors.readOn = `A reading may not be taken after today (${today}).`;
  else if (ordered(readings, editing).some((r) => r.readOn === d.readOn)) {
    errors.readOn = `This meter has another reading on ${d.readOn}; change that one instead.`;
  }
  if (errors.readOn) return errors;
  const { before, after } = neighbours(readings, d.readOn, editing);
  if (before && daysBetween(before.readOn, d.readOn) > MAX_READING_GAP_DAYS) {
    errors.readOn = `This is ${daysBetween(before.readOn, d.readOn)} days after the reading of ${before.readOn}; readings may be at most ${MAX_READING_GAP_DAYS} days apart, so add an estimated reading between them.`;
  } else if (after && daysBetween(d.readOn, after.readOn) > MAX_READING_GAP_DAYS) {
    errors.readOn = `This is ${daysBetween(d.readOn, after.readOn)} days before the reading of ${after.readOn}; readings may be at most ${MAX_READING_GAP_DAYS} days apart.`;
  }
  if (!errors.value) {
    if (before && consumption(before.value, value, m.digits) === null) {
      errors.value = `Lower than the reading of ${before.readOn} (${before.value}); a new meter?`;
    } else if (after && consumption(value, after.value, m.digits) === null) {
      errors.value = `Higher than the reading of ${after.readOn} (${after.value}) that follows it.`;
    }
  }
  return errors;
}

/** What a new reading implies, for showing before it is saved. */
export interface Implied {
  /** The period since the reading before: its first and last day. */
  from: string;
  to: string;
  amount: string;
  /** Whether the register rolled over on the way. */
  rolledOver: boolean;
}

/** The consumption a reading of value on day would record since the reading before it, if any. */
export function impliedConsumption(readings: readonly ReadingLike[], day: string, value: string, digits?: number | null, editing?: string): Implied | null {
  const v = normalizeAmount(value);
  if (!isDate(day) || checkAmount(v)) return null;
  const { before } = neighbours(readings, day, editing);
  if (!before) return null;
  const amount = consumption(before.value, v, digits);
  if (amount === null) return null;
  return { from: addDays(before.readOn, 1), to: day, amount, rolledOver: toMillionths(v) < toMillionths(before.value) };
}

/** One row of a CSV file of readings, with what is wrong with it. */
export interface ReadingRow {
  line: number;
  cells: { date: string; value: string };
  /** The reading to send, or null when the row has problems. */
  input: ReadingDraft | null;
  errors: string[];
}

export interface ReadingImport {
  rows: ReadingRow[];
  fileError?: string;
}

/** The most readings one import sends, as the server allows in one bulk. */
export const MAX_IMPORT_READINGS = 1000;

const DATE_HEADERS = ['date', 'day', 'readon', 'read_on'];
const VALUE_HEADERS = ['value', 'reading', 'register', 'meter'];

/**
 * Reads a CSV file of readings: a header naming a date column and a value
 * column (in any order, other columns ignored), then one reading a line.
 * Each row is checked against the meter's rules together with the stored
 * readings and the file's other rows, so that the preview shows every
 * problem the server would refuse.
 */
export function readReadingsCsv(text: string, m: MeterRules, stored: readonly ReadingLike[], today: string): ReadingImport {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { rows: [], fileError: `The file is not valid CSV: ${e.message}` };
    throw e;
  }
  const header = rows.shift();
  if (!header) return { rows: [], fileError: 'The file is empty.' };
  const names = header.fields.map((f) => f.trim().toLowerCase().replace(/\s+/g, '_'));
  const dateCol = names.findIndex((n) => DATE_HEADERS.includes(n));
  const valueCol = names.findIndex((n) => VALUE_HEADERS.some((v) => n === v || n.startsWith(`${v}_`) || n.startsWith(`${v}(`)));
  if (dateCol < 0 || valueCol < 0) {
    return { rows: [], fileError: 'The first line must name the columns, such as "date,value".' };
  }
  if (rows.length > MAX_IMPORT_READINGS) {
    return { rows: [], fileError: `The file has ${rows.length} readings; import at most ${MAX_IMPORT_READINGS} at once.` };
  }
  const out: ReadingRow[] = rows.map((r) => {
    const cells = { date: (r.fields[dateCol] ?? '').trim(), value: (r.fields[valueCol] ?? '').trim() };
    return { line: r.line, cells, input: { readOn: cells.date, value: normalizeAmount(cells.value) }, errors: [] };
  });
  // Each row on its own first, then in order with the stored readings and
  // the file's good rows, as the server will see them.
  for (const row of out) {
    const e = checkReading(row.input!, m, [], today);
    if (e.readOn && !isDate(row.cells.date)) row.errors.push(`Date: "${row.cells.date}" is not a day written YYYY-MM-DD.`);
    else if (e.readOn) row.errors.push(`Date: ${e.readOn}`);
    if (e.value) row.errors.push(`Value: ${e.value}`);
  }
  const seen = new Map<string, number>();
  for (const row of out) {
    if (row.errors.length) continue;
    const first = seen.get(row.cells.date);
    if (first !== undefined) row.errors.push(`Date: line ${first} is a reading of the same day.`);
    else seen.set(row.cells.date, row.line);
  }
  // In order of their days, each row against the stored readings and the
  // rows accepted before it: a fault between two rows is the later one's,
  // as the server blames it.
  const accepted: ReadingLike[] = [];
  for (const row of out.filter((r) => r.errors.length === 0).sort((a, b) => (a.cells.date < b.cells.date ? -1 : 1))) {
    const e = checkReading(row.input!, m, [...stored, ...accepted], today);
    if (e.readOn) row.errors.push(`Date: ${e.readOn}`);
    if (e.value) row.errors.push(`Value: ${e.value}`);
    if (!e.readOn && !e.value) accepted.push(row.input!);
  }
  for (const row of out) if (row.errors.length) row.input = null;
  return { rows: out };
}

/** A period between consecutive readings, for the chart. */
export interface ChartPeriod {
  from: string;
  to: string;
  amount: string;
  /** The average per day, for bars of periods of different lengths. */
  perDay: number;
}

/** The periods between consecutive readings (oldest first), from each reading's own period. */
export function periodsOf(readings: readonly { readOn: string; period?: { periodStart: string; periodEnd: string; amount: string } | null }[]): ChartPeriod[] {
  return [...readings]
    .filter((r) => r.period)
    .sort((a, b) => (a.readOn < b.readOn ? -1 : 1))
    .map((r) => {
      const p = r.period!;
      const days = daysBetween(p.periodStart, p.periodEnd) + 1;
      // For drawing only: every figure shown is the API's string.
      return { from: p.periodStart, to: p.periodEnd, amount: p.amount, perDay: Number(p.amount) / days };
    });
}
