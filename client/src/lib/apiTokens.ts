// API tokens for people: what each scope allows, the expiries offered, and
// how a token's dates read.

import type { ApiTokenScope } from '../gql/graphql';
import { LOCALE } from './locale';

export const SCOPES: { value: ApiTokenScope; label: string; hint: string }[] = [
  { value: 'READ', label: 'Read only', hint: 'Reads records, figures and live updates; every change is refused.' },
  {
    value: 'READ_WRITE',
    label: 'Read and write',
    hint: 'Also adds, changes and deletes records, meters, tariffs and budgets.',
  },
];

export const SCOPE_LABEL: Record<ApiTokenScope, string> = { READ: 'Read only', READ_WRITE: 'Read and write' };

/** The expiries offered, in days; 0 is none. The server allows at most 366 days. */
export const EXPIRIES: { days: number; label: string }[] = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: 'A year' },
  { days: 0, label: 'Never (until revoked)' },
];

export const MAX_NAME_LENGTH = 100;

/** Why a token's name is refused before sending, or null. The server checks the rest. */
export function checkTokenName(name: string): string | null {
  if (name.trim() === '') return 'Give the token a name that says where it is used, such as “Home Assistant”.';
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) return `The name may be at most ${MAX_NAME_LENGTH} characters; it has ${length}.`;
  return null;
}

/** When a token made at `now` with an expiry of `days` stops working (RFC 3339), or null for never. */
export function expiresAt(days: number, now: number): string | null {
  return days > 0 ? new Date(now + days * 86_400_000).toISOString() : null;
}

/** Whether a token has expired at `now`. */
export function isExpired(t: { expiresAt?: string | null }, now: number): boolean {
  return Boolean(t.expiresAt) && Date.parse(t.expiresAt!) <= now;
}

const instant = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

/** An instant as this device writes it: "Jan 15, 2025, 3:04 PM". */
export function formatInstant(iso: string, format: Intl.DateTimeFormat = instant): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : format.format(t);
}
