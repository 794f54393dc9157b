import { describe, expect, it } from 'vitest';
import { currencyCodes, currencySymbol, formatMoney, isCurrencyCode, namesCurrency, readMoney } from './money';

describe('formatMoney', () => {
  it('writes euros with cents, padding the server’s shortest form', () => {
    expect(formatMoney('97.6', 'EUR', 'en-US')).toBe('€97.60');
    expect(formatMoney('0', 'EUR', 'en-US')).toBe('€0.00');
  });
  it('writes yen without decimals and dinars with three', () => {
    expect(formatMoney('100', 'JPY', 'en-US')).toBe('¥100');
    expect(formatMoney('0.919', 'KWD', 'en-US')).toMatch(/^KWD\s0\.919$/);
  });
  it('never rounds away digits the server sent, nor turns the value into a float', () => {
    // 2^53 + 1 cannot be a float; the string keeps it.
    expect(formatMoney('9007199254740993.01', 'EUR', 'en-US')).toBe('€9,007,199,254,740,993.01');
    // The Iraqi dinar's minor unit is three places although browsers show none.
    expect(formatMoney('1.234', 'IQD', 'en-US')).toMatch(/1\.234$/);
  });
  it('groups as the locale does', () => {
    expect(formatMoney('1234.5', 'EUR', 'de-DE')).toMatch(/^1\.234,50\s€$/);
  });
  it('shows an unknown code as it is rather than failing', () => {
    expect(formatMoney('5', 'XX', 'en-US')).toBe('5 XX');
  });
});

describe('currencies', () => {
  it('names a currency’s symbol', () => {
    expect(currencySymbol('EUR', 'en-US')).toBe('€');
    expect(currencySymbol('JPY', 'en-US')).toBe('¥');
  });
  it('checks the shape of a code', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
  });
  it('lists the browser’s codes with the account’s own', () => {
    const codes = currencyCodes('ZZZ');
    expect(codes).toContain('EUR');
    expect(codes).toContain('ZZZ');
    expect([...codes].sort()).toEqual(codes);
  });
});

describe('readMoney', () => {
  it.each([
    ['84.10', '84.10', null],
    ['€84.10', '84.10', '€'],
    ['62,40 EUR', '62.40', 'EUR'],
    ['£ 1,234.50', '1234.50', '£'],
    ['1.234,50', '1234.50', null],
    ['1,234', '1234', null],
    ['0,125', '0.125', null],
    ['1 234 567,8', '1234567.8', null],
    ["CHF 1'234.50", '1234.50', 'CHF'],
    ['US$12', '12', 'US$'],
    ['(12.00)', '-12.00', null],
    ['abc', 'abc', null],
  ])('reads %s', (text, value, mark) => {
    expect(readMoney(text)).toEqual({ value, mark });
  });
});

describe('namesCurrency', () => {
  it('knows a currency by its code, symbol and narrow symbol', () => {
    expect(namesCurrency('EUR', 'EUR')).toBe(true);
    expect(namesCurrency('€', 'EUR')).toBe(true);
    expect(namesCurrency('$', 'CAD', 'en-US')).toBe(true);
    expect(namesCurrency('£', 'EUR')).toBe(false);
    expect(namesCurrency('USD', 'EUR')).toBe(false);
  });
});
