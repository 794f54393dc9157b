// The dashboard's named ranges. Each means what it says on the day it is
// picked: "Last 12 months" is the twelve months up to today (not from
// 1 January), "Last month" is the whole calendar month before this one.

import { addDays, addMonths, daysBetween, startOfMonth, startOfYear } from './dates';

export interface Range {
  from: string;
  to: string;
}

/** The months up to and including today: from the day after the same date `n` months back (the 31st as the month's last day). */
function lastMonths(today: string, n: number): Range {
  return { from: addDays(addMonths(today, -n), 1), to: today };
}

export interface Preset {
  id: string;
  label: string;
  range: (today: string) => Range;
}

export const PRESETS: readonly Preset[] = [
  { id: 'month', label: 'This month', range: (t) => ({ from: startOfMonth(t), to: t }) },
  {
    id: 'lastmonth',
    label: 'Last month',
    range: (t) => {
      const end = addDays(startOfMonth(t), -1);
      return { from: startOfMonth(end), to: end };
    },
  },
  { id: '3m', label: 'Last 3 months', range: (t) => lastMonths(t, 3) },
  { id: '12m', label: 'Last 12 months', range: (t) => lastMonths(t, 12) },
  { id: 'year', label: 'This year', range: (t) => ({ from: startOfYear(t), to: t }) },
  {
    id: 'lastyear',
    label: 'Last year',
    range: (t) => {
      const end = addDays(startOfYear(t), -1);
      return { from: startOfYear(end), to: end };
    },
  },
];

/** The range the dashboard opens on. */
export const DEFAULT_PRESET = '12m';

/** The preset whose range, today, is this one; "custom" when none is. */
export function presetOf(range: Range, today: string): string {
  return (
    PRESETS.find((p) => {
      const r = p.range(today);
      return r.from === range.from && r.to === range.to;
    })?.id ?? 'custom'
  );
}

/** How many days a range has, both ends included. */
export function rangeDays(r: Range): number {
  return daysBetween(r.from, r.to) + 1;
}

/**
 * The share of a bucket's days that fall inside the range, from 0 to 1: a
 * bucket that the range cuts (the first and last month of "Last 12
 * months", say) has less than 1, and is drawn as partial, not as a short
 * full bar.
 */
export function shareInRange(periodStart: string, periodEnd: string, range: Range): number {
  const { inside, all } = daysInRange(periodStart, periodEnd, range);
  return inside / all;
}

/** The days of a bucket inside the range, and of the whole bucket. */
export function daysInRange(periodStart: string, periodEnd: string, range: Range): { inside: number; all: number } {
  const from = periodStart > range.from ? periodStart : range.from;
  const to = periodEnd < range.to ? periodEnd : range.to;
  return { inside: from > to ? 0 : daysBetween(from, to) + 1, all: daysBetween(periodStart, periodEnd) + 1 };
}
