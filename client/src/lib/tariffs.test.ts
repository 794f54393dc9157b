import { describe, expect, it } from 'vitest';
import type { TariffFieldsFragment } from '../gql/graphql';
import { overlapping, percentToRate, rateToPercent, tariffDraft, tariffInput, timeline, validateTariff, type TariffDraft } from './tariffs';

const good: TariffDraft = {
  type: 'ELECTRICITY',
  name: 'Fixed 2024',
  validFrom: '2024-01-01',
  validTo: '',
  unitPrice: '0.25',
  priceUnit: 'KWH',
  standingChargePerDay: '0.5',
  taxPercent: '21',
};

function stored(id: string, validFrom: string, validTo: string | null, type: TariffFieldsFragment['type'] = 'ELECTRICITY'): TariffFieldsFragment {
  return { id, type, name: id, validFrom, validTo, unitPrice: '0.25', priceUnit: 'KWH', standingChargePerDay: '0', taxRate: '0.21' };
}

describe('tax rates as percentages', () => {
  it('moves the point by digits, exactly', () => {
    expect(percentToRate('21')).toBe('0.21');
    expect(percentToRate('5.5')).toBe('0.055');
    expect(percentToRate('0.0001')).toBe('0.000001');
    expect(percentToRate('100')).toBe('1');
    expect(percentToRate('0')).toBe('0');
    expect(rateToPercent('0.21')).toBe('21');
    expect(rateToPercent('0.055')).toBe('5.5');
    expect(rateToPercent('1')).toBe('100');
    expect(rateToPercent('0')).toBe('0');
  });
});

describe('validateTariff mirrors the server', () => {
  it('accepts a good tariff, and one without tax or end', () => {
    expect(validateTariff(good)).toEqual({});
    expect(validateTariff({ ...good, taxPercent: '', validTo: '2024-01-01' })).toEqual({});
  });
  it('names the field of each broken rule', () => {
    expect(validateTariff({ ...good, priceUnit: 'LITER' }).priceUnit).toBe('LITER is not a unit of electricity; use KWH, WH or MWH.');
    expect(validateTariff({ ...good, name: '  ' }).name).toMatch(/name/);
    expect(validateTariff({ ...good, name: 'a\nb' }).name).toMatch(/line breaks/);
    expect(validateTariff({ ...good, validTo: '2023-12-31' }).validTo).toBe('A tariff must end on or after the day it starts.');
    expect(validateTariff({ ...good, validFrom: '2024-02-30' }).validFrom).toMatch(/YYYY-MM-DD/);
    expect(validateTariff({ ...good, unitPrice: '' }).unitPrice).toMatch(/Enter the unit price/);
    expect(validateTariff({ ...good, unitPrice: '-1' }).unitPrice).toBe('The unit price must not be negative.');
    expect(validateTariff({ ...good, unitPrice: '0.1234567' }).unitPrice).toBe('The unit price may have at most 6 decimal places.');
    expect(validateTariff({ ...good, unitPrice: '1000000000' })).toEqual({});
    expect(validateTariff({ ...good, unitPrice: '1000000000.000001' }).unitPrice).toBe('The unit price must be at most 1000000000.');
    expect(validateTariff({ ...good, standingChargePerDay: 'x' }).standingChargePerDay).toMatch(/not a decimal number/);
    expect(validateTariff({ ...good, taxPercent: '100' })).toEqual({});
    expect(validateTariff({ ...good, taxPercent: '100.5' }).taxPercent).toBe('The tax must be from 0 to 100%.');
    expect(validateTariff({ ...good, taxPercent: '0.00001' }).taxPercent).toBe('The tax may have at most 4 decimal places.');
    expect(validateTariff({ ...good, taxPercent: '-1' }).taxPercent).toBe('The tax must not be negative.');
  });
});

describe('the API’s input', () => {
  it('sends the tax as a rate, no end as null, and round-trips a stored tariff', () => {
    expect(tariffInput({ ...good, name: ' Fixed ' })).toEqual({
      type: 'ELECTRICITY', name: 'Fixed', validFrom: '2024-01-01', validTo: null,
      unitPrice: '0.25', priceUnit: 'KWH', standingChargePerDay: '0.5', taxRate: '0.21',
    });
    const t = stored('a', '2024-01-01', '2024-06-30');
    expect(tariffInput(tariffDraft(t))).toEqual({ ...t, id: undefined, name: 'a' } as unknown as ReturnType<typeof tariffInput>);
  });
});

describe('overlapping', () => {
  const tariffs = [stored('a', '2024-01-01', '2024-06-30'), stored('b', '2024-07-01', null), stored('gas', '2020-01-01', null, 'GAS')];
  it('finds the tariff of the same type whose days overlap, open ends included', () => {
    expect(overlapping({ ...good, validFrom: '2023-01-01', validTo: '2024-01-01' }, tariffs)?.id).toBe('a');
    expect(overlapping({ ...good, validFrom: '2030-01-01' }, tariffs)?.id).toBe('b');
    expect(overlapping({ ...good, validFrom: '2020-01-01', validTo: '2023-12-31' }, tariffs)).toBeNull();
  });
  it('leaves out the tariff being edited', () => {
    expect(overlapping({ ...good, validFrom: '2024-01-01', validTo: '2024-05-31' }, tariffs, 'a')).toBeNull();
  });
});

describe('timeline', () => {
  it('places each tariff and each gap without a price along the days', () => {
    const spans = timeline([stored('b', '2024-03-01', null), stored('a', '2024-01-01', '2024-01-31')], '2024-04-30');
    // 2024-01-01 to 2024-04-30 is 121 days: January (31), a gap in February (29), then 61 days from March.
    expect(spans.map((s) => [s.tariff?.id ?? 'gap', s.from, s.to, s.openEnded])).toEqual([
      ['a', '2024-01-01', '2024-01-31', false],
      ['gap', '2024-02-01', '2024-02-29', false],
      ['b', '2024-03-01', '2024-04-30', true],
    ]);
    expect(spans.map((s) => Math.round(s.width * 121) / 100)).toEqual([31, 29, 61]);
    expect(spans[2]?.left).toBeCloseTo((60 / 121) * 100);
  });
  it('is empty without tariffs', () => {
    expect(timeline([], '2024-01-01')).toEqual([]);
  });
});
