import { describe, expect, it } from 'vitest';
import { detectDateFormat } from './dateFormats';
import {
  chunk,
  guessSettings,
  lineRanges,
  missingSettings,
  parseHeader,
  readRows,
  readTable,
  serverProblems,
  summarizeProblems,
  writeRecordsCsv,
  type ImportSettings,
} from './recordCsv';

const CTX = { today: '2025-06-30', currency: 'EUR' };

/** Reads a file as the import does with its guesses, the settings changed by `change`. */
function importFile(text: string, change: Partial<ImportSettings> = {}, fileName = 'export.csv') {
  const { table, fileError } = readTable(text);
  if (!table) throw new Error(fileError ?? 'no table');
  const settings = { ...guessSettings(table.header, fileName).settings, ...change };
  const days = table.rows.map((r) => [r.fields[settings.columns.periodStart!] ?? '', r.fields[settings.columns.periodEnd!] ?? ''] as const);
  const format = settings.dateFormat ?? detectDateFormat(days, 'MDY').format;
  return { settings, format, rows: readRows(table, settings, format, CTX) };
}

describe('parseHeader', () => {
  it.each([
    ['Usage (kWh)', { column: 'amount', unit: 'KWH', currency: null, type: null }],
    ['Consumption [m3]', { column: 'amount', unit: 'CUBIC_METER', currency: null, type: null }],
    ['Usage in litres', { column: 'amount', unit: 'LITER', currency: null, type: null }],
    ['kWh', { column: 'amount', unit: 'KWH', currency: null, type: null }],
    ['Total (kWh)', { column: 'amount', unit: 'KWH', currency: null, type: null }],
    ['Electricity usage', { column: 'amount', unit: null, currency: null, type: 'ELECTRICITY' }],
    ['Cost (£)', { column: 'cost', unit: null, currency: '£', type: null }],
    ['Amount (EUR)', { column: 'cost', unit: null, currency: 'EUR', type: null }],
    ['Amount due', { column: 'cost', unit: null, currency: null, type: null }],
    ['Start date', { column: 'periodStart', unit: null, currency: null, type: null }],
    ['period_end', { column: 'periodEnd', unit: null, currency: null, type: null }],
    ['Meter serial', { column: null, unit: null, currency: null, type: null }],
  ] as const)('reads %s', (name, want) => {
    expect(parseHeader(name)).toEqual(want);
  });
});

describe('guessSettings', () => {
  it('maps a utility’s export and takes the unit from the header', () => {
    const g = guessSettings(['Start date', 'End date', 'Usage (kWh)', 'Notes']);
    expect(g.settings).toEqual({ columns: { periodStart: 0, periodEnd: 1, amount: 2, notes: 3 }, type: null, unit: 'KWH', dateFormat: null });
    expect(g.unitFrom).toBe('Usage (kWh)');
    // kWh is electricity or gas: the person chooses.
    expect(missingSettings(g.settings)).toEqual(['Choose the type of consumption the file records.']);
  });

  it('takes the type from a header, the file name, or a unit only one type has', () => {
    expect(guessSettings(['From', 'To', 'Gas (m3)']).settings.type).toBe('GAS');
    expect(guessSettings(['From', 'To', 'Usage (kWh)'], 'electricity-2024.csv').settings.type).toBe('ELECTRICITY');
    expect(guessSettings(['From', 'To', 'Usage (L)']).settings.type).toBe('WATER');
    expect(guessSettings(['From', 'To', 'Usage (m3)']).settings.type).toBeNull();
  });

  it('reads its own export, every field from a column', () => {
    const g = guessSettings(['type', 'amount', 'unit', 'periodStart', 'periodEnd', 'notes', 'cost']);
    expect(g.settings).toEqual({
      columns: { type: 0, amount: 1, unit: 2, periodStart: 3, periodEnd: 4, notes: 5, cost: 6 },
      type: null,
      unit: null,
      dateFormat: null,
    });
    expect(missingSettings(g.settings)).toEqual([]);
  });

  it('takes one column of days for one-day periods', () => {
    expect(guessSettings(['Date', 'kWh']).settings.columns).toEqual({ periodStart: 0, periodEnd: 0, amount: 1 });
  });

  it('says what is left to choose', () => {
    expect(missingSettings(guessSettings(['a', 'b']).settings)).toHaveLength(5);
  });
});

describe('readRows', () => {
  const UTILITY = [
    'Start date,End date,Usage (kWh),Notes,Amount due',
    '01/01/2025,31/01/2025,310.5,January,€84.10',
    '01/02/2025,28/02/2025,"1,204.25",,"1.234,50 EUR"',
    '01/03/2025,31/03/2025,290,,$12',
  ].join('\n');

  it('reads a utility’s DD/MM/YYYY export with the type chosen for the whole file', () => {
    const { format, rows } = importFile(UTILITY, { type: 'ELECTRICITY' });
    expect(format).toBe('DMY');
    expect(rows.map((r) => r.input)).toEqual([
      { type: 'ELECTRICITY', amount: '310.5', unit: 'KWH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: 'January', cost: '84.10' },
      { type: 'ELECTRICITY', amount: '1204.25', unit: 'KWH', periodStart: '2025-02-01', periodEnd: '2025-02-28', notes: null, cost: '1234.50' },
      null,
    ]);
    expect(rows[2]!.problems).toEqual([
      { field: 'cost', kind: 'cost not in EUR', message: 'This cost is in $; costs are in your account’s currency, EUR.' },
    ]);
  });

  it('reads a cost column in the currency its header names', () => {
    const text = 'From,To,Usage (m3),Cost (£)\n2025-01-01,2025-01-31,12,"62,40"\n';
    expect(importFile(text, { type: 'WATER' }).rows[0]!.problems.map((p) => p.kind)).toEqual(['cost not in EUR']);
    expect(readRows(readTable(text).table!, { ...guessSettings(['From', 'To', 'Usage (m3)', 'Cost (£)']).settings, type: 'WATER' }, 'YMD', { ...CTX, currency: 'GBP' })[0]!.input?.cost).toBe('62.40');
  });

  it('reads the days in the format chosen instead of the one detected', () => {
    const { rows } = importFile(UTILITY, { type: 'ELECTRICITY', dateFormat: 'MDY' });
    expect(rows.every((r) => r.input === null)).toBe(true);
    expect(rows[0]!.problems[0]).toEqual({
      field: 'periodEnd',
      kind: 'last day not a date in MM/DD/YYYY',
      message: '"31/01/2025" is not a day written MM/DD/YYYY, such as 01/15/2024.',
    });
  });

  it('marks each bad row with the field at fault, by the server’s rules', () => {
    const { rows } = importFile(
      [
        'type,amount,unit,periodStart,periodEnd',
        'GAS,84.5,LITER,2025-01-15,2025-02-14',
        'fuel,1,KWH,2025-01-01,2025-01-31',
        'WATER,2,LITER,2025-03-01,2025-12-31',
        'WATER,2,LITER,2025-03-01,2025-03-31,extra',
        'ELECTRICITY,1.1234567,KWH,2025-01-01,2025/13/31',
        'ELECTRICITY,,KWH,1960-01-01,2024-01-01',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.line, r.problems.map((p) => p.field)])).toEqual([
      [2, ['unit']],
      [3, ['type']],
      [4, ['periodEnd']],
      [5, ['row']],
      [6, ['amount', 'periodEnd']],
      [7, ['amount', 'periodStart']],
    ]);
    expect(rows.every((r) => r.input === null)).toBe(true);
    expect(rows[0]!.problems[0]!.message).toBe('LITER is not a unit of gas; use CUBIC_METER or KWH.');
  });

  it('blames the row further down of two rows whose periods overlap, as the server would', () => {
    const { rows } = importFile(
      [
        'type,amount,unit,periodStart,periodEnd',
        'GAS,1,KWH,2025-01-10,2025-01-31',
        'GAS,1,KWH,2025-01-01,2025-01-12',
        'WATER,1,LITER,2025-01-01,2025-01-31',
        'GAS,1,KWH,2025-01-20,2025-01-25',
      ].join('\n'),
    );
    expect(rows.map((r) => r.input !== null)).toEqual([true, false, true, false]);
    expect(rows[1]!.problems[0]!.message).toBe('This period overlaps that of row 2; records of one type may not overlap.');
    expect(rows[3]!.problems[0]!.message).toMatch(/row 2;/);
  });

  it('reads its own export back unchanged', () => {
    const records = [
      { type: 'GAS', amount: '84.5', unit: 'CUBIC_METER', periodStart: '2025-01-15', periodEnd: '2025-02-14', notes: 'bill "1043", paid', cost: null },
      { type: 'WATER', amount: '0.000001', unit: 'LITER', periodStart: '2025-03-01', periodEnd: '2025-03-01', notes: '=HYPERLINK("x")', cost: null },
      { type: 'ELECTRICITY', amount: '1000000000000', unit: 'WH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: null, cost: '97.6' },
    ];
    const text = writeRecordsCsv(records);
    expect(text.split('\r\n')[0]).toBe('type,amount,unit,periodStart,periodEnd,notes,cost');
    expect(text).toContain(`'=HYPERLINK`);
    expect(importFile(text).rows.map((r) => r.input)).toEqual(records);
  });
});

describe('summarizeProblems', () => {
  it('says each kind of problem once, with the rows that have it', () => {
    const lines = ['Start date,End date,Usage (kWh),Notes'];
    for (let i = 0; i < 48; i++) lines.push(`2025-01-${String((i % 28) + 1).padStart(2, '0')},15/01/2025,${i === 7 || i === 9 ? 'x' : 1},`);
    const { rows } = importFile(lines.join('\n'), { type: 'ELECTRICITY', dateFormat: 'DMY' });
    expect(summarizeProblems(rows).map((s) => s.text)).toEqual([
      '48 rows: first day not a date in DD/MM/YYYY (rows 2–49)',
      '2 rows: amount not a number (rows 9, 11)',
    ]);
  });

  it('names one row in the singular', () => {
    const { rows } = importFile('type,amount,unit,periodStart,periodEnd\nGAS,-1,KWH,2025-01-01,2025-01-02\n');
    expect(summarizeProblems(rows).map((s) => s.text)).toEqual(['1 row: amount negative (row 2)']);
  });
});

describe('lineRanges', () => {
  it('joins runs of rows and cuts a long list short', () => {
    expect(lineRanges([2, 3, 4, 7, 9, 10])).toBe('2–4, 7, 9–10');
    expect(lineRanges([2, 4, 6, 8, 10, 12, 14])).toBe('2, 4, 6, 8, 10 and 2 more');
  });
});

describe('serverProblems', () => {
  it('puts each error of a dry run on the row it names, overlaps with a stored record apart', () => {
    const { rows } = importFile('type,amount,unit,periodStart,periodEnd\nGAS,1,KWH,2025-01-01,2025-01-31\nGAS,1,KWH,2025-02-01,2025-02-28\nGAS,1,KWH,2025-03-01,2025-03-31\n');
    const sent = [rows[0]!, rows[2]!];
    const got = serverProblems(
      [
        { message: 'This period overlaps your gas record of 2025-03-10 to 2025-03-12.', code: 'CONFLICT', field: 'input.1.periodStart', index: 1, conflictingId: 'r9' },
        { message: 'This period overlaps that of item 0 of the same request; records of one type may not overlap.', code: 'CONFLICT', field: 'input.1.periodStart', index: 1 },
        { message: 'Too many requests.', code: 'RATE_LIMITED' },
      ],
      sent,
    );
    expect([...got.keys()]).toEqual([4]);
    expect(got.get(4)).toEqual([
      { field: 'periodStart', kind: 'overlaps a record you already have', message: 'This period overlaps your gas record of 2025-03-10 to 2025-03-12.', conflictingId: 'r9' },
      { field: 'periodStart', kind: 'overlaps another row of the file', message: 'This period overlaps that of row 2; records of one type may not overlap.' },
    ]);
  });
});

describe('chunk', () => {
  it('splits by count and by size, keeping the order', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ i, notes: 'x'.repeat(90) }));
    expect(chunk(items, 2).map((c) => c.map((x) => x.i))).toEqual([[0, 1], [2, 3], [4]]);
    expect(chunk(items, 10, 250).map((c) => c.map((x) => x.i))).toEqual([[0, 1], [2, 3], [4]]);
    expect(chunk([], 10)).toEqual([]);
  });
});

describe('readTable', () => {
  it('says what is wrong with the file as a whole', () => {
    expect(readTable('').fileError).toBe('The file is empty.');
    expect(readTable('type,amount,unit,periodStart,periodEnd\n').fileError).toMatch(/no records/);
    expect(readTable('type,amount\n"GAS,1\n').fileError).toMatch(/never closed/);
    const many = 'type,amount,unit,periodStart,periodEnd\n' + 'GAS,1,KWH,2025-01-01,2025-01-01\n'.repeat(5001);
    expect(readTable(many).fileError).toBe('The file has 5,001 rows; import at most 5,000 rows at a time.');
  });
});
