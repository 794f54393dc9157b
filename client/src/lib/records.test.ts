import { describe, expect, it } from 'vitest';
import { validateRecord, type RecordDraft } from './records';
import { addDays, bucketCount, daysBetween, isDate } from './dates';

const TODAY = '2025-06-30';
const good: RecordDraft = { type: 'ELECTRICITY', amount: '310.25', unit: 'KWH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: '', cost: '' };

describe('validateRecord mirrors the server', () => {
  it('accepts a good record', () => {
    expect(validateRecord(good, TODAY)).toEqual({});
  });

  it('refuses a unit the type does not have, naming the allowed ones', () => {
    expect(validateRecord({ ...good, type: 'WATER', unit: 'KWH' }, TODAY).unit).toBe('KWH is not a unit of water; use CUBIC_METER or LITER.');
    expect(validateRecord({ ...good, type: 'GAS', unit: 'KWH' }, TODAY)).toEqual({});
  });

  it('allows periods of up to 400 days, both ends counted', () => {
    expect(validateRecord({ ...good, periodStart: '2024-01-01', periodEnd: addDays('2024-01-01', 399) }, TODAY)).toEqual({});
    expect(validateRecord({ ...good, periodStart: '2024-01-01', periodEnd: addDays('2024-01-01', 400) }, TODAY).periodEnd).toBe(
      'A period may be at most 400 days long; this one is 401 days.',
    );
  });

  it('allows a one-day period but not one that ends before it starts', () => {
    expect(validateRecord({ ...good, periodStart: '2025-01-05', periodEnd: '2025-01-05' }, TODAY)).toEqual({});
    expect(validateRecord({ ...good, periodStart: '2025-01-05', periodEnd: '2025-01-04' }, TODAY).periodEnd).toMatch(/on or after/);
  });

  it('refuses periods before 1970 and after today', () => {
    expect(validateRecord({ ...good, periodStart: '1969-12-31', periodEnd: '1970-01-10' }, TODAY).periodStart).toMatch(/1970-01-01/);
    expect(validateRecord({ ...good, periodStart: '2025-06-01', periodEnd: '2025-07-01' }, TODAY).periodEnd).toBe('The period may not end after today (2025-06-30).');
    expect(validateRecord({ ...good, periodStart: '2025-06-01', periodEnd: TODAY }, TODAY)).toEqual({});
  });

  it('refuses dates that do not exist', () => {
    expect(validateRecord({ ...good, periodStart: '2025-02-30' }, TODAY).periodStart).toMatch(/YYYY-MM-DD/);
  });

  it('counts notes in characters, not bytes', () => {
    expect(validateRecord({ ...good, notes: 'é'.repeat(500) }, TODAY)).toEqual({});
    expect(validateRecord({ ...good, notes: '😀'.repeat(501) }, TODAY).notes).toMatch(/500 characters/);
  });

  it('takes a cost as optional, by the rules of amounts', () => {
    expect(validateRecord({ ...good, cost: '84.12' }, TODAY)).toEqual({});
    expect(validateRecord({ ...good, cost: '-1' }, TODAY).cost).toBe('The cost must not be negative.');
    expect(validateRecord({ ...good, cost: '0.1234567' }, TODAY).cost).toBe('The cost may have at most 6 decimal places.');
    expect(validateRecord({ ...good, cost: '1000000000000.01' }, TODAY).cost).toBe('The cost must be at most 1000000000000.');
    expect(validateRecord({ ...good, cost: 'ten' }, TODAY).cost).toMatch(/not a decimal number/);
  });

  it('reports every broken rule at once', () => {
    expect(Object.keys(validateRecord({ ...good, amount: '-1', periodStart: '', periodEnd: '' }, TODAY)).sort()).toEqual(['amount', 'periodEnd', 'periodStart']);
  });
});

describe('dates', () => {
  it('knows real days and counts between them', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(daysBetween('2025-01-15', '2025-02-14')).toBe(30);
  });

  it('counts buckets as the server would, to warn before it refuses', () => {
    expect(bucketCount('2025-01-01', '2025-03-31', 'DAY')).toBe(90);
    expect(bucketCount('2025-01-01', '2025-03-31', 'MONTH')).toBe(3);
    expect(bucketCount('2020-01-01', '2025-03-31', 'YEAR')).toBe(6);
  });
});
