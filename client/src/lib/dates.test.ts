import { describe, expect, it } from 'vitest';
import { bucketLabel, formatDate, formatPeriod } from './dates';

// jsdom's navigator speaks American English; Node's ICU writes a range with
// thin spaces where Chromium writes plain ones.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('dates for people', () => {
  it('writes every date in one style, the locale’s', () => {
    expect(formatDate('2024-01-15')).toBe('Jan 15, 2024');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes a period as the locale writes a range, and one day as a date', () => {
    expect(plain(formatPeriod('2025-01-15', '2025-02-14'))).toBe('Jan 15 – Feb 14, 2025');
    expect(plain(formatPeriod('2024-12-15', '2025-01-14'))).toBe('Dec 15, 2024 – Jan 14, 2025');
    expect(formatPeriod('2025-01-15', '2025-01-15')).toBe('Jan 15, 2025');
  });

  it('names buckets whole, never cut to "26 No"', () => {
    expect(bucketLabel('2025-11-26', 'DAY')).toBe('Nov 26');
    expect(bucketLabel('2025-11-24', 'WEEK')).toBe('Nov 24');
    expect(bucketLabel('2025-11-01', 'MONTH')).toBe('Nov 2025');
    expect(bucketLabel('2025-10-01', 'QUARTER')).toBe('Q4 2025');
    expect(bucketLabel('2025-01-01', 'YEAR')).toBe('2025');
  });
});
