// Budgets and the forecast, in words: how the current period stands against
// a budget, the rules of a budget's limit, and where the forecast is drawn.
// Figures stay the API's decimal strings; only the share of the budget, a
// ratio the API computes, is a number.

import type { BudgetMeasure, BudgetsQuery, ConsumptionType, PeriodGranularity, Unit } from '../gql/graphql';
import { checkAmount, formatAmount } from './decimal';
import { formatMoney } from './money';
import type { Granularity } from './dates';
import { UNIT_LABEL } from './units';

export type Budget = BudgetsQuery['budgets'][number];
export type Forecast = BudgetsQuery['consumptionForecast'][number];

export const PERIOD_NOUN: Readonly<Record<PeriodGranularity, string>> = {
  MONTH: 'month',
  QUARTER: 'quarter',
  YEAR: 'year',
};

/** The period a forecast covers for a chart by granularity: the chart's own, or the month. */
export function forecastGranularity(g: Granularity): PeriodGranularity {
  return g === 'QUARTER' || g === 'YEAR' ? g : 'MONTH';
}

/** An amount with its unit, as the cards write it: "84 kWh". */
export function amountWithUnit(amount: string, unit: Unit): string {
  return `${formatAmount(amount)} ${UNIT_LABEL[unit]}`;
}

/** A budget's limit with its unit, or in money for a cost. */
export function limitText(b: Pick<Budget, 'limit' | 'unit'>, currency = ''): string {
  if (b.unit) return amountWithUnit(b.limit, b.unit);
  return currency ? formatMoney(b.limit, currency) : formatAmount(b.limit);
}

export interface BudgetStatus {
  tone: 'on-track' | 'over' | 'unknown';
  /** One sentence: "On track: 84 kWh of 100 kWh expected." */
  text: string;
}

/**
 * How the forecast stands against the budget: on track (the expected total
 * reaches at most the limit), over (with by how much), or unknown when there
 * is no forecast of the budget's type and period, or no share to judge by
 * (a budget of cost).
 */
export function budgetStatus(b: Budget, f: Forecast | undefined): BudgetStatus {
  const period = PERIOD_NOUN[b.granularity];
  if (!f || f.budget?.id !== b.id) {
    return { tone: 'unknown', text: `No forecast of this ${period} to compare with.` };
  }
  const share = f.expectedShareOfBudget;
  const limit = limitText(b, f.currency);
  if (share === null || (b.measure === 'COST' && f.expectedCost === null)) {
    return { tone: 'unknown', text: `The ${period}'s cost is not known: tariffs must price every day without a bill's cost.` };
  }
  const expected = b.measure === 'COST' && f.expectedCost !== null ? formatMoney(f.expectedCost, f.currency) : amountWithUnit(f.expectedTotal, f.unit);
  if (share <= 1) {
    return { tone: 'on-track', text: `On track: ${expected} of ${limit} expected (${percent(share)}).` };
  }
  return { tone: 'over', text: `Over budget: ${expected} expected of ${limit}, ${percent(share - 1)} over.` };
}

/** A share as a whole percentage, never rounding a small overrun to 0%. */
export function percent(share: number): string {
  const p = share * 100;
  if (p > 0 && p < 1) return '<1%';
  return `${Math.round(p)}%`;
}

/** The forecast of a period in one sentence: so far, expected, and the likely range. */
export function forecastText(f: Forecast, g: PeriodGranularity): string {
  const so = amountWithUnit(f.actualToDate, f.unit);
  if (f.expectedTotal === f.actualToDate && f.low === f.high) return `${so}; every day of the ${PERIOD_NOUN[g]} is recorded.`;
  const range = f.low === f.high ? '' : `, likely ${formatAmount(f.low)}–${amountWithUnit(f.high, f.unit)}`;
  const cost = f.expectedCost === null ? '' : `, about ${formatMoney(f.expectedCost, f.currency)}`;
  return `${so} so far; ${amountWithUnit(f.expectedTotal, f.unit)} expected${range}${cost}.`;
}

export interface BudgetDraft {
  type: ConsumptionType;
  granularity: PeriodGranularity;
  measure: BudgetMeasure;
  limit: string;
  unit: Unit;
}

/** The server's rule for a limit: more than 0, as an amount otherwise. Returns a sentence, or null. */
export function checkLimit(s: string): string | null {
  if (s === '') return 'Enter a limit, such as 100.';
  const amount = checkAmount(s);
  if (amount) return amount.replace('The amount', 'The limit').replace('an amount', 'a limit');
  if (!/[1-9]/.test(s)) return 'The limit must be more than 0.';
  return null;
}

/** The input of setBudget for a draft: a cost has no unit. */
export function budgetInput(d: BudgetDraft) {
  return {
    type: d.type,
    granularity: d.granularity,
    measure: d.measure,
    limit: d.limit,
    unit: d.measure === 'AMOUNT' ? d.unit : null,
  };
}

/** Where the chart draws the forecast: the point of the forecast's period, if the chart has it. */
export function forecastIndex(points: readonly { periodStart: string }[], granularity: Granularity, f: Forecast | undefined): number {
  if (!f || forecastGranularity(granularity) !== granularity) return -1;
  return points.findIndex((p) => p.periodStart === f.periodStart);
}
