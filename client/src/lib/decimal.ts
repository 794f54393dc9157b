// Decimal amounts travel as strings ("12.345") and stay strings here: the
// dashboard formats and checks them digit by digit and never turns a stored
// value into a floating-point number.

import { LOCALE } from './locale';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** The most decimal places an amount may have, as on the server. */
export const AMOUNT_SCALE = 6;

/** Whether s is a plain non-negative decimal such as "12" or "0.5". */
export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}

/**
 * Tidies what a person typed into an amount: spaces and thin spaces dropped,
 * a single comma read as the decimal point ("12,5" is "12.5").
 */
export function normalizeAmount(input: string): string {
  let s = input.trim().replace(/[\s\u00a0\u202f_]/g, '');
  if (!s.includes('.') && (s.match(/,/g) ?? []).length === 1) s = s.replace(',', '.');
  return s;
}

/**
 * The server's rule for an amount: from 0 to 10^12 with at most six decimal
 * places. Returns a sentence saying what is wrong, or null. `what` names the
 * figure in the sentence ("amount", "cost").
 */
export function checkAmount(s: string, what = 'amount'): string | null {
  const The = `The ${what}`;
  if (s === '') return `Enter ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}, such as 12.5.`;
  if (s.startsWith('-')) return `${The} must not be negative.`;
  const m = DECIMAL.exec(s);
  if (!m) return `"${s}" is not a decimal number; write one like 12.5.`;
  const int = stripLeadingZeros(m[1] ?? '0');
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > AMOUNT_SCALE) {
    return `${The} may have at most ${AMOUNT_SCALE} decimal places.`;
  }
  const tooBig = int.length > 13 || (int.length === 13 && (int !== '1000000000000' || /[1-9]/.test(frac)));
  if (tooBig) return `${The} must be at most 1000000000000.`;
  return null;
}

function stripLeadingZeros(int: string): string {
  const s = int.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/**
 * Rounds a decimal string half away from zero to `places` decimal places,
 * working on its digits. A leading minus sign is kept.
 */
export function roundDecimal(s: string, places: number): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const m = DECIMAL.exec(body);
  if (!m) return s;
  let int = m[1] ?? '0';
  let frac = m[2] ?? '';
  if (frac.length > places) {
    const roundUp = (frac.charCodeAt(places) - 48) >= 5;
    frac = frac.slice(0, places);
    if (roundUp) {
      const digits = (int + frac).split('');
      let i = digits.length - 1;
      for (; i >= 0; i--) {
        if (digits[i] === '9') {
          digits[i] = '0';
        } else {
          digits[i] = String.fromCharCode((digits[i] ?? '0').charCodeAt(0) + 1);
          break;
        }
      }
      if (i < 0) digits.unshift('1');
      const all = digits.join('');
      int = all.slice(0, all.length - places);
      frac = all.slice(all.length - places);
    }
  }
  int = stripLeadingZeros(int);
  const out = frac.length > 0 ? `${int}.${frac}` : int;
  const isZero = !/[1-9]/.test(out);
  return neg && !isZero ? `-${out}` : out;
}

/** Drops trailing zeros of the fraction: "12.500" is "12.5", "3.000" is "3". */
export function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** Writes Intl's hyphen-minus as the typographic minus sign, "−". */
function minus(s: string): string {
  return s.replace(/-/g, '−');
}

/**
 * Formats a decimal string for people in the browser's locale: rounded to
 * at most `maxPlaces` places, trailing zeros dropped, thousands grouped
 * ("12345.5" is "12,345.5" in English, "12.345,5" in German).
 * Intl.NumberFormat reads a string exactly, so no float rounds it first.
 */
export function formatDecimal(s: string, maxPlaces = 3, locale: string | undefined = LOCALE): string {
  if (!isSigned(s)) return s;
  const f = new Intl.NumberFormat(locale, { maximumFractionDigits: maxPlaces });
  return minus(f.format(s as unknown as number));
}

/** The significant digits that amounts are shown with. */
export const SIGNIFICANT_DIGITS = 4;

/**
 * Formats a decimal string with at most `digits` significant digits, and
 * never fewer than its whole part has: "608.25" is "608.3", "0.090896" is
 * "0.0909", and "123456" stays "123,456" (a total is not rounded to
 * thousands).
 */
export function formatSignificant(s: string, digits = SIGNIFICANT_DIGITS, locale: string | undefined = LOCALE): string {
  if (!isSigned(s)) return s;
  const f = new Intl.NumberFormat(locale, {
    maximumSignificantDigits: digits,
    maximumFractionDigits: 0,
    roundingPriority: 'morePrecision',
  });
  return minus(f.format(s as unknown as number));
}

/**
 * Formats a relative change ("-0.25") as a signed percentage ("−25%") with
 * three significant digits and at least its whole part: "+411.8%" reads
 * as "+412%", "+2,086%" stays whole.
 */
export function formatChange(s: string, locale: string | undefined = LOCALE): string {
  if (!isSigned(s)) return s;
  const f = new Intl.NumberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumSignificantDigits: 3,
    maximumFractionDigits: 0,
    roundingPriority: 'morePrecision',
  });
  return minus(f.format(s as unknown as number));
}

/** Whether s is a decimal string with an optional minus sign. */
function isSigned(s: string): boolean {
  return DECIMAL.test(s.startsWith('-') ? s.slice(1) : s);
}

/**
 * Moves the decimal point of a decimal string `places` digits to the right
 * (to the left when negative): shiftDecimal("0.090896", 3) is "90.896".
 * Exact, for converting between units a power of ten apart.
 */
export function shiftDecimal(s: string, places: number): string {
  const neg = s.startsWith('-');
  const m = DECIMAL.exec(neg ? s.slice(1) : s);
  if (!m) return s;
  let int = m[1] ?? '0';
  let frac = m[2] ?? '';
  if (places >= 0) {
    frac = frac.padEnd(places, '0');
    int += frac.slice(0, places);
    frac = frac.slice(places);
  } else {
    int = int.padStart(-places + 1, '0');
    frac = int.slice(places) + frac;
    int = int.slice(0, places);
  }
  const out = trimZeros(`${stripLeadingZeros(int)}${frac ? `.${frac}` : ''}`);
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

/** The sign of a decimal string: -1, 0 or 1. */
export function signOf(s: string): -1 | 0 | 1 {
  if (!/[1-9]/.test(s)) return 0;
  return s.startsWith('-') ? -1 : 1;
}

/**
 * Formats an amount for a figure: 3 or 4 significant digits (see
 * formatSignificant), so that small amounts (0.00675 MWh) do not round
 * away to 0 and large ones are not cluttered with decimals.
 */
export function formatAmount(s: string, locale: string | undefined = LOCALE): string {
  return formatSignificant(s, SIGNIFICANT_DIGITS, locale);
}

/**
 * A share from 0 to 1 (a coverage) as a whole percentage that never
 * rounds to a misleading end: "34%", "under 1%" for a day in a decade, and
 * "99%" rather than "100%" for a share that is not whole.
 */
export function formatShare(share: number, locale: string | undefined = LOCALE): string {
  const f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  if (share > 0 && share < 0.01) return `under ${f.format(0.01)}`;
  if (share > 0.99 && share < 1) return f.format(0.99);
  return f.format(share);
}

/** A relative change without its sign, as a percentage: "-0.25" is "25%". */
export function formatPercent(s: string, locale: string | undefined = LOCALE): string {
  return formatChange(s.startsWith('-') ? s.slice(1) : s, locale).replace(/^\+/, '');
}
