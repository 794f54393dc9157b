import { describe, expect, it } from 'vitest';
import { checkReading, consumption, fromMillionths, impliedConsumption, periodsOf, readReadingsCsv, toMillionths } from './meters';

const gas = { installedOn: '2024-01-31', removedOn: null, digits: null };
const readings = [
  { id: 'a', readOn: '2024-01-31', value: '1000.5' },
  { id: 'b', readOn: '2024-02-29', value: '1084.25' },
];
const today = '2024-06-30';

describe('exact arithmetic', () => {
  it('reads and writes millionths', () => {
    expect(toMillionths('12.5')).toBe(12_500_000n);
    expect(toMillionths('0.000001')).toBe(1n);
    expect(toMillionths('1000000000000')).toBe(10n ** 18n);
    expect(fromMillionths(83_750_000n)).toBe('83.75');
    expect(fromMillionths(0n)).toBe('0');
    expect(fromMillionths(-1n)).toBe('-0.000001');
  });

  it('subtracts without floating-point error', () => {
    // 0.3 − 0.1 in floats is 0.19999999999999998.
    expect(consumption('0.1', '0.3')).toBe('0.2');
    expect(consumption('1084.25', '1150')).toBe('65.75');
  });

  it('adds 10^digits when the register rolled over', () => {
    // 15 + 10000 − 9990 = 25.
    expect(consumption('9990', '15', 4)).toBe('25');
    expect(consumption('9990', '15')).toBeNull();
  });
});

describe('impliedConsumption', () => {
  it('is the difference from the reading before, over the days after it', () => {
    expect(impliedConsumption(readings, '2024-03-31', '1150')).toEqual({ from: '2024-03-01', to: '2024-03-31', amount: '65.75', rolledOver: false });
  });

  it('takes the reading before the day, not the latest', () => {
    expect(impliedConsumption(readings, '2024-02-10', '1030,5')?.amount).toBe('30');
  });

  it('is nothing before the first reading, for a lower value, or for a value not yet a number', () => {
    expect(impliedConsumption(readings, '2024-01-30', '900')).toBeNull();
    expect(impliedConsumption(readings, '2024-03-31', '1000')).toBeNull();
    expect(impliedConsumption(readings, '2024-03-31', '11a')).toBeNull();
  });

  it('says when the register rolled over', () => {
    expect(impliedConsumption([{ readOn: '2024-01-01', value: '99990' }], '2024-01-05', '10', 5)).toEqual({
      from: '2024-01-02',
      to: '2024-01-05',
      amount: '20',
      rolledOver: true,
    });
  });
});

describe('checkReading', () => {
  const check = (readOn: string, value: string, editing?: string, on = today) => checkReading({ readOn, value }, gas, readings, on, editing);

  it('passes a reading that fits', () => {
    expect(check('2024-03-31', '1150')).toEqual({});
  });

  it.each([
    ['a lower value', '2024-03-31', '1000', 'value'],
    ['a value above the next reading', '2024-02-10', '1100', 'value'],
    ['a day read already', '2024-02-29', '1100', 'readOn'],
    ['a day before the meter', '2024-01-30', '1', 'readOn'],
    ['a day after today', '2024-07-01', '2000', 'readOn'],
    ['a negative value', '2024-03-31', '-1', 'value'],
    ['seven decimal places', '2024-03-31', '1100.0000001', 'value'],
    ['no day', '', '1100', 'readOn'],
  ])('refuses %s', (_, readOn, value, field) => {
    expect(Object.keys(check(readOn, value))).toEqual([field]);
  });

  it('names the reading a lower value is below', () => {
    expect(check('2024-03-31', '1000').value).toMatch(/^Lower than the reading of 2024-02-29 \(1084\.25\); a new meter\?/);
  });

  it('allows 400 days after the last reading, and not 401', () => {
    // 2024-02-29 + 400 days is 2025-04-04.
    expect(check('2025-04-04', '2000', undefined, '2026-01-01')).toEqual({});
    expect(check('2025-04-05', '2000', undefined, '2026-01-01').readOn).toMatch(/401 days after the reading of 2024-02-29/);
  });

  it('leaves out the reading being changed', () => {
    expect(check('2024-02-29', '1090', 'b')).toEqual({});
  });

  it('refuses more than a register of its digits shows', () => {
    expect(checkReading({ readOn: '2024-03-01', value: '10000' }, { ...gas, digits: 4 }, [], today).value).toMatch(/4 digits/);
  });
});

describe('readReadingsCsv', () => {
  it('reads a file of dates and values, in any column order', () => {
    const r = readReadingsCsv('value,date\n1150,2024-03-31\n1181,2024-05-15\n', gas, readings, today);
    expect(r.fileError).toBeUndefined();
    expect(r.rows.map((row) => row.input)).toEqual([
      { readOn: '2024-03-31', value: '1150' },
      { readOn: '2024-05-15', value: '1181' },
    ]);
  });

  it('checks rows against the stored readings and each other, and keeps the good ones', () => {
    const text = ['date;value', '2024-03-31;1150', '2024-03-31;1151', '2024-04-30;1100', 'tomorrow;5', '2024-05-31;1200,5'].join('\n');
    const r = readReadingsCsv(text, gas, readings, today);
    expect(r.rows.map((row) => [row.line, row.input !== null])).toEqual([
      [2, true],
      [3, false], // the same day as line 2
      [4, false], // lower than the reading of 2024-03-31 before it
      [5, false], // not a date
      [6, true],
    ]);
    expect(r.rows[1]!.errors[0]).toMatch(/line 2/);
    expect(r.rows[2]!.errors[0]).toMatch(/^Value: Lower than the reading of 2024-03-31/);
    expect(r.rows[4]!.input).toEqual({ readOn: '2024-05-31', value: '1200.5' });
  });

  it('says when the columns are not named', () => {
    expect(readReadingsCsv('2024-03-31,1150\n', gas, readings, today).fileError).toMatch(/name the columns/);
  });
});

describe('periodsOf', () => {
  it('lists the periods oldest first with their daily rate', () => {
    const got = periodsOf([
      { readOn: '2024-03-31', period: { periodStart: '2024-03-01', periodEnd: '2024-03-31', amount: '62' } },
      { readOn: '2024-01-31', period: null },
      { readOn: '2024-02-29', period: { periodStart: '2024-02-01', periodEnd: '2024-02-29', amount: '58' } },
    ]);
    expect(got).toEqual([
      { from: '2024-02-01', to: '2024-02-29', amount: '58', perDay: 2 },
      { from: '2024-03-01', to: '2024-03-31', amount: '62', perDay: 2 },
    ]);
  });
});
