// Money travels as decimal strings in the user's currency, already rounded
// by the server to the currency's minor unit. It is formatted from the
// string itself (Intl.NumberFormat reads a string exactly), never through a
// floating-point number.

/** The digits after the point in a decimal string. */
function places(value: string): number {
  return value.split('.')[1]?.length ?? 0;
}

/**
 * Formats an amount of money in a currency for people: "€97.60", "¥100",
 * "KWD 0.919". It shows at least the currency's usual decimal places and
 * never fewer than the value has, so nothing the server sent is rounded
 * away.
 */
export function formatMoney(value: string, currency: string, locale?: string): string {
  let usual = 2;
  try {
    usual = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return `${value} ${currency}`;
  }
  const digits = Math.max(usual, places(value));
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(value as unknown as number);
}

/** The currency's symbol as the locale writes it, such as "€" or "¥". */
export function currencySymbol(currency: string, locale?: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** Whether code looks like an ISO 4217 code; the server checks it against the standard's list. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

/** The currencies this browser knows, for the settings' list; the account's own comes first if missing. */
export function currencyCodes(current: string): string[] {
  let codes: string[] = [];
  try {
    codes = Intl.supportedValuesOf('currency');
  } catch {
    codes = [];
  }
  const set = new Set(codes);
  if (current) set.add(current);
  return [...set].sort();
}

/**
 * A sum of money as bills and exports write it ("€1,234.50", "62,40 EUR",
 * "£ 12", "1.234,50"): its plain decimal ("1234.50"), and the currency
 * symbol or code written beside it, if any. Of "," and ".", the last one
 * written is the decimal mark, unless it is a lone comma before exactly
 * three digits ("1,234"), which groups thousands. The value is not checked.
 */
export function readMoney(s: string): { value: string; mark: string | null } {
  let text = s.trim();
  let mark: string | null = null;
  const symbol = /(?<![A-Za-z])[A-Z]{0,2}\p{Sc}+|(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])/u.exec(text);
  if (symbol) {
    mark = symbol[0];
    text = text.slice(0, symbol.index) + text.slice(symbol.index + mark.length);
  }
  text = text.replace(/[\s\u00a0\u202f'’_]/g, '');
  if (/^\(.*\)$/.test(text)) text = `-${text.slice(1, -1)}`;
  const commas = (text.match(/,/g) ?? []).length;
  const dots = (text.match(/\./g) ?? []).length;
  if (commas > 0 && dots > 0) {
    const decimal = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    text = text.replace(decimal === ',' ? /\./g : /,/g, '').replace(',', '.');
  } else if (commas > 1 || (commas === 1 && /^-?[1-9]\d{0,2},\d{3}$/.test(text))) {
    text = text.replace(/,/g, '');
  } else if (commas === 1) {
    text = text.replace(',', '.');
  } else if (dots > 1) {
    text = text.replace(/\./g, '');
  }
  return { value: text, mark };
}

/** Whether a symbol or code written beside a sum ("€", "EUR", "$") names the currency. */
export function namesCurrency(mark: string, currency: string, locale?: string): boolean {
  if (mark.toUpperCase() === currency) return true;
  for (const display of ['symbol', 'narrowSymbol'] as const) {
    try {
      const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: display }).formatToParts(0);
      if (parts.find((p) => p.type === 'currency')?.value === mark) return true;
    } catch {
      return false;
    }
  }
  return false;
}
