import { describe, expect, it } from 'vitest';
import { checkAmount, formatAmount, formatChange, formatDecimal, normalizeAmount, roundDecimal, signOf, trimZeros } from './decimal';

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
  it('groups thousands and trims zeros', () => {
    expect(formatDecimal('1234567.5000')).toBe('1,234,567.5');
    expect(formatDecimal('12500')).toBe('12,500');
    expect(formatDecimal('0.1234567', 6)).toBe('0.123457');
    expect(trimZeros('3.000')).toBe('3');
  });

  it('keeps small amounts visible', () => {
    expect(formatAmount('0.60825')).toBe('0.60825');
    expect(formatAmount('0.006758333')).toBe('0.006758');
    expect(formatAmount('608.2549')).toBe('608.255');
  });

  it('writes relative changes as percentages without floats', () => {
    expect(formatChange('-0.25')).toBe('−25%');
    expect(formatChange('0.1')).toBe('+10%');
    expect(formatChange('0.123456')).toBe('+12.3%');
    expect(formatChange('12.5')).toBe('+1,250%');
    expect(formatChange('0')).toBe('0%');
    expect(formatChange('-0.0004')).toBe('0%');
  });

  it('tells the sign', () => {
    expect(signOf('-0.5')).toBe(-1);
    expect(signOf('0.000')).toBe(0);
    expect(signOf('3')).toBe(1);
  });
});
