// Which answers a change to records makes stale, and telling the queries
// that show them. The live feed (live.ts) says when records changed in
// another tab or device; every query that reads records then runs again,
// keeping what it shows meanwhile (useQuery).

import {
  BudgetsDocument,
  DashboardDocument,
  MeterReadingsDocument,
  MetersDocument,
  RecordsDocument,
  YearEarlierSeriesDocument,
} from './documents';

/**
 * The queries whose answers depend on records: the list, the dashboard's
 * summaries and series (and the year-earlier overlay's), the forecasts, and meters (whose readings are the
 * periods of records).
 */
const READS_RECORDS: ReadonlySet<unknown> = new Set<unknown>([
  RecordsDocument,
  DashboardDocument,
  YearEarlierSeriesDocument,
  BudgetsDocument,
  MetersDocument,
  MeterReadingsDocument,
]);

/** Whether a change to records makes the answer to doc stale. */
export function readsRecords(doc: unknown): boolean {
  return READS_RECORDS.has(doc);
}

type Listener = () => void;

/**
 * Tells listeners that records changed, at most once per window: an import
 * of a thousand records, told one by one, reloads each query a few times,
 * not a thousand.
 */
export class ChangeSignal {
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly windowMs = 300) {}

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Says that records changed; listeners hear of it at the end of the window. */
  changed = (): void => {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.listeners.forEach((l) => l());
    }, this.windowMs);
  };
}

/** Changes to the signed-in person's records, made elsewhere. */
export const recordChanges = new ChangeSignal();
