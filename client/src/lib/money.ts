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
