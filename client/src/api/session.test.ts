import { describe, expect, it, vi } from 'vitest';
import type { SessionFieldsFragment } from '../gql/graphql';
import { SessionStore, type Renewer } from './session';

const NOW = Date.parse('2025-01-01T12:00:00Z');

function payload(n: number, expiresInMs = 15 * 60_000): SessionFieldsFragment {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(NOW + expiresInMs).toISOString(),
    refreshToken: `refresh-${n}`,
    user: { id: 'u1', email: 'ana@example.com' },
  };
}

/** A Web Locks stand-in that runs one callback at a time, like the browser's. */
function fakeLocks(): LockManager {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    request: (_name: string, cb: () => Promise<unknown>) => {
      const run = chain.then(cb, cb);
      chain = run.catch(() => undefined);
      return run;
    },
    query: async () => ({ held: [], pending: [] }),
  } as unknown as LockManager;
}

function store(renew: Renewer, storage: Storage = window.localStorage, locks = fakeLocks()) {
  return new SessionStore(storage, renew, () => NOW, locks);
}

describe('SessionStore', () => {
  it('sends a refresh token once, however many callers need a new access token at once', async () => {
    let n = 1;
    const renew = vi.fn<Renewer>(async () => payload(++n));
    const s = store(renew);
    s.start(payload(1));

    const results = await Promise.all([s.refresh('access-1'), s.refresh('access-1'), s.refresh('access-1')]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(renew).toHaveBeenCalledWith('refresh-1');
    expect(results.map((r) => r?.accessToken)).toEqual(['access-2', 'access-2', 'access-2']);
    expect(JSON.parse(window.localStorage.getItem('consumption.session')!).refreshToken).toBe('refresh-2');
  });

  it('takes the tokens another tab renewed instead of sending a used refresh token', async () => {
    const renewA = vi.fn<Renewer>(async () => payload(2));
    const renewB = vi.fn<Renewer>(async () => payload(99));
    const locks = fakeLocks();
    const a = store(renewA, window.localStorage, locks);
    a.start(payload(1));
    const b = store(renewB, window.localStorage, locks); // a second tab, reading the same storage

    // Both tabs find access-1 expiring; tab A renews first, under the lock.
    const [ra, rb] = await Promise.all([a.refresh('access-1'), b.refresh('access-1')]);
    expect(renewA).toHaveBeenCalledTimes(1);
    expect(renewB).not.toHaveBeenCalled();
    expect(ra?.accessToken).toBe('access-2');
    expect(rb?.accessToken).toBe('access-2');
  });

  it('renews an access token about to expire before handing it out', async () => {
    const renew = vi.fn<Renewer>(async () => payload(2));
    const s = store(renew);
    s.start(payload(1, 10_000)); // ten seconds left
    expect(await s.accessToken()).toBe('access-2');

    const fresh = store(renew);
    expect(await fresh.accessToken()).toBe('access-2'); // from storage, still good
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const s = store(async () => null);
    s.start(payload(1));
    const listener = vi.fn();
    s.subscribe(listener);
    expect(await s.refresh('access-1')).toBeNull();
    expect(s.get()).toBeNull();
    expect(s.endReason()).toBe('expired');
    expect(window.localStorage.getItem('consumption.session')).toBeNull();
    expect(listener).toHaveBeenCalled();
  });

  it('keeps the session when the server cannot be reached', async () => {
    const s = store(async () => {
      throw new TypeError('Failed to fetch');
    });
    s.start(payload(1));
    const got = await s.refresh('access-1');
    expect(got?.accessToken).toBe('access-1');
    expect(s.get()).not.toBeNull();
  });

  it('follows sign-in and sign-out in other tabs through the storage event', () => {
    const s = store(async () => null);
    expect(s.get()).toBeNull();
    window.localStorage.setItem('consumption.session', JSON.stringify({ accessToken: 'x', refreshToken: 'y', expiresAt: NOW + 60_000, user: { id: 'u', email: 'e' } }));
    s.onStorage(new StorageEvent('storage', { key: 'consumption.session' }));
    expect(s.get()?.accessToken).toBe('x');

    window.localStorage.removeItem('consumption.session');
    s.onStorage(new StorageEvent('storage', { key: 'consumption.session' }));
    expect(s.get()).toBeNull();
    expect(s.endReason()).toBe('logout');
  });

  it('ignores a stored session it cannot read', () => {
    window.localStorage.setItem('consumption.session', '{not json');
    expect(store(async () => null).get()).toBeNull();
  });
});
