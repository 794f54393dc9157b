import { describe, expect, it } from 'vitest';
import {
  checkAmount,
  formatAmount,
  formatChange,
  formatDecimal,
  formatPercent,
  formatShare,
  formatSignificant,
  normalizeAmount,
  roundDecimal,
  shiftDecimal,
  signOf,
  trimZeros,
} from './decimal';

describe('checkAmount', () => {
  it.each([
    ['0', null],
    ['12', null],
    ['12.5', null],
    ['0.000001', null],
    ['1.5000000', null],
    ['1000000000000', null],
    ['1000000000000.000', null],
    ['', 'Enter an amount, such as 12.5.'],
    ['-1', 'The amount must not be negative.'],
    ['1.0000001', 'The amount may have at most 6 decimal places.'],
    ['1000000000000.5', 'The amount must be at most 1000000000000.'],
    ['1000000000001', 'The amount must be at most 1000000000000.'],
    ['99999999999999', 'The amount must be at most 1000000000000.'],
    ['1e3', '"1e3" is not a decimal number; write one like 12.5.'],
    ['NaN', '"NaN" is not a decimal number; write one like 12.5.'],
    ['1.', '"1." is not a decimal number; write one like 12.5.'],
    ['.5', '".5" is not a decimal number; write one like 12.5.'],
  ])('%j gives %j', (input, want) => {
    expect(checkAmount(input)).toBe(want);
  });

  it('allows leading zeros in a number within range', () => {
    expect(checkAmount('0001000000000000')).toBeNull();
  });
});

describe('normalizeAmount', () => {
  it('reads a lone comma as the decimal point and drops spaces', () => {
    expect(normalizeAmount(' 12,5 ')).toBe('12.5');
    expect(normalizeAmount('1 234.5')).toBe('1234.5');
    expect(normalizeAmount('1,234,567')).toBe('1,234,567');
  });
});

describe('roundDecimal', () => {
  it.each([
    ['1.2345', 2, '1.23'],
    ['1.235', 2, '1.24'],
    ['1.995', 2, '2.00'],
    ['9.9996', 3, '10.000'],
    ['999.5', 0, '1000'],
    ['-0.0004', 3, '0.000'],
    ['-1.25', 1, '-1.3'],
    ['12', 2, '12'],
    ['0.1', 6, '0.1'],
  ])('%s to %i places is %s', (s, places, want) => {
    expect(roundDecimal(s, places)).toBe(want);
  });

  it('handles more digits than a float holds, exactly', () => {
    expect(roundDecimal('123456789012.3456785', 6)).toBe('123456789012.345679');
  });
});

describe('formatting', () => {
  it('groups thousands and trims zeros, in the locale', () => {
    expect(formatDecimal('1234567.5000', 3, 'en-US')).toBe('1,234,567.5');
    expect(formatDecimal('12500', 3, 'en-US')).toBe('12,500');
    expect(formatDecimal('0.1234567', 6, 'en-US')).toBe('0.123457');
    expect(formatDecimal('1234567.5', 3, 'de-DE')).toBe('1.234.567,5');
    expect(formatDecimal('-2.5', 3, 'en-US')).toBe('−2.5');
    expect(trimZeros('3.000')).toBe('3');
  });

  it('reads digits past a float’s precision exactly', () => {
    expect(formatDecimal('999999999999.999999', 6, 'en-US')).toBe('999,999,999,999.999999');
  });

  it.each([
    ['608.25', '608.3'],
    ['608.2549', '608.3'],
    ['46.33871', '46.34'],
    ['0.090896', '0.0909'],
    ['0.60825', '0.6083'],
    ['0.006758333', '0.006758'],
    ['0.000001', '0.000001'],
    ['12500', '12,500'],
    ['123456.789', '123,457'],
    ['999.96', '1,000'],
    ['84.500000', '84.5'],
    ['0', '0'],
  ])('shows %s with 3–4 significant digits as %s', (s, want) => {
    expect(formatAmount(s, 'en-US')).toBe(want);
  });

  it('keeps significant digits in other locales', () => {
    expect(formatSignificant('0.090896', 4, 'fr-FR')).toBe('0,0909');
    expect(formatSignificant('123456.789', 4, 'de-DE')).toBe('123.457');
  });

  it('writes relative changes as percentages with three significant digits', () => {
    expect(formatChange('-0.25', 'en-US')).toBe('−25%');
    expect(formatChange('0.1', 'en-US')).toBe('+10%');
    expect(formatChange('0.123456', 'en-US')).toBe('+12.3%');
    expect(formatChange('4.118', 'en-US')).toBe('+412%');
    expect(formatChange('20.86', 'en-US')).toBe('+2,086%');
    expect(formatChange('0', 'en-US')).toBe('0%');
    expect(formatChange('-0.0004', 'en-US')).toBe('−0.04%');
    expect(formatPercent('-0.25', 'en-US')).toBe('25%');
  });

  it('writes shares without rounding to a misleading end', () => {
    expect(formatShare(0.344444, 'en-US')).toBe('34%');
    expect(formatShare(0, 'en-US')).toBe('0%');
    expect(formatShare(1, 'en-US')).toBe('100%');
    expect(formatShare(0.0027, 'en-US')).toBe('under 1%');
    expect(formatShare(0.997, 'en-US')).toBe('99%');
  });

  it('moves the decimal point exactly', () => {
    expect(shiftDecimal('0.090896', 3)).toBe('90.896');
    expect(shiftDecimal('12500', -3)).toBe('12.5');
    expect(shiftDecimal('0.009466', 3)).toBe('9.466');
    expect(shiftDecimal('7', -6)).toBe('0.000007');
    expect(shiftDecimal('1.5', 6)).toBe('1500000');
    expect(shiftDecimal('-0.5', 3)).toBe('-500');
    expect(shiftDecimal('0', 3)).toBe('0');
  });

  it('tells the sign', () => {
    expect(signOf('-0.5')).toBe(-1);
    expect(signOf('0.000')).toBe(0);
    expect(signOf('3')).toBe(1);
  });
});
