// The ways files write a day (DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD), reading
// a day in one of them, and telling from a whole file which one it uses.
// Days in the 1st to 12th of a month read both as DD/MM and as MM/DD, so a
// file may only be decided by evidence: a field above 12, or periods that
// only make sense one way round.

import { daysBetween, isDate } from './dates';
import { LOCALE } from './locale';

export type DateFormat = 'DMY' | 'MDY' | 'YMD';

export const DATE_FORMATS: readonly DateFormat[] = ['DMY', 'MDY', 'YMD'];

/** How a format is written for people. */
export const DATE_FORMAT_LABEL: Readonly<Record<DateFormat, string>> = {
  DMY: 'DD/MM/YYYY',
  MDY: 'MM/DD/YYYY',
  YMD: 'YYYY-MM-DD',
};

/** A day of each format, for hints: 15 January 2024. */
export const DATE_FORMAT_EXAMPLE: Readonly<Record<DateFormat, string>> = {
  DMY: '15/01/2024',
  MDY: '01/15/2024',
  YMD: '2024-01-15',
};

// Three numbers apart by "/", "." or "-", and an optional time of day that
// some exports add ("01/02/2024 00:00").
const PARTS = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A day written in format, as YYYY-MM-DD; null when it is not a real day written that way. */
export function readDate(s: string, format: DateFormat): string | null {
  const m = PARTS.exec(s.trim());
  if (!m) return null;
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  let year: string;
  let month: string;
  let day: string;
  if (format === 'YMD') {
    if (a.length !== 4 || c.length > 2) return null;
    [year, month, day] = [a, b, c];
  } else {
    if (c.length !== 4 || a.length > 2) return null;
    [year, month, day] = format === 'DMY' ? [c, b, a] : [c, a, b];
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isDate(iso) ? iso : null;
}

/** The order the locale writes day and month in: DMY for en-GB or de, MDY for en-US. */
export function localeDateFormat(locale: string | undefined = LOCALE): DateFormat {
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.UTC(2024, 0, 15)));
    const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type[0]);
    if (order[0] === 'y') return 'YMD';
    return order[0] === 'm' ? 'MDY' : 'DMY';
  } catch {
    return 'DMY';
  }
}

/** What detectDateFormat concluded about a file. */
export interface DateFormatGuess {
  format: DateFormat;
  /**
   * Whether another format reads every day of the file too, so that the
   * choice rests on weaker evidence and the person must confirm it.
   */
  ambiguous: boolean;
  /** Why this format, in a sentence for people. */
  reason: string;
  /** A day of the file and how this format reads it, to show the person. */
  example: { text: string; day: string } | null;
}

/**
 * Which format a file writes its days in, from its periods (first and last
 * day, as written). The format that reads the most days wins; a tie between
 * DD/MM and MM/DD goes to the one whose periods end on or after they start
 * and follow each other, then to the locale's order, and is ambiguous.
 */
export function detectDateFormat(periods: readonly (readonly [string, string])[], fallback: DateFormat = localeDateFormat()): DateFormatGuess {
  const values = periods.flat().map((v) => v.trim()).filter((v) => v !== '');
  const reads = (f: DateFormat) => values.filter((v) => readDate(v, f) !== null).length;
  const counts = Object.fromEntries(DATE_FORMATS.map((f) => [f, reads(f)])) as Record<DateFormat, number>;
  const best = Math.max(...DATE_FORMATS.map((f) => counts[f]));
  const example = (f: DateFormat, only?: DateFormat) => {
    const text = values.find((v) => readDate(v, f) !== null && (only === undefined || readDate(v, only) === null));
    return text === undefined ? null : { text, day: readDate(text, f)! };
  };
  if (best === 0) {
    return { format: fallback, ambiguous: false, reason: `No day in the file is written in a format this import reads.`, example: null };
  }
  const candidates = DATE_FORMATS.filter((f) => counts[f] === best);
  if (candidates.length === 1) {
    const format = candidates[0]!;
    if (format === 'YMD') return { format, ambiguous: false, reason: 'The days start with the year.', example: example(format) };
    const other: DateFormat = format === 'DMY' ? 'MDY' : 'DMY';
    const proof = example(format, other);
    const reason = proof
      ? `${proof.text} can only be ${DATE_FORMAT_LABEL[format]}: its ${format === 'DMY' ? 'first' : 'second'} number is above 12.`
      : `More days read as ${DATE_FORMAT_LABEL[format]} than in any other format.`;
    return { format, ambiguous: false, reason, example: proof ?? example(format) };
  }

  // DD/MM and MM/DD read every day alike: look at the periods.
  const [first, second] = candidates as [DateFormat, DateFormat];
  const sense = (f: DateFormat) => periodSense(periods, f);
  const a = sense(first);
  const b = sense(second);
  let format = fallback === second ? second : first;
  let reason = `Every day reads both ways; ${DATE_FORMAT_LABEL[format]} is how your browser writes days.`;
  if (a.forward !== b.forward) {
    format = a.forward > b.forward ? first : second;
    reason = `Every day reads both ways, but only as ${DATE_FORMAT_LABEL[format]} do ${Math.max(a.forward, b.forward)} of ${periods.length} periods end on or after their first day.`;
  } else if (a.following !== b.following) {
    format = a.following > b.following ? first : second;
    reason = `Every day reads both ways, but as ${DATE_FORMAT_LABEL[format]} the periods follow each other day after day.`;
  }
  return { format, ambiguous: true, reason, example: example(format) };
}

/**
 * How many periods end on or after they start when read in format, and how
 * many meet the one listed before them (the day after it ends, or, in files
 * listed newest first, the day before it starts).
 */
function periodSense(periods: readonly (readonly [string, string])[], format: DateFormat) {
  let forward = 0;
  let following = 0;
  let prev: [string | null, string | null] = [null, null];
  for (const [s, e] of periods) {
    const start = readDate(s, format);
    const end = readDate(e, format);
    if (start && end && start <= end) forward++;
    if ((start && prev[1] && daysBetween(prev[1], start) === 1) || (end && prev[0] && daysBetween(end, prev[0]) === 1)) following++;
    prev = [start, end];
  }
  return { forward, following };
}
