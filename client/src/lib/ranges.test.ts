import { describe, expect, it } from 'vitest';
import { PRESETS, daysInRange, presetOf, rangeDays, shareInRange, type Range } from './ranges';

function preset(id: string, today: string): Range {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p.range(today);
}

describe('presets', () => {
  it.each<[string, string, string, string, number]>([
    // The twelve months up to today, not from 1 January.
    ['12m', '2025-11-26', '2024-11-27', '2025-11-26', 365],
    // Across 29 February 2024: 366 days.
    ['12m', '2024-06-15', '2023-06-16', '2024-06-15', 366],
    ['12m', '2024-02-29', '2023-03-01', '2024-02-29', 366],
    ['12m', '2025-02-28', '2024-02-29', '2025-02-28', 366],
    ['12m', '2025-03-01', '2024-03-02', '2025-03-01', 365],
    ['12m', '2025-12-31', '2025-01-01', '2025-12-31', 365],
    // Three months up to today, whatever the months' lengths.
    ['3m', '2025-11-26', '2025-08-27', '2025-11-26', 92],
    ['3m', '2025-03-31', '2025-01-01', '2025-03-31', 90],
    ['3m', '2025-05-31', '2025-03-01', '2025-05-31', 92],
    ['3m', '2024-05-31', '2024-03-01', '2024-05-31', 92],
    ['3m', '2025-05-29', '2025-03-01', '2025-05-29', 90],
    ['3m', '2024-05-29', '2024-03-01', '2024-05-29', 90],
    ['3m', '2025-05-27', '2025-02-28', '2025-05-27', 89],
    // Calendar ones.
    ['month', '2025-11-26', '2025-11-01', '2025-11-26', 26],
    ['month', '2025-11-01', '2025-11-01', '2025-11-01', 1],
    ['lastmonth', '2025-11-26', '2025-10-01', '2025-10-31', 31],
    ['lastmonth', '2024-03-31', '2024-02-01', '2024-02-29', 29],
    ['lastmonth', '2025-01-15', '2024-12-01', '2024-12-31', 31],
    ['year', '2025-11-26', '2025-01-01', '2025-11-26', 330],
    ['lastyear', '2025-11-26', '2024-01-01', '2024-12-31', 366],
    ['lastyear', '2025-01-01', '2024-01-01', '2024-12-31', 366],
  ])('%s on %s is %s – %s (%i days)', (id, today, from, to, days) => {
    const r = preset(id, today);
    expect(r).toEqual({ from, to });
    expect(rangeDays(r)).toBe(days);
  });

  it('names the preset a range is, today, or custom', () => {
    expect(presetOf({ from: '2024-11-27', to: '2025-11-26' }, '2025-11-26')).toBe('12m');
    expect(presetOf({ from: '2025-01-01', to: '2025-11-26' }, '2025-11-26')).toBe('year');
    // A bookmarked "last 12 months" of another day is a custom range now.
    expect(presetOf({ from: '2024-11-27', to: '2025-11-26' }, '2025-11-27')).toBe('custom');
  });
});

describe('buckets cut by the range', () => {
  const range = { from: '2024-11-27', to: '2025-11-26' };

  it('tells a whole bucket from one the range cuts', () => {
    // November 2024: the 27th to the 30th, 4 of its 30 days.
    expect(daysInRange('2024-11-01', '2024-11-30', range)).toEqual({ inside: 4, all: 30 });
    expect(shareInRange('2024-11-01', '2024-11-30', range)).toBeCloseTo(4 / 30);
    expect(shareInRange('2025-02-01', '2025-02-28', range)).toBe(1);
    // November 2025: the 1st to the 26th.
    expect(daysInRange('2025-11-01', '2025-11-30', range)).toEqual({ inside: 26, all: 30 });
  });

  it('cuts weeks, quarters and years alike, and leap Februaries by their 29 days', () => {
    expect(daysInRange('2024-11-25', '2024-12-01', range)).toEqual({ inside: 5, all: 7 });
    expect(daysInRange('2024-10-01', '2024-12-31', range)).toEqual({ inside: 35, all: 92 });
    expect(daysInRange('2024-01-01', '2024-12-31', range)).toEqual({ inside: 35, all: 366 });
    expect(shareInRange('2024-02-01', '2024-02-29', { from: '2024-02-15', to: '2024-03-31' })).toBeCloseTo(15 / 29);
  });

  it('gives 0 for a bucket outside the range', () => {
    expect(shareInRange('2024-10-01', '2024-10-31', range)).toBe(0);
  });
});
