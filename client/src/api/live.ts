// The live feed: one WebSocket per tab to /graphql, speaking
// graphql-transport-ws through the graphql-ws client, signed in with the
// session's access token and subscribed to consumptionChanged. A record
// added, changed or deleted in one tab or device reaches the others, whose
// queries of records read afresh (changes.ts).
//
// The connection follows the session. A renewed access token reconnects
// with the new one before the old one expires (the server closes a
// connection whose token has expired). A token the server refuses (close
// 4403) is renewed once; when the session is over (signed out elsewhere,
// the password changed) renewing fails and the feed stops rather than try
// again. A server that restarts (1001) or cannot be reached is tried again
// after a growing wait. The server does not tell again what changed while a
// tab was not connected, so every reconnection reads afresh.

import { createClient, type Client } from 'graphql-ws';
import { recordChanges } from './changes';
import { ConsumptionChangedDocument } from './documents';
import { session } from './session';

/** What the feed needs of the session (SessionStore). */
export interface SessionSource {
  get(): { accessToken: string } | null;
  accessToken(): Promise<string | null>;
  refresh(stale: string): Promise<{ accessToken: string } | null>;
  subscribe(l: () => void): () => void;
}

/** The longest wait between two attempts to connect. */
export const MAX_WAIT_MS = 30_000;

/**
 * How long to wait before attempt n + 1 (n from 0): 1 s, 2 s, 4 s … up to
 * 30 s, each between half and all of it at random, so that the tabs a
 * restart disconnected do not all come back at the same instant.
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_WAIT_MS, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** The WebSocket address of the API beside the page at loc. */
export function socketURL(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/graphql`;
}

/** Whether a close says that the server refused the token (rather than a limit, which passes). */
function refusedToken(e: unknown): boolean {
  const c = e as { code?: unknown; reason?: unknown } | null;
  return c?.code === 4403 && typeof c.reason === 'string' && c.reason.startsWith('Forbidden');
}

/** Thrown to the graphql-ws client when there is no session to sign in with. */
class SessionOver extends Error {
  constructor() {
    super('live: the session is over');
    this.name = 'SessionOver';
  }
}

export interface LiveOptions {
  url: string;
  /** Called when records changed elsewhere, or may have while disconnected. */
  onChange: () => void;
  /** A WebSocket class; the browser's by default. */
  webSocketImpl?: unknown;
  /** Waits ms milliseconds; setTimeout by default. */
  wait?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The live feed of one tab, following one session. */
export class LiveFeed {
  private client: Client | null = null;
  private unsubscribeSession: (() => void) | null = null;
  /** Whether the current client's socket is signed in. */
  private connected = false;
  /** The token the current or last connection signed in with. */
  private usedToken: string | null = null;
  /** A token the server refused: the next attempt renews it first. */
  private refused: string | null = null;
  /** Whether any connection has been made: each later one reads afresh. */
  private everConnected = false;
  /** Subscriptions the server ended in a row, for the wait before the next. */
  private restarts = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    private readonly session: SessionSource,
    private readonly options: LiveOptions,
  ) {
    this.wait = options.wait ?? sleep;
  }

  /** Follows the session: connected while there is one. */
  start(): void {
    if (this.unsubscribeSession) return;
    this.unsubscribeSession = this.session.subscribe(this.onSession);
    this.onSession();
  }

  /** Closes the connection and stops following the session. */
  stop(): void {
    this.unsubscribeSession?.();
    this.unsubscribeSession = null;
    this.close();
  }

  /** Whether a connection is open or being made. */
  get active(): boolean {
    return this.client !== null;
  }

  private onSession = (): void => {
    const s = this.session.get();
    if (!s) {
      this.close();
    } else if (!this.client && this.restartTimer === undefined) {
      this.open();
    } else if (this.connected && s.accessToken !== this.usedToken) {
      // Renewed (here or in another tab): sign in again with the new token
      // before the server closes the connection of the old one.
      this.close();
      this.open();
    }
  };

  private close(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const client = this.client;
    this.client = null;
    this.connected = false;
    // Disposing waits for a connection being made, which may fail: it is
    // being given up anyway.
    if (client) Promise.resolve(client.dispose()).catch(() => undefined);
  }

  private open(): void {
    const { url, webSocketImpl, random } = this.options;
    const client = createClient({
      url,
      webSocketImpl,
      lazy: true,
      retryAttempts: Infinity,
      retryWait: (n) => this.wait(backoff(n, random)),
      // Any close or connection error but the end of the session is tried
      // again (graphql-ws keeps the protocol's fatal codes fatal).
      shouldRetry: (e) => !(e instanceof SessionOver),
      connectionParams: async () => {
        let token = await this.session.accessToken();
        if (token && token === this.refused) token = (await this.session.refresh(token))?.accessToken ?? null;
        if (!token || this.client !== client) throw new SessionOver();
        this.usedToken = token;
        return { authorization: `Bearer ${token}` };
      },
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (this.client !== client) return;
          this.connected = true;
          this.refused = null;
          // The first connection, made as the page loads, finds what the
          // page is reading fresh; any later one may have missed changes.
          if (this.everConnected || wasRetry) this.options.onChange();
          this.everConnected = true;
          // A renewal while this connection was being made.
          const s = this.session.get();
          if (s && s.accessToken !== this.usedToken) this.onSession();
        },
        closed: (e) => {
          if (this.client !== client) return;
          this.connected = false;
          if (refusedToken(e)) this.refused = this.usedToken;
        },
      },
    });
    this.client = client;
    const ended = () => {
      if (this.client !== client) return;
      this.close();
      this.restartLater();
    };
    client.subscribe<unknown>(
      { query: ConsumptionChangedDocument.toString() },
      {
        next: () => {
          this.restarts = 0;
          this.options.onChange();
        },
        error: (e) => {
          if (this.client !== client) return;
          // GraphQL errors (a limit; the subscription fell behind) end the
          // subscription: subscribe again later. Anything else (the
          // session is over, or the protocol broken) stops the feed.
          if (Array.isArray(e)) ended();
          else this.close();
        },
        complete: ended,
      },
    );
  }

  private restartLater(): void {
    const delay = backoff(this.restarts++, this.options.random);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.onSession();
    }, delay);
  }
}

let feed: LiveFeed | null = null;

/** Starts the dashboard's live feed, which follows the session from then on. */
export function startLiveFeed(): LiveFeed {
  feed ??= new LiveFeed(session, { url: socketURL(window.location), onChange: recordChanges.changed });
  feed.start();
  return feed;
}
