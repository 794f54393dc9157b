// The server's rules for a consumption record, mirrored so that a form can
// say what is wrong before sending it. The server stays the judge: its
// answers are shown the same way.

import type { ConsumptionType, Unit } from '../gql/graphql';
import { checkAmount } from './decimal';
import { daysBetween, isDate } from './dates';
import { allowsUnit, unitMismatch } from './units';

export const MAX_PERIOD_DAYS = 400;
export const MAX_NOTES_LENGTH = 500;
export const MAX_BULK_RECORDS = 1000;
export const FIRST_DAY = '1970-01-01';

/** A record as a form or a CSV row holds it, every field a string. */
export interface RecordDraft {
  type: ConsumptionType;
  amount: string;
  unit: Unit | string;
  periodStart: string;
  periodEnd: string;
  notes: string;
  /** What the bill says the period cost, in the user's currency; '' when unknown. */
  cost: string;
}

export type RecordField = keyof RecordDraft;
export type FieldErrors = Partial<Record<RecordField, string>>;

/** Every rule a draft breaks, by field, given today in the user's time zone. */
export function validateRecord(d: RecordDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!allowsUnit(d.type, d.unit)) errors.unit = d.unit === '' ? 'Choose a unit.' : unitMismatch(d.type, d.unit);
  const amount = checkAmount(d.amount);
  if (amount) errors.amount = amount;

  const startOK = isDate(d.periodStart);
  const endOK = isDate(d.periodEnd);
  if (!startOK) errors.periodStart = d.periodStart === '' ? 'Enter the first day of the period.' : 'Write the first day as YYYY-MM-DD.';
  else if (d.periodStart < FIRST_DAY) errors.periodStart = 'The period may not start before 1970-01-01.';
  if (!endOK) errors.periodEnd = d.periodEnd === '' ? 'Enter the last day of the period.' : 'Write the last day as YYYY-MM-DD.';
  else if (d.periodEnd > today) errors.periodEnd = `The period may not end after today (${today}).`;
  else if (startOK) {
    const days = daysBetween(d.periodStart, d.periodEnd) + 1;
    if (days < 1) errors.periodEnd = 'The period must end on or after the day it starts.';
    else if (days > MAX_PERIOD_DAYS) errors.periodEnd = `A period may be at most ${MAX_PERIOD_DAYS} days long; this one is ${days} days.`;
  }
  if ([...d.notes].length > MAX_NOTES_LENGTH) errors.notes = `Notes may be at most ${MAX_NOTES_LENGTH} characters long.`;
  const cost = d.cost === '' ? null : checkAmount(d.cost, 'cost');
  if (cost) errors.cost = cost;
  return errors;
}

export function hasErrors(e: FieldErrors): boolean {
  return Object.keys(e).length > 0;
}
