import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { addDays, formatPeriod } from './dates';
import { alignYearEarlier, bucketState, chartPoints, coverageText, exportName, seriesCsv, yearEarlier, yearEarlierRange, type Point, type Series } from './series';

type RawPoint = Series['points'][number];

function series(points: RawPoint[], over: Partial<Series> = {}): Series {
  return { type: 'ELECTRICITY', unit: 'KWH', total: '0', currency: 'EUR', totalCost: null, costCoverage: 0, points, ...over };
}

function pt(periodStart: string, periodEnd: string, amount: string, coverage = 1, cost: string | null = null, costCoverage = 0): RawPoint {
  return { periodStart, periodEnd, amount, coverage, cost, costCoverage };
}

/** Whole-bucket points of consecutive days, with amounts 1, 2, 3, ... */
function days(from: string, n: number): Point[] {
  return chartPoints(series(Array.from({ length: n }, (_, i) => pt(addDays(from, i), addDays(from, i), String(i + 1)))), 'amount');
}

describe('bucketState', () => {
  it('tells no data from zero use', () => {
    expect(bucketState({ coverage: 0 })).toBe('none');
    expect(bucketState({ coverage: 0.5 })).toBe('partial');
    expect(bucketState({ coverage: 1 })).toBe('full');
  });

  it('draws a fully covered bucket that the range cuts as partial', () => {
    expect(bucketState({ coverage: 1, inRange: 4, days: 30 })).toBe('partial');
    expect(bucketState({ coverage: 1, inRange: 30, days: 30 })).toBe('full');
    expect(bucketState({ coverage: 0, inRange: 4, days: 30 })).toBe('none');
  });
});

describe('chartPoints', () => {
  const s = series(
    [pt('2025-01-01', '2025-01-31', '20', 1, '7.5', 0.5), pt('2025-02-01', '2025-02-28', '10', 1, null, 0)],
    { total: '30', totalCost: '7.5', costCoverage: 0.5 },
  );

  it('draws amounts with the records’ coverage, or costs with the share of days whose cost is known', () => {
    expect(chartPoints(s, 'amount').map((p) => [p.value, p.coverage])).toEqual([['20', 1], ['10', 1]]);
    expect(chartPoints(s, 'money').map((p) => [p.value, bucketState(p)])).toEqual([['7.5', 'partial'], ['0', 'none']]);
  });

  it('knows the days of each bucket inside the range', () => {
    const points = chartPoints(s, 'amount', { from: '2025-01-20', to: '2025-02-28' });
    expect(points.map((p) => [p.from, p.to, p.inRange, p.days, bucketState(p)])).toEqual([
      ['2025-01-20', '2025-01-31', 12, 31, 'partial'],
      ['2025-02-01', '2025-02-28', 28, 28, 'full'],
    ]);
  });

  it('says which days of a cut bucket the range takes', () => {
    const [jan] = chartPoints(s, 'amount', { from: '2025-01-20', to: '2025-02-28' });
    // The days as the locale writes a range (its spaces vary with the ICU version).
    expect(coverageText(jan!, 'amount', 'MONTH')).toBe(`Only ${formatPeriod('2025-01-20', '2025-01-31')} in the range (12 of the month's 31 days); records cover all of them`);
    expect(coverageText(chartPoints(s, 'amount')[0]!, 'amount', 'MONTH')).toBe('Fully covered');
  });
});

describe('yearEarlier', () => {
  it.each([
    ['2025-03-15', '2024-03-15'],
    ['2024-02-29', '2023-02-28'],
    ['2025-02-28', '2024-02-28'],
    ['2024-03-01', '2023-03-01'],
    ['2024-01-01', '2023-01-01'],
  ])('%s a year earlier is %s', (day, want) => {
    expect(yearEarlier(day)).toBe(want);
  });

  it('moves a range ending on 29 February to the 28th', () => {
    expect(yearEarlierRange({ from: '2023-03-01', to: '2024-02-29' })).toEqual({ from: '2022-03-01', to: '2023-02-28' });
  });
});

describe('alignYearEarlier', () => {
  it('meets each month with the same month a year earlier', () => {
    const now = chartPoints(series([pt('2025-01-01', '2025-01-31', '5'), pt('2025-02-01', '2025-02-28', '6')]), 'amount', { from: '2025-01-10', to: '2025-02-28' });
    const before = chartPoints(series([pt('2024-01-01', '2024-01-31', '3'), pt('2024-02-01', '2024-02-29', '4')]), 'amount', { from: '2024-01-10', to: '2024-02-28' });
    expect(alignYearEarlier(now, before).map((e) => e?.value)).toEqual(['3', '4']);
  });

  it('meets 29 February with the 28th, and every other day with its own date', () => {
    // 27 February to 2 March 2024 (5 days); a year earlier 27 February to 2 March 2023 (4 days).
    const now = days('2024-02-27', 5);
    const before = days('2023-02-27', 4);
    expect(alignYearEarlier(now, before).map((e) => e?.from)).toEqual(['2023-02-27', '2023-02-28', '2023-02-28', '2023-03-01', '2023-03-02']);
  });

  it('leaves out a 29 February of the year before, which no day of this year meets', () => {
    const now = days('2025-02-28', 2);
    const before = days('2024-02-28', 3);
    expect(alignYearEarlier(now, before).map((e) => e?.from)).toEqual(['2024-02-28', '2024-03-01']);
  });

  it('meets a week with the week that shares most of its days', () => {
    // Monday 1 January 2024; a year earlier those dates are Sunday 1 to Saturday 7 January 2023.
    const now = chartPoints(series([pt('2024-01-01', '2024-01-07', '7'), pt('2024-01-08', '2024-01-14', '8')]), 'amount', { from: '2024-01-01', to: '2024-01-14' });
    const before = chartPoints(
      series([pt('2022-12-26', '2023-01-01', '1'), pt('2023-01-02', '2023-01-08', '2'), pt('2023-01-09', '2023-01-15', '3')]),
      'amount',
      { from: '2023-01-01', to: '2023-01-14' },
    );
    expect(alignYearEarlier(now, before).map((e) => e?.value)).toEqual(['2', '3']);
  });

  it('has nothing where the year before has no bucket', () => {
    expect(alignYearEarlier(days('2024-05-01', 2), [])).toEqual([undefined, undefined]);
  });
});

describe('seriesCsv', () => {
  const range = { from: '2024-11-27', to: '2025-01-31' };
  const s = series(
    [pt('2024-11-01', '2024-11-30', '12.5', 1, '3.10', 1), pt('2024-12-01', '2024-12-31', '0', 0, null, 0), pt('2025-01-01', '2025-01-31', '310.25', 0.5, '80.00', 0.25)],
    { total: '322.75', totalCost: '83.10', costCoverage: 0.3 },
  );

  it('writes the days in the range, the amounts with their unit, and blanks where there is no data', () => {
    const rows = parseCsv(seriesCsv(s, range, 'amount')).map((r) => r.fields);
    expect(rows).toEqual([
      ['Start', 'End', 'Days', 'Electricity (kWh)', 'Coverage'],
      ['2024-11-27', '2024-11-30', '4', '12.5', '1'],
      ['2024-12-01', '2024-12-31', '31', '', '0'],
      ['2025-01-01', '2025-01-31', '31', '310.25', '0.5'],
    ]);
  });

  it('adds the costs when the chart shows money', () => {
    const rows = parseCsv(seriesCsv(s, range, 'money')).map((r) => r.fields);
    expect(rows[0]).toEqual(['Start', 'End', 'Days', 'Electricity (kWh)', 'Coverage', 'Cost (EUR)', 'Cost coverage']);
    expect(rows.slice(1).map((r) => r.slice(5))).toEqual([
      ['3.10', '1'],
      ['', '0'],
      ['80.00', '0.25'],
    ]);
  });

  it('adds the year earlier when the overlay is shown', () => {
    const before = series([pt('2023-11-01', '2023-11-30', '9'), pt('2023-12-01', '2023-12-31', '11'), pt('2024-01-01', '2024-01-31', '0', 0)]);
    const rows = parseCsv(seriesCsv(s, range, 'amount', before)).map((r) => r.fields);
    expect(rows[0]!.slice(5)).toEqual(['Year earlier start', 'Year earlier end', 'Year earlier electricity (kWh)']);
    expect(rows.slice(1).map((r) => r.slice(5))).toEqual([
      ['2023-11-27', '2023-11-30', '9'],
      ['2023-12-01', '2023-12-31', '11'],
      ['2024-01-01', '2024-01-31', ''],
    ]);
  });

  it('names the file after the type, the range and the buckets', () => {
    expect(exportName(s, range, 'MONTH', 'money', 'csv')).toBe('electricity-cost-2024-11-27-2025-01-31-by-month.csv');
  });
});
