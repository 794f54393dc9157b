import { describe, expect, it } from 'vitest';
import { budgetInput, budgetStatus, checkLimit, forecastGranularity, forecastIndex, forecastText, percent, type Budget, type Forecast } from './budgets';

const budget: Budget = { id: 'b1', type: 'ELECTRICITY', granularity: 'MONTH', measure: 'AMOUNT', limit: '100', unit: 'KWH' };
const forecast: Forecast = {
  type: 'ELECTRICITY',
  unit: 'KWH',
  periodStart: '2024-06-01',
  periodEnd: '2024-06-30',
  actualToDate: '60',
  expectedTotal: '84',
  low: '75.5',
  high: '99.25',
  expectedCost: null,
  currency: 'EUR',
  budget,
  expectedShareOfBudget: 0.84,
  method: 'The 25 days without records are expected from the same days a year earlier.',
};

describe('budgetStatus', () => {
  it('says a forecast within the limit is on track', () => {
    expect(budgetStatus(budget, forecast)).toEqual({ tone: 'on-track', text: 'On track: 84 kWh of 100 kWh expected (84%).' });
  });

  it('says by how much a forecast goes over', () => {
    const over = { ...forecast, expectedTotal: '120.4', expectedShareOfBudget: 1.204 };
    expect(budgetStatus(budget, over)).toEqual({ tone: 'over', text: 'Over budget: 120.4 kWh expected of 100 kWh, 20% over.' });
  });

  it('writes each figure in its own unit', () => {
    const mwh: Budget = { ...budget, limit: '0.1', unit: 'MWH' };
    expect(budgetStatus(mwh, { ...forecast, budget: mwh }).text).toBe('On track: 84 kWh of 0.1 MWh expected (84%).');
  });

  it('has nothing to say without the forecast of the budget', () => {
    expect(budgetStatus(budget, undefined).tone).toBe('unknown');
    expect(budgetStatus({ ...budget, id: 'other' }, forecast).text).toBe('No forecast of this month to compare with.');
  });

  it('does not judge a budget of cost without an expected cost', () => {
    const cost: Budget = { ...budget, measure: 'COST', unit: null, limit: '80' };
    expect(budgetStatus(cost, { ...forecast, budget: cost, expectedShareOfBudget: null })).toEqual({
      tone: 'unknown',
      text: "The month's cost is not known: tariffs must price every day without a bill's cost.",
    });
  });

  it('writes a budget of cost in money', () => {
    const cost: Budget = { ...budget, measure: 'COST', unit: null, limit: '100' };
    expect(budgetStatus(cost, { ...forecast, budget: cost, expectedCost: '84', expectedShareOfBudget: 0.84 }).text).toBe('On track: €84.00 of €100.00 expected (84%).');
    expect(budgetStatus(cost, { ...forecast, budget: cost, expectedCost: '111.6', expectedShareOfBudget: 1.116 }).text).toBe(
      'Over budget: €111.60 expected of €100.00, 12% over.',
    );
  });
});

describe('percent', () => {
  it('rounds to whole percent, but never a small overrun to 0', () => {
    expect(percent(0.844)).toBe('84%');
    expect(percent(1.005 - 1)).toBe('<1%');
    expect(percent(0)).toBe('0%');
  });
});

describe('forecastText', () => {
  it('gives what is recorded, what is expected and the likely range', () => {
    expect(forecastText(forecast, 'MONTH')).toBe('60 kWh so far; 84 kWh expected, likely 75.5–99.25 kWh.');
    expect(forecastText({ ...forecast, expectedCost: '21.5' }, 'MONTH')).toBe('60 kWh so far; 84 kWh expected, likely 75.5–99.25 kWh, about €21.50.');
  });
  it('says when every day is recorded', () => {
    expect(forecastText({ ...forecast, expectedTotal: '60', low: '60', high: '60' }, 'QUARTER')).toBe('60 kWh; every day of the quarter is recorded.');
  });
});

describe('checkLimit mirrors the server', () => {
  it.each([
    ['', 'Enter a limit, such as 100.'],
    ['0', 'The limit must be more than 0.'],
    ['0.000', 'The limit must be more than 0.'],
    ['-5', 'The limit must not be negative.'],
    ['1.0000001', 'The limit may have at most 6 decimal places.'],
    ['1000000000001', 'The limit must be at most 1000000000000.'],
    ['lots', '"lots" is not a decimal number; write one like 12.5.'],
    ['12.5', null],
  ])('%j', (input, want) => {
    expect(checkLimit(input)).toBe(want);
  });
});

describe('budgetInput', () => {
  it('sends a unit only with an amount', () => {
    expect(budgetInput({ type: 'GAS', granularity: 'YEAR', measure: 'COST', limit: '900', unit: 'KWH' }).unit).toBeNull();
    expect(budgetInput({ type: 'GAS', granularity: 'YEAR', measure: 'AMOUNT', limit: '900', unit: 'KWH' }).unit).toBe('KWH');
  });
});

describe('where the chart draws the forecast', () => {
  const points = [{ periodStart: '2024-05-01' }, { periodStart: '2024-06-01' }];
  it('is the bucket of the forecast period, on a chart by the same period', () => {
    expect(forecastIndex(points, 'MONTH', forecast)).toBe(1);
    expect(forecastIndex(points.slice(0, 1), 'MONTH', forecast)).toBe(-1);
  });
  it('is nowhere on a chart by days or weeks, whose forecast is the month', () => {
    expect(forecastGranularity('DAY')).toBe('MONTH');
    expect(forecastIndex(points, 'WEEK', forecast)).toBe(-1);
    expect(forecastIndex(points, 'MONTH', undefined)).toBe(-1);
  });
});
