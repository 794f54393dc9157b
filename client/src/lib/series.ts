// A chart's series as the dashboard draws, tells and exports it: each bucket
// in the measure shown, with the days of it that the range takes and how
// many of those some record covers, its counterpart a year earlier, and the
// CSV of the buckets shown. A bucket that the range cuts (the first month of
// "Last 12 months", say) is partial whatever its coverage: a short bar of a
// fully covered half month must not read as a whole month's use.

import type { DashboardQuery } from '../gql/graphql';
import { toCsv } from './csv';
import { addMonths, daysBetween, formatPeriod, type Granularity } from './dates';
import { daysInRange, type Range } from './ranges';
import { TYPE_LABEL, UNIT_LABEL } from './units';
import { count } from './words';

export type Series = DashboardQuery['consumptionSeries'][number];

/** What a chart shows: the amounts consumed, or what they cost. */
export type Measure = 'amount' | 'money';

/** A bucket as the chart draws it. */
export interface Point {
  /** The whole calendar bucket. */
  periodStart: string;
  periodEnd: string;
  /** The figure in the measure shown: the API's decimal string ("0" where nothing is known). */
  value: string;
  /** The share of the days inside the range that the figure covers (records, or known costs). */
  coverage: number;
  /** The bucket's first and last days inside the range. */
  from: string;
  to: string;
  /** How many of the bucket's days are inside the range, and how many it has. */
  inRange: number;
  days: number;
}

/**
 * The series' buckets in the measure asked: costs where known (unknown ones
 * count as none), or amounts; each with the days of it inside the range
 * (the whole bucket when no range is given).
 */
export function chartPoints(series: Series, measure: Measure, range?: Range): Point[] {
  return series.points.map((p) => {
    const r = range ?? { from: p.periodStart, to: p.periodEnd };
    const { inside, all } = daysInRange(p.periodStart, p.periodEnd, r);
    const from = p.periodStart > r.from ? p.periodStart : r.from;
    const to = p.periodEnd < r.to ? p.periodEnd : r.to;
    const figure =
      measure === 'money' ? { value: p.cost ?? '0', coverage: p.cost === null ? 0 : p.costCoverage } : { value: p.amount, coverage: p.coverage };
    return { periodStart: p.periodStart, periodEnd: p.periodEnd, ...figure, from, to, inRange: inside, days: all };
  });
}

/** Whether the range leaves out some of the bucket's days. */
export function isCut(p: Pick<Point, 'inRange' | 'days'>): boolean {
  return p.inRange < p.days;
}

/** How a bucket is drawn: covered, partly covered or cut by the range, or without data. */
export function bucketState(p: Pick<Point, 'coverage'> & Partial<Pick<Point, 'inRange' | 'days'>>): 'full' | 'partial' | 'none' {
  if (p.coverage <= 0) return 'none';
  if (p.inRange !== undefined && p.days !== undefined && isCut({ inRange: p.inRange, days: p.days })) return 'partial';
  return p.coverage >= 1 ? 'full' : 'partial';
}

const NOUN: Record<Granularity, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

/** What a bucket's figure covers, in words: the days the range takes of it, and how many of those have data. */
export function coverageText(p: Point, measure: Measure, granularity: Granularity): string {
  const money = measure === 'money';
  const state = bucketState(p);
  if (!isCut(p)) {
    if (state === 'none') return money ? 'No known cost' : 'No data';
    if (state === 'full') return 'Fully covered';
    return money ? `Cost known for ${Math.round(p.coverage * 100)}% of the days` : `Records cover ${Math.round(p.coverage * 100)}% of the days`;
  }
  const taken = `Only ${formatPeriod(p.from, p.to)} in the range (${p.inRange} of the ${NOUN[granularity]}'s ${count(p.days, 'day')})`;
  if (state === 'none') return `${taken}; ${money ? 'no known cost' : 'no data'}`;
  const share = p.coverage >= 1 ? 'all of them' : `${Math.round(p.coverage * 100)}% of them`;
  return `${taken}; ${money ? 'cost known for' : 'records cover'} ${share}`;
}

/** The same day a year earlier; 29 February becomes the 28th. */
export function yearEarlier(day: string): string {
  return addMonths(day, -12);
}

/** The same dates a year earlier, as the dashboard's overlay fetches them. */
export function yearEarlierRange(r: Range): Range {
  return { from: yearEarlier(r.from), to: yearEarlier(r.to) };
}

/**
 * For each bucket, its counterpart in the series of a year earlier: the
 * earlier bucket that shares the most days with the bucket's in-range days
 * moved back a year. Months, quarters and years meet their own; a day meets
 * the same date (29 February the 28th); a week, whose weekdays move, the
 * week that shares most of its days. Undefined where none shares a day.
 */
export function alignYearEarlier(points: readonly Point[], earlier: readonly Point[]): (Point | undefined)[] {
  let start = 0;
  return points.map((p) => {
    const from = yearEarlier(p.from);
    const to = yearEarlier(p.to);
    let best: Point | undefined;
    let bestDays = 0;
    for (let i = start; i < earlier.length; i++) {
      const e = earlier[i]!;
      if (e.from > to) break;
      const lo = e.from > from ? e.from : from;
      const hi = e.to < to ? e.to : to;
      const shared = lo > hi ? 0 : daysBetween(lo, hi) + 1;
      if (shared > bestDays) {
        best = e;
        bestDays = shared;
      }
      // Buckets ending before this one's days cannot match a later bucket either.
      if (e.to < from) start = i + 1;
    }
    return best;
  });
}

/** The unit of a measure's figures: the series' unit, or its currency. */
function columnName(series: Series, measure: Measure): string {
  return measure === 'money' ? `Cost (${series.currency})` : `${TYPE_LABEL[series.type]} (${UNIT_LABEL[series.unit]})`;
}

/** A coverage share, to four places. */
function share(x: number): string {
  return String(Math.round(x * 10_000) / 10_000);
}

/**
 * The buckets shown, as CSV: the days of each inside the range, the amount
 * in the series' unit and its coverage, the cost (when the chart shows
 * money), and the year-earlier figures (when the overlay is shown). Figures
 * are the API's exact strings; a bucket without data has an empty cell, not
 * a 0.
 */
export function seriesCsv(series: Series, range: Range, measure: Measure, yearBefore?: Series): string {
  const amounts = chartPoints(series, 'amount', range);
  const costs = chartPoints(series, 'money', range);
  const money = measure === 'money';
  const header = ['Start', 'End', 'Days', columnName(series, 'amount'), 'Coverage'];
  if (money) header.push(columnName(series, 'money'), 'Cost coverage');
  let earlier: (Point | undefined)[] = [];
  if (yearBefore) {
    header.push('Year earlier start', 'Year earlier end', `Year earlier ${columnName(yearBefore, measure).replace(/^./, (c) => c.toLowerCase())}`);
    const before = yearEarlierRange(range);
    earlier = alignYearEarlier(chartPoints(series, measure, range), chartPoints(yearBefore, measure, before));
  }
  const figure = (p: Point) => (p.coverage > 0 ? p.value : '');
  const rows = amounts.map((a, i) => {
    const row = [a.from, a.to, String(a.inRange), figure(a), share(a.coverage)];
    if (money) row.push(figure(costs[i]!), share(costs[i]!.coverage));
    if (yearBefore) {
      const e = earlier[i];
      row.push(e?.from ?? '', e?.to ?? '', e ? figure(e) : '');
    }
    return row;
  });
  return toCsv([header, ...rows]);
}

/** A file name for a chart's image or numbers: "electricity-2024-01-01-2024-12-31-by-month.csv". */
export function exportName(series: Series, range: Range, granularity: Granularity, measure: Measure, ext: string): string {
  const what = measure === 'money' ? `${series.type.toLowerCase()}-cost` : series.type.toLowerCase();
  return `${what}-${range.from}-${range.to}-by-${granularity.toLowerCase()}.${ext}`;
}
