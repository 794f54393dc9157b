// Sample data: when the dashboard offers it, and what it says once it is
// loaded or removed.

import type { SampleDataStateQuery } from '../gql/graphql';
import { count } from './words';

/**
 * What the dashboard shows about sample data: the offer to load it (only
 * an empty account may take it, as the server checks), the way to remove
 * it while it is there, or nothing.
 */
export type SampleOffer = 'load' | 'remove' | null;

export function sampleOffer(state: SampleDataStateQuery | undefined): SampleOffer {
  if (!state) return null;
  if (state.me.hasSampleData) return 'remove';
  const empty =
    state.consumptionRecords.totalCount === 0 && state.meters.length === 0 && state.tariffs.length === 0 && state.budgets.length === 0;
  return empty ? 'load' : null;
}

/** What the sample holds, said before it is loaded. */
export const SAMPLE_CONTENTS =
  'Three years of a household, up to today: monthly electricity bills with their costs, a gas meter read every month, quarterly water bills, tariffs and a budget.';

/** Said while the sample is there. */
export const PRESENT_TEXT =
  'You are looking at sample data: a made-up household. The meters, tariffs and budgets pages have some too. Remove it when you are ready to add your own; nothing you add goes with it.';

/** Said once the sample is removed, with the number of records that went with it. */
export function removedText(records: number): string {
  if (records === 0) return 'There was no sample data left to remove.';
  return `Sample data removed: ${count(records, 'record')}, with its meter, tariffs and budget. Your own data is untouched; add a record or import a file to start.`;
}
