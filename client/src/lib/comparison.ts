// How the dashboard compares a range with an earlier period: honestly, or
// not at all. A change is a percentage only when both periods have records
// for most of their days; otherwise a fall from a full year to two months
// of bills would read as "−80%".

import { addDays, addMonths, daysBetween } from './dates';
import { signOf } from './decimal';

/**
 * The share of its days that each period must have records for before the
 * dashboard shows a change between them: at least half.
 */
export const MIN_COVERAGE = 0.5;

/** The sentence that says the rule, for the page. */
export const COVERAGE_RULE = 'A change is shown only when both periods have records for at least half their days.';

export interface Period {
  from: string;
  to: string;
}

/** The periods a range is compared with, as the server takes them: as many days just before, and the same dates a year earlier (29 February as the 28th). */
export function comparedPeriods(from: string, to: string): { previous: Period; yearEarlier: Period } {
  const days = daysBetween(from, to) + 1;
  return {
    previous: { from: addDays(from, -days), to: addDays(from, -1) },
    yearEarlier: { from: addMonths(from, -12), to: addMonths(to, -12) },
  };
}

/** What a comparison can say. */
export type Verdict =
  /** Neither period has anything to compare, or the earlier total is 0. */
  | { kind: 'none' }
  /** One period or both have records for less than MIN_COVERAGE of their days. */
  | { kind: 'thin'; range: boolean; earlier: boolean }
  /**
   * A change worth reading: less use is better, more is worse. For
   * consumption and its cost alike, a lower figure is the better one.
   */
  | { kind: 'change'; change: string; direction: 'less' | 'more' | 'same'; better: boolean | null };

/**
 * Judges a change between a range (covered for `coverage` of its days) and
 * an earlier period (covered for `earlierCoverage`).
 */
export function judge(change: string | null, coverage: number, earlierCoverage: number): Verdict {
  const range = coverage < MIN_COVERAGE;
  const earlier = earlierCoverage < MIN_COVERAGE;
  if (coverage <= 0 && earlierCoverage <= 0) return { kind: 'none' };
  if (range || earlier) return { kind: 'thin', range, earlier };
  if (change === null) return { kind: 'none' };
  const sign = signOf(change);
  return { kind: 'change', change, direction: sign < 0 ? 'less' : sign > 0 ? 'more' : 'same', better: sign === 0 ? null : sign < 0 };
}
