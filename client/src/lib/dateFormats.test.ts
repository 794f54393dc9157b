import { describe, expect, it } from 'vitest';
import { detectDateFormat, localeDateFormat, readDate } from './dateFormats';

describe('readDate', () => {
  it.each([
    ['15/01/2024', 'DMY', '2024-01-15'],
    ['1.2.2024', 'DMY', '2024-02-01'],
    ['01/15/2024', 'MDY', '2024-01-15'],
    ['2024-01-15', 'YMD', '2024-01-15'],
    ['2024/1/5', 'YMD', '2024-01-05'],
    ['15/01/2024 00:00', 'DMY', '2024-01-15'],
    ['2024-01-15T00:00:00Z', 'YMD', '2024-01-15'],
  ] as const)('reads %s as %s', (text, format, want) => {
    expect(readDate(text, format)).toBe(want);
  });

  it.each([
    ['15/01/2024', 'MDY'],
    ['2024-01-15', 'DMY'],
    ['15/01/24', 'DMY'],
    ['31/02/2024', 'DMY'],
    ['01/15/2024', 'DMY'],
    ['15 Jan 2024', 'DMY'],
    ['', 'YMD'],
  ] as const)('refuses %s as %s', (text, format) => {
    expect(readDate(text, format)).toBeNull();
  });
});

describe('detectDateFormat', () => {
  it('decides by a field above 12, and says which day proves it', () => {
    const g = detectDateFormat([
      ['01/01/2025', '31/01/2025'],
      ['01/02/2025', '28/02/2025'],
    ], 'MDY');
    expect(g).toMatchObject({ format: 'DMY', ambiguous: false, example: { text: '31/01/2025', day: '2025-01-31' } });
    expect(g.reason).toMatch(/31\/01\/2025 can only be DD\/MM\/YYYY/);
    expect(detectDateFormat([['01/15/2025', '02/14/2025']], 'DMY')).toMatchObject({ format: 'MDY', ambiguous: false });
  });

  it('reads days that start with the year as YYYY-MM-DD', () => {
    expect(detectDateFormat([['2025-01-01', '2025-01-31']], 'MDY')).toMatchObject({ format: 'YMD', ambiguous: false });
  });

  it('takes the format that reads the most days when some read in none', () => {
    expect(detectDateFormat([['13/01/2025', 'soon'], ['', '14/01/2025']], 'MDY')).toMatchObject({ format: 'DMY', ambiguous: false });
  });

  it('calls a file ambiguous when both orders read every day, and picks the one whose periods run forward', () => {
    // As DD/MM these are February and March; as MM/DD the second period ends before it starts.
    const g = detectDateFormat([
      ['01/02/2025', '01/03/2025'],
      ['02/03/2025', '01/04/2025'],
    ], 'MDY');
    expect(g).toMatchObject({ format: 'DMY', ambiguous: true, example: { text: '01/02/2025', day: '2025-02-01' } });
    expect(g.reason).toMatch(/only as DD\/MM\/YYYY do 2 of 2 periods end on or after their first day/);
  });

  it('picks the order in which periods follow each other, listed either way', () => {
    // Both orders run forward; only as MM/DD does each start the day after the last ends.
    const rows: [string, string][] = [
      ['01/01/2025', '01/05/2025'],
      ['01/06/2025', '01/10/2025'],
    ];
    expect(detectDateFormat(rows, 'DMY')).toMatchObject({ format: 'MDY', ambiguous: true });
    expect(detectDateFormat([...rows].reverse(), 'DMY')).toMatchObject({ format: 'MDY', ambiguous: true });
  });

  it('falls back to the locale’s order when nothing tells, and still asks', () => {
    const rows: [string, string][] = [['01/02/2025', '03/04/2025']];
    expect(detectDateFormat(rows, 'DMY')).toMatchObject({ format: 'DMY', ambiguous: true });
    expect(detectDateFormat(rows, 'MDY')).toMatchObject({ format: 'MDY', ambiguous: true });
    expect(detectDateFormat(rows, 'MDY').reason).toMatch(/how your browser writes days/);
  });

  it('says so when no day reads at all', () => {
    expect(detectDateFormat([['soon', 'later']], 'DMY')).toMatchObject({ format: 'DMY', ambiguous: false, example: null });
  });
});

describe('localeDateFormat', () => {
  it('reads the order of day and month from the locale', () => {
    expect(localeDateFormat('en-US')).toBe('MDY');
    expect(localeDateFormat('en-GB')).toBe('DMY');
    expect(localeDateFormat('de-DE')).toBe('DMY');
    expect(localeDateFormat('sv-SE')).toBe('YMD');
  });
});
