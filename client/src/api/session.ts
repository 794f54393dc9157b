// The signed-in session: the access token, its expiry, the refresh token and
// who is signed in, kept in localStorage so that it survives a reload and is
// shared by every tab.
//
// Refresh tokens rotate and each works once: sending one twice signs out
// every session of the sign-in. So a renewal is made by one caller at a time:
// inside a tab, callers share one promise; across tabs, the Web Locks API
// serializes renewals, and whoever gets the lock first re-reads storage to
// see whether another tab has already renewed. Other tabs learn of new
// tokens, and of signing out, from the storage event.

import type { SessionFieldsFragment } from '../gql/graphql';
import { RefreshDocument } from './documents';

export interface Session {
  accessToken: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
  refreshToken: string;
  user: { id: string; email: string };
}

/** Why a session ended: signed out by hand, refused by the server, or the account deleted. */
export type EndReason = 'logout' | 'expired' | 'deleted';

const STORAGE_KEY = 'consumption.session';
const LOCK_NAME = 'consumption.session.refresh';
/** Renew this long before the access token expires. */
const RENEW_BEFORE_MS = 60_000;
/** After a renewal that could not reach the server, try again this much later. */
const RETRY_MS = 15_000;

type Listener = () => void;

/** A renewal: sends a refresh token, returns the new payload or null when the server refused it. */
export type Renewer = (refreshToken: string) => Promise<SessionFieldsFragment | null>;

export class SessionStore {
  private current: Session | null;
  private inFlight: Promise<Session | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<Listener>();
  private lastEnd: EndReason | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly renew: Renewer,
    private readonly now: () => number = Date.now,
    private readonly locks: LockManager | undefined = globalThis.navigator?.locks,
  ) {
    this.current = this.read();
    this.schedule();
  }

  /** The session, or null when signed out. */
  get(): Session | null {
    return this.current;
  }

  /** Why the last session ended, until someone signs in again. */
  endReason(): EndReason | null {
    return this.lastEnd;
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Starts a session from a sign-in (register, login) payload. */
  start(p: SessionFieldsFragment): Session {
    const s = fromPayload(p);
    this.lastEnd = null;
    this.write(s);
    this.apply(s);
    return s;
  }

  /** Ends the session here and in every tab. */
  end(reason: EndReason): void {
    if (!this.current) return;
    this.lastEnd = reason;
    this.storage.removeItem(STORAGE_KEY);
    this.apply(null);
  }

  /** An access token good for a while yet, renewing it first when it is about to expire. */
  async accessToken(): Promise<string | null> {
    const s = this.current;
    if (!s) return null;
    if (s.expiresAt - this.now() > RENEW_BEFORE_MS / 2) return s.accessToken;
    const renewed = await this.refresh(s.accessToken);
    return renewed?.accessToken ?? null;
  }

  /**
   * Replaces the access token `stale` (expiring, or refused by the server)
   * and returns the new session, or null when the session is over. Callers
   * at the same time share one renewal.
   */
  refresh(stale: string): Promise<Session | null> {
    if (!this.inFlight) {
      this.inFlight = this.renewOnce(stale).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async renewOnce(stale: string): Promise<Session | null> {
    const run = async (): Promise<Session | null> => {
      // Another tab may have renewed while this one waited for the lock.
      const stored = this.read();
      if (!stored) {
        this.apply(null);
        return null;
      }
      if (stored.accessToken !== stale) {
        this.apply(stored);
        return stored;
      }
      const payload = await this.renew(stored.refreshToken);
      if (!payload) {
        this.lastEnd = 'expired';
        this.storage.removeItem(STORAGE_KEY);
        this.apply(null);
        return null;
      }
      const s = fromPayload(payload);
      this.write(s);
      this.apply(s);
      return s;
    };
    try {
      return this.locks ? await this.locks.request(LOCK_NAME, run) : await run();
    } catch {
      // The server could not be reached: keep the session and try later.
      this.schedule(RETRY_MS);
      return this.current;
    }
  }

  /** Takes in a change another tab made to storage. */
  onStorage = (e: StorageEvent): void => {
    if (e.key !== STORAGE_KEY && e.key !== null) return;
    const s = this.read();
    if (!s && this.current) this.lastEnd = 'logout';
    this.apply(s);
  };

  private apply(s: Session | null): void {
    this.current = s;
    this.schedule();
    this.listeners.forEach((l) => l());
  }

  private schedule(delay?: number): void {
    clearTimeout(this.timer);
    const s = this.current;
    if (!s) return;
    const wait = delay ?? Math.max(1_000, s.expiresAt - this.now() - RENEW_BEFORE_MS);
    this.timer = setTimeout(() => {
      void this.refresh(s.accessToken);
    }, wait);
  }

  private read(): Session | null {
    try {
      const raw = this.storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Partial<Session>;
      if (typeof s.accessToken !== 'string' || typeof s.refreshToken !== 'string' || typeof s.expiresAt !== 'number' || !s.user) {
        return null;
      }
      return s as Session;
    } catch {
      return null;
    }
  }

  private write(s: Session): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(s));
  }
}

function fromPayload(p: SessionFieldsFragment): Session {
  return {
    accessToken: p.accessToken,
    expiresAt: Date.parse(p.accessTokenExpiresAt),
    refreshToken: p.refreshToken,
    user: { id: p.user.id, email: p.user.email },
  };
}

/**
 * Sends refreshToken to the server. Null means the server refused it (the
 * session is over); a network failure throws, so the session is kept.
 */
async function renewWithServer(refreshToken: string): Promise<SessionFieldsFragment | null> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: RefreshDocument.toString(), variables: { refreshToken } }),
  });
  if (res.status >= 500) throw new Error(`refresh: server answered ${res.status}`);
  const body = (await res.json()) as {
    data?: { refreshToken?: SessionFieldsFragment } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  const payload = body.data?.refreshToken;
  if (payload) return payload;
  const code = body.errors?.[0]?.extensions?.code;
  if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') return null;
  throw new Error(`refresh: ${code ?? 'no answer'}`);
}

/** The dashboard's session. */
export const session = new SessionStore(window.localStorage, renewWithServer);
window.addEventListener('storage', session.onStorage);
