import { describe, expect, it } from 'vitest';
import type { SampleDataStateQuery } from '../gql/graphql';
import { removedText, sampleOffer } from './sample';

function state(changes: { records?: number; meters?: number; tariffs?: number; budgets?: number; sample?: boolean } = {}): SampleDataStateQuery {
  const ids = (n = 0) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));
  return {
    me: { id: 'u1', hasSampleData: changes.sample ?? false },
    consumptionRecords: { totalCount: changes.records ?? 0 },
    meters: ids(changes.meters),
    tariffs: ids(changes.tariffs),
    budgets: ids(changes.budgets),
  };
}

describe('sampleOffer', () => {
  it('offers the sample to an empty account', () => {
    expect(sampleOffer(state())).toBe('load');
  });
  it.each([
    ['a record', { records: 1 }],
    ['a meter', { meters: 1 }],
    ['a tariff', { tariffs: 1 }],
    ['a budget', { budgets: 1 }],
  ])('offers nothing to an account with %s of its own', (_, changes) => {
    expect(sampleOffer(state(changes))).toBeNull();
  });
  it('offers to remove the sample while it is there, beside the user’s own data or not', () => {
    expect(sampleOffer(state({ sample: true, records: 87, meters: 1, tariffs: 5, budgets: 1 }))).toBe('remove');
    expect(sampleOffer(state({ sample: true, records: 88, budgets: 2 }))).toBe('remove');
  });
  it('offers nothing before the state is known', () => {
    expect(sampleOffer(undefined)).toBeNull();
  });
});

describe('removedText', () => {
  it('counts the records removed, in the singular and the plural', () => {
    expect(removedText(87)).toMatch(/^Sample data removed: 87 records,/);
    expect(removedText(1)).toMatch(/^Sample data removed: 1 record,/);
  });
  it('says when there was nothing to remove', () => {
    expect(removedText(0)).toBe('There was no sample data left to remove.');
  });
});
