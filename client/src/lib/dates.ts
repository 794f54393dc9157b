// Dates are calendar days written "YYYY-MM-DD", as the API sends them. They
// are handled as UTC midnights so that no time zone shifts a day.

import { LOCALE } from './locale';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether s is a real calendar day written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toUTC(s: string): number {
  const m = DATE.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUTC(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` days after s (before, when n is negative). */
export function addDays(s: string, n: number): string {
  return fromUTC(toUTC(s) + n * DAY_MS);
}

/** How many days from a to b: 0 when they are the same day. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUTC(b) - toUTC(a)) / DAY_MS);
}

/** The day `n` months after s, clamped to the end of shorter months. */
export function addMonths(s: string, n: number): string {
  const d = new Date(toUTC(s));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUTC(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
}

/** The first day of the month of s. */
export function startOfMonth(s: string): string {
  return `${s.slice(0, 7)}-01`;
}

/** The first day of the year of s. */
export function startOfYear(s: string): string {
  return `${s.slice(0, 4)}-01-01`;
}

/** Today in the IANA time zone tz (the browser's own when absent or unknown). */
export function today(tz?: string): string {
  const now = new Date();
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

// One style for every date on the page: the browser locale's medium one
// ("Jan 15, 2024" in American English, "15 Jan 2024" in British). Dates
// are UTC midnights, so they are formatted in UTC.
const dateStyle = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat(LOCALE, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "2024-01-15" as the locale writes it: "Jan 15, 2024". */
export function formatDate(s: string): string {
  return isDate(s) ? dateStyle.format(toUTC(s)) : s;
}

/**
 * A period of days for people, as the locale writes a range: "Jan 15 –
 * Feb 14, 2024", or one day.
 */
export function formatPeriod(start: string, end: string): string {
  if (!isDate(start) || !isDate(end)) return `${start} – ${end}`;
  return start === end ? formatDate(start) : dateStyle.formatRange(toUTC(start), toUTC(end));
}

export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** The short name of a chart bucket that starts on `start`, in the locale: "Jan 15", "Jan 2025", "Q1 2025". */
export function bucketLabel(start: string, granularity: Granularity): string {
  const t = toUTC(start);
  switch (granularity) {
    case 'DAY':
    case 'WEEK':
      return dayMonth.format(t);
    case 'MONTH':
      return monthYear.format(t);
    case 'QUARTER':
      return `Q${Math.floor(new Date(t).getUTCMonth() / 3) + 1} ${start.slice(0, 4)}`;
    case 'YEAR':
      return start.slice(0, 4);
  }
}

/** How many buckets of a granularity a range touches, to warn before the server refuses. */
export function bucketCount(from: string, to: string, granularity: Granularity): number {
  const days = daysBetween(from, to) + 1;
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  switch (granularity) {
    case 'DAY':
      return days;
    case 'WEEK':
      return Math.ceil(days / 7) + 1;
    case 'MONTH':
      return months;
    case 'QUARTER':
      return Math.ceil(months / 3) + 1;
    case 'YEAR':
      return Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  }
}
