import { describe, expect, it } from 'vitest';
import { MIN_COVERAGE, comparedPeriods, judge } from './comparison';

describe('judge', () => {
  it('shows a change only when both periods have records for at least half their days', () => {
    expect(MIN_COVERAGE).toBe(0.5);
    expect(judge('-0.25', 1, 1)).toEqual({ kind: 'change', change: '-0.25', direction: 'less', better: true });
    expect(judge('-0.25', 0.5, 0.5)).toMatchObject({ kind: 'change' });
    // "Last year" against a year with two months of data: not +411.8%.
    expect(judge('4.118', 1, 2 / 12)).toEqual({ kind: 'thin', range: false, earlier: true });
    // "This month" with no records: not −100%.
    expect(judge('-1', 0, 1)).toEqual({ kind: 'thin', range: true, earlier: false });
    expect(judge('0.1', 0.49, 0.3)).toEqual({ kind: 'thin', range: true, earlier: true });
  });

  it('calls more use worse and less better, and no change neither', () => {
    expect(judge('0.1', 1, 1)).toMatchObject({ direction: 'more', better: false });
    expect(judge('-0.1', 1, 1)).toMatchObject({ direction: 'less', better: true });
    expect(judge('0.000', 1, 1)).toMatchObject({ direction: 'same', better: null });
  });

  it('has nothing to say when neither period has data, or the earlier total is 0', () => {
    expect(judge(null, 0, 0)).toEqual({ kind: 'none' });
    expect(judge(null, 1, 1)).toEqual({ kind: 'none' });
  });
});

describe('comparedPeriods', () => {
  it('takes as many days just before, and the same dates a year earlier', () => {
    expect(comparedPeriods('2024-11-27', '2025-11-26')).toEqual({
      previous: { from: '2023-11-28', to: '2024-11-26' },
      yearEarlier: { from: '2023-11-27', to: '2024-11-26' },
    });
    expect(comparedPeriods('2025-10-01', '2025-10-31').previous).toEqual({ from: '2025-08-31', to: '2025-09-30' });
  });

  it('takes 29 February a year earlier as the 28th, as the server does', () => {
    expect(comparedPeriods('2024-02-01', '2024-02-29').yearEarlier).toEqual({ from: '2023-02-01', to: '2023-02-28' });
  });
});
