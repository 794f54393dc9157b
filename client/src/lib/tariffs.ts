// Tariffs: the server's rules mirrored for the form, tax rates written as
// percentages, and the timeline of prices per type. The server stays the
// judge of every rule, overlaps included.

import type { ConsumptionType, TariffFieldsFragment, Unit } from '../gql/graphql';
import { addDays, daysBetween, isDate } from './dates';
import { allowsUnit, unitMismatch } from './units';

export const MAX_TARIFF_NAME_LENGTH = 100;

/** A tariff as the form holds it, every field a string; the tax as a percentage ("21" for 0.21). */
export interface TariffDraft {
  type: ConsumptionType;
  name: string;
  validFrom: string;
  /** '' for a tariff without an end. */
  validTo: string;
  unitPrice: string;
  priceUnit: Unit | string;
  standingChargePerDay: string;
  taxPercent: string;
}

export type TariffField = keyof TariffDraft;
export type TariffErrors = Partial<Record<TariffField, string>>;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Moves the point of a non-negative decimal string by `shift` places, digit by digit: "21" by -2 is "0.21". */
function movePoint(s: string, shift: number): string {
  const m = DECIMAL.exec(s);
  if (!m) return s;
  let int = m[1] ?? '0';
  let frac = m[2] ?? '';
  if (shift < 0) {
    int = int.padStart(-shift + 1, '0');
    frac = int.slice(int.length + shift) + frac;
    int = int.slice(0, int.length + shift);
  } else {
    frac = frac.padEnd(shift, '0');
    int += frac.slice(0, shift);
    frac = frac.slice(shift);
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** A percentage as the API's rate: "21" is "0.21", "5.5" is "0.055". */
export function percentToRate(percent: string): string {
  return movePoint(percent, -2);
}

/** A rate as a percentage: "0.21" is "21". */
export function rateToPercent(rate: string): string {
  return movePoint(rate, 2);
}

/** The server's bound on prices and standing charges: 10^9. */
const MAX_PRICE = '1000000000';

/** A price's problem by the server's rules (0 to 10^9, six places), or null. */
function checkPrice(s: string, what: string): string | null {
  if (s === '') return `Enter the ${what}, such as 0.25 (or 0).`;
  if (s.startsWith('-')) return `The ${what} must not be negative.`;
  const m = DECIMAL.exec(s);
  if (!m) return `"${s}" is not a decimal number; write one like 0.25.`;
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > 6) return `The ${what} may have at most 6 decimal places.`;
  const int = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  if (int.length > MAX_PRICE.length || (int.length === MAX_PRICE.length && (int !== MAX_PRICE || /[1-9]/.test(frac)))) {
    return `The ${what} must be at most ${MAX_PRICE}.`;
  }
  return null;
}

/** A tax percentage's problem (0 to 100, four places, so that the rate has six), or null; empty is 0. */
function checkTaxPercent(s: string): string | null {
  if (s === '') return null;
  if (s.startsWith('-')) return 'The tax must not be negative.';
  const m = DECIMAL.exec(s);
  if (!m) return `"${s}" is not a decimal number; write one like 21.`;
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > 4) return 'The tax may have at most 4 decimal places.';
  const int = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  if (int.length > 3 || Number(int) > 100 || (int === '100' && /[1-9]/.test(frac))) return 'The tax must be from 0 to 100%.';
  return null;
}

/** Every rule a draft breaks, by field. */
export function validateTariff(d: TariffDraft): TariffErrors {
  const errors: TariffErrors = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'Give the tariff a name, such as your supplier’s name for it.';
  else if ([...d.name].length > MAX_TARIFF_NAME_LENGTH) errors.name = `A name may be at most ${MAX_TARIFF_NAME_LENGTH} characters long.`;
  else if (/[\t\n\r]/.test(d.name)) errors.name = 'A name may not contain tabs or line breaks.';
  if (!isDate(d.validFrom)) errors.validFrom = d.validFrom === '' ? 'Enter the first day the tariff applies.' : 'Write the first day as YYYY-MM-DD.';
  else if (d.validFrom < '1970-01-01') errors.validFrom = 'A tariff may not start before 1970-01-01.';
  if (d.validTo !== '') {
    if (!isDate(d.validTo)) errors.validTo = 'Write the last day as YYYY-MM-DD, or leave it empty for no end.';
    else if (isDate(d.validFrom) && d.validTo < d.validFrom) errors.validTo = 'A tariff must end on or after the day it starts.';
  }
  const price = checkPrice(d.unitPrice, 'unit price');
  if (price) errors.unitPrice = price;
  if (!allowsUnit(d.type, d.priceUnit)) errors.priceUnit = unitMismatch(d.type, d.priceUnit);
  const standing = checkPrice(d.standingChargePerDay, 'standing charge');
  if (standing) errors.standingChargePerDay = standing;
  const tax = checkTaxPercent(d.taxPercent);
  if (tax) errors.taxPercent = tax;
  return errors;
}

/** The API's input for a draft, which must be valid. */
export function tariffInput(d: TariffDraft) {
  return {
    type: d.type,
    name: d.name.trim(),
    validFrom: d.validFrom,
    validTo: d.validTo === '' ? null : d.validTo,
    unitPrice: d.unitPrice,
    priceUnit: d.priceUnit as Unit,
    standingChargePerDay: d.standingChargePerDay,
    taxRate: d.taxPercent === '' ? '0' : percentToRate(d.taxPercent),
  };
}

/** A stored tariff as the form shows it. */
export function tariffDraft(t: TariffFieldsFragment): TariffDraft {
  return {
    type: t.type,
    name: t.name,
    validFrom: t.validFrom,
    validTo: t.validTo ?? '',
    unitPrice: t.unitPrice,
    priceUnit: t.priceUnit,
    standingChargePerDay: t.standingChargePerDay,
    taxPercent: rateToPercent(t.taxRate),
  };
}

/** The stored tariff of the same type whose days overlap the draft's, other than `self`; the server would refuse it. */
export function overlapping(d: TariffDraft, tariffs: readonly TariffFieldsFragment[], self?: string): TariffFieldsFragment | null {
  const end = (to: string | null | undefined) => (to ? to : '9999-12-31');
  return (
    tariffs.find(
      (t) => t.id !== self && t.type === d.type && t.validFrom <= end(d.validTo) && d.validFrom <= end(t.validTo),
    ) ?? null
  );
}

/** A span of the timeline: a tariff, or a gap without a price. */
export interface TimelineSpan {
  from: string;
  /** The last day; the timeline's end for an open-ended tariff. */
  to: string;
  openEnded: boolean;
  tariff: TariffFieldsFragment | null;
  /** Where the span starts and how wide it is, as percentages of the timeline. */
  left: number;
  width: number;
}

/**
 * The timeline of one type's prices from its first tariff to the later of
 * its last tariff's end and `until`: each tariff, and each gap between two
 * of them, where days have no price.
 */
export function timeline(tariffs: readonly TariffFieldsFragment[], until: string): TimelineSpan[] {
  const sorted = [...tariffs].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  const first = sorted[0];
  if (!first) return [];
  const last = sorted.reduce((end, t) => (t.validTo && t.validTo > end ? t.validTo : end), until);
  const total = daysBetween(first.validFrom, last) + 1;
  const place = (from: string, to: string) => ({
    left: (daysBetween(first.validFrom, from) / total) * 100,
    width: ((daysBetween(from, to) + 1) / total) * 100,
  });
  const spans: TimelineSpan[] = [];
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    if (prev?.validTo && daysBetween(prev.validTo, t.validFrom) > 1) {
      const from = addDays(prev.validTo, 1);
      const to = addDays(t.validFrom, -1);
      spans.push({ from, to, openEnded: false, tariff: null, ...place(from, to) });
    }
    const to = t.validTo ?? last;
    spans.push({ from: t.validFrom, to, openEnded: !t.validTo, tariff: t, ...place(t.validFrom, to) });
  });
  return spans;
}
