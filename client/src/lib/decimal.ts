// Decimal amounts travel as strings ("12.345") and stay strings here: the
// dashboard formats and checks them digit by digit and never turns a stored
// value into a floating-point number.

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

const parts = new Intl.NumberFormat('en-US').formatToParts(12345.6);
const GROUP = parts.find((p) => p.type === 'group')?.value ?? ',';
const POINT = parts.find((p) => p.type === 'decimal')?.value ?? '.';

/**
 * Formats a decimal string for people: rounded to at most `maxPlaces` places,
 * trailing zeros dropped, thousands grouped ("12345.5" is "12,345.5").
 */
export function formatDecimal(s: string, maxPlaces = 3): string {
  const rounded = trimZeros(roundDecimal(s, maxPlaces));
  const neg = rounded.startsWith('-');
  const [int = '0', frac] = (neg ? rounded.slice(1) : rounded).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
  return (neg ? '−' : '') + grouped + (frac ? POINT + frac : '');
}

/**
 * Formats a relative change ("-0.25") as a percentage ("−25%"), moving the
 * decimal point by two digits instead of multiplying a float.
 */
export function formatChange(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const m = DECIMAL.exec(body);
  if (!m) return s;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const percent = `${m[1] ?? '0'}${frac.slice(0, 2)}.${frac.slice(2) || '0'}`;
  const shown = trimZeros(roundDecimal(percent, 1));
  if (shown === '0') return '0%';
  return `${neg ? '−' : '+'}${shown.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP)}%`;
}

/** The sign of a decimal string: -1, 0 or 1. */
export function signOf(s: string): -1 | 0 | 1 {
  if (!/[1-9]/.test(s)) return 0;
  return s.startsWith('-') ? -1 : 1;
}

/**
 * Formats an amount for a figure: three decimal places, or up to six below 1
 * so that small amounts (0.00675 MWh) do not round away to 0.
 */
export function formatAmount(s: string): string {
  const int = (s.startsWith('-') ? s.slice(1) : s).split('.')[0] ?? '';
  return formatDecimal(s, /^0*$/.test(int) ? AMOUNT_SCALE : 3);
}
