import { describe, expect, it } from 'vitest';
import { checkTokenName, expiresAt, formatInstant, isExpired } from './apiTokens';

const NOW = Date.parse('2025-03-01T10:00:00Z');

describe('checkTokenName', () => {
  it.each([
    ['Home Assistant', null],
    ['', 'name'],
    ['   ', 'name'],
    ['x'.repeat(100), null],
    ['é'.repeat(100), null],
    ['x'.repeat(101), '101'],
  ])('checks %j', (name, want) => {
    const got = checkTokenName(name);
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });
});

describe('expiresAt', () => {
  it.each([
    [30, '2025-03-31T10:00:00.000Z'],
    [365, '2026-03-01T10:00:00.000Z'],
    [0, null],
  ])('is, %i days after now, %s', (days, want) => {
    expect(expiresAt(days, NOW)).toBe(want);
  });
});

describe('isExpired', () => {
  it.each([
    [null, false],
    ['2025-03-01T09:59:59Z', true],
    ['2025-03-01T10:00:00Z', true],
    ['2025-03-01T10:00:01Z', false],
  ])('says a token expiring at %s has expired: %s', (at, want) => {
    expect(isExpired({ expiresAt: at }, NOW)).toBe(want);
  });
});

describe('formatInstant', () => {
  it('writes an instant as the locale does, in the time zone given', () => {
    const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Madrid' });
    expect(formatInstant('2025-03-01T10:00:00Z', format)).toBe('1 Mar 2025, 11:00');
    expect(formatInstant('not a time', format)).toBe('not a time');
  });
});
