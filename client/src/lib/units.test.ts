import { describe, expect, it } from 'vitest';
import type { Unit } from '../gql/graphql';
import { formatQuantity, scaleAmount } from './units';

describe('scaleAmount', () => {
  it.each<[string, Unit, string, Unit]>([
    // Between 1 and 9,999 the chosen unit stays.
    ['608.25', 'KWH', '608.25', 'KWH'],
    ['3500', 'KWH', '3500', 'KWH'],
    ['1', 'LITER', '1', 'LITER'],
    // Below 1: the largest unit with a whole number ahead of the point.
    ['0.090896', 'CUBIC_METER', '90.896', 'LITER'],
    ['0.009466', 'MWH', '9.466', 'KWH'],
    ['0.000009', 'MWH', '9', 'WH'],
    ['0.0004', 'WH', '0.0004', 'WH'],
    ['0.0005', 'LITER', '0.0005', 'LITER'],
    // From 10,000: up to the unit that reads best.
    ['12500', 'LITER', '12.5', 'CUBIC_METER'],
    ['608250', 'WH', '608.25', 'KWH'],
    ['25000000', 'WH', '25', 'MWH'],
    ['12000', 'MWH', '12000', 'MWH'],
    ['15000', 'CUBIC_METER', '15000', 'CUBIC_METER'],
    // Zero is zero in any unit.
    ['0', 'CUBIC_METER', '0', 'CUBIC_METER'],
  ])('%s %s reads as %s %s', (value, unit, wantValue, wantUnit) => {
    expect(scaleAmount(value, unit)).toEqual({ value: wantValue, unit: wantUnit });
  });
});

describe('formatQuantity', () => {
  it('scales and rounds to 3–4 significant digits', () => {
    expect(formatQuantity('0.090896', 'CUBIC_METER')).toBe('90.9 L');
    expect(formatQuantity('0.009466', 'MWH')).toBe('9.466 kWh');
    expect(formatQuantity('112.666667', 'CUBIC_METER')).toBe('112.7 m³');
    expect(formatQuantity('12500', 'LITER')).toBe('12.5 m³');
    expect(formatQuantity('3512.75', 'KWH')).toBe('3,513 kWh');
  });
});
