import { describe, expect, it } from 'vitest';
import { CsvError, detectDelimiter, parseCsv, toCsv } from './csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('splits plain rows and fields', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads the last row without a line break', () => {
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('takes CRLF, LF and lone CR as line ends', () => {
    expect(fields('a\r\nb\nc\rd')).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps empty fields, also at the ends of a row', () => {
    expect(fields(',a,,\n')).toEqual([['', 'a', '', '']]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    expect(fields('"a,b","say ""hi""","two\nlines",""\n')).toEqual([['a,b', 'say "hi"', 'two\nlines', '']]);
  });

  it('counts lines inside quoted fields, so that rows know where they start', () => {
    const rows = parseCsv('h\n"x\r\ny"\nz\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips a byte-order mark and blank lines', () => {
    expect(fields('\uFEFFa,b\n\n1,2\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads semicolon-separated files', () => {
    expect(fields('type;amount\nGAS;"1,5"\n')).toEqual([
      ['type', 'amount'],
      ['GAS', '1,5'],
    ]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(fields('5" pipe,x\n')).toEqual([['5" pipe', 'x']]);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => parseCsv('a\n"b,c\nd\n')).toThrow(CsvError);
    try {
      parseCsv('a\n"b,c\nd\n');
    } catch (e) {
      expect((e as CsvError).line).toBe(2);
      expect((e as CsvError).message).toMatch(/line 2/);
    }
  });

  it('refuses text straight after a closing quote', () => {
    expect(() => parseCsv('"a"b,c\n')).toThrow(/after a closing quote/);
  });

  it('reads an empty text as no rows', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\n')).toEqual([]);
  });
});

describe('detectDelimiter', () => {
  it('picks the separator of the first line, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('a;b;c\n')).toBe(';');
    expect(detectDelimiter('"x;y;z",b\n')).toBe(',');
  });
});

describe('toCsv', () => {
  it('quotes fields that need it and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', 'semi;colon']])).toBe('a,"b,c","say ""hi""","two\nlines","semi;colon"\r\n');
  });

  it('guards text that a spreadsheet would run as a formula, except in numeric columns', () => {
    expect(toCsv([['=SUM(A1)', '+1', '-2', '@x', 'ok']], new Set([2]))).toBe("'=SUM(A1),'+1,-2,'@x,ok\r\n");
  });

  it('writes what parseCsv reads back', () => {
    const rows = [
      ['type', 'notes'],
      ['GAS', 'a "quoted", multi\nline note'],
      ['WATER', ''],
    ];
    expect(fields(toCsv(rows))).toEqual(rows);
  });
});
