import { describe, expect, it } from 'vitest';
import { readRecordsCsv, writeRecordsCsv } from './recordCsv';

const TODAY = '2025-06-30';

describe('readRecordsCsv', () => {
  it('reads good rows into inputs, with type and unit aliases', () => {
    const { rows, fileError } = readRecordsCsv(
      'Type,Amount,Unit,Period Start,period_end,Notes\nelectricity,310.25,kWh,2025-01-01,2025-01-31,bill\nwater,"1,5",m3,2025-02-01,2025-02-28,\n',
      TODAY,
    );
    expect(fileError).toBeNull();
    expect(rows.map((r) => r.input)).toEqual([
      { type: 'ELECTRICITY', amount: '310.25', unit: 'KWH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: 'bill', cost: null },
      { type: 'WATER', amount: '1.5', unit: 'CUBIC_METER', periodStart: '2025-02-01', periodEnd: '2025-02-28', notes: null, cost: null },
    ]);
  });

  it('reads a cost column, under the names bills give it, and checks it', () => {
    const { rows } = readRecordsCsv(
      'type,amount,unit,periodStart,periodEnd,Amount due\nGAS,84.5,m3,2025-01-15,2025-02-14,"62,40"\nGAS,80,m3,2025-02-15,2025-03-14,\nGAS,1,m3,2025-03-15,2025-03-31,-3\n',
      TODAY,
    );
    expect(rows.map((r) => r.input?.cost)).toEqual(['62.40', null, undefined]);
    expect(rows[2]?.errors).toEqual({ cost: 'The cost must not be negative.' });
  });

  it('marks each bad row with its line and the field at fault', () => {
    const { rows } = readRecordsCsv(
      [
        'type,amount,unit,periodStart,periodEnd',
        'GAS,84.5,LITER,2025-01-15,2025-02-14',
        'fuel,1,KWH,2025-01-01,2025-01-31',
        'WATER,2,LITER,2025-03-01,2025-12-31',
        'WATER,2,LITER,2025-03-01,2025-03-31,extra',
        'ELECTRICITY,1.1234567,KWH,2025-01-01,2025/01/31',
      ].join('\n'),
      TODAY,
    );
    expect(rows.map((r) => [r.line, Object.keys(r.errors)])).toEqual([
      [2, ['unit']],
      [3, ['type']],
      [4, ['periodEnd']],
      [5, ['row']],
      [6, ['amount', 'periodEnd']],
    ]);
    expect(rows.every((r) => r.input === null)).toBe(true);
    expect(rows[0]?.errors.unit).toBe('LITER is not a unit of gas; use CUBIC_METER or KWH.');
  });

  it('says what is wrong with the file as a whole', () => {
    expect(readRecordsCsv('', TODAY).fileError).toBe('The file is empty.');
    expect(readRecordsCsv('type,amount\nGAS,1\n', TODAY).fileError).toMatch(/missing: unit, periodStart, periodEnd/);
    expect(readRecordsCsv('type,amount,unit,periodStart,periodEnd\n', TODAY).fileError).toMatch(/no records/);
    expect(readRecordsCsv('type,amount\n"GAS,1\n', TODAY).fileError).toMatch(/never closed/);
    const many = 'type,amount,unit,periodStart,periodEnd\n' + 'GAS,1,KWH,2025-01-01,2025-01-01\n'.repeat(1001);
    expect(readRecordsCsv(many, TODAY).fileError).toMatch(/at most 1000/);
  });
});

describe('writeRecordsCsv', () => {
  it('writes a file that reads back to the same records', () => {
    const records = [
      { type: 'GAS', amount: '84.5', unit: 'CUBIC_METER', periodStart: '2025-01-15', periodEnd: '2025-02-14', notes: 'bill "1043", paid' },
      { type: 'WATER', amount: '0.000001', unit: 'LITER', periodStart: '2025-03-01', periodEnd: '2025-03-01', notes: '=HYPERLINK("x")' },
      { type: 'ELECTRICITY', amount: '1000000000000', unit: 'WH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: null, cost: '97.6' },
    ];
    const text = writeRecordsCsv(records);
    expect(text.split('\r\n')[0]).toBe('type,amount,unit,periodStart,periodEnd,notes,cost');
    expect(text).toContain(`'=HYPERLINK`);
    const back = readRecordsCsv(text, TODAY).rows.map((r) => r.input);
    expect(back).toEqual(records.map((r) => ({ ...r, notes: r.notes ?? null, cost: r.cost ?? null })));
  });
});
