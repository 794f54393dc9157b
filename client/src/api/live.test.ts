import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoff, LiveFeed, MAX_WAIT_MS, socketURL, type SessionSource } from './live';

// The graphql-ws client runs for real; the WebSocket it is given is a
// stand-in that the test answers as the server would.
interface Sent {
  type: string;
  id?: string;
  payload?: { authorization?: string; query?: string };
}

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  sent: Sent[] = [];
  closedWith: number | null = null;
  onopen: ((e: unknown) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.all.push(this);
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as Sent);
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= FakeSocket.CLOSING) return;
    this.readyState = FakeSocket.CLOSED;
    this.closedWith = code;
    queueMicrotask(() => this.onclose?.({ code, reason, wasClean: true }));
  }

  // The server's side.
  accept() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.({});
  }

  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  serverClose(code: number, reason: string) {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }

  unreachable() {
    this.readyState = FakeSocket.CLOSED;
    this.onerror?.({ type: 'error' });
    this.onclose?.({ code: 1006, reason: '', wasClean: false });
  }

  get init(): Sent | undefined {
    return this.sent.find((m) => m.type === 'connection_init');
  }

  get subscription(): Sent | undefined {
    return this.sent.find((m) => m.type === 'subscribe');
  }
}

/** A session whose renewals the test decides. */
class FakeSession implements SessionSource {
  private listeners = new Set<() => void>();
  refreshed: string[] = [];
  /** What the next renewal gives: a new token, or null when the session is over. */
  renewTo: string | null = null;

  constructor(private current: { accessToken: string } | null) {}

  get() {
    return this.current;
  }
  async accessToken() {
    return this.current?.accessToken ?? null;
  }
  async refresh(stale: string) {
    this.refreshed.push(stale);
    this.set(this.renewTo);
    return this.current;
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  set(token: string | null) {
    this.current = token ? { accessToken: token } : null;
    this.listeners.forEach((l) => l());
  }
}

let feed: LiveFeed | null = null;

afterEach(() => {
  feed?.stop();
  feed = null;
  FakeSocket.all = [];
});

function start(session: FakeSession) {
  const onChange = vi.fn();
  const waits: number[] = [];
  feed = new LiveFeed(session, {
    url: 'ws://example.test/graphql',
    onChange,
    webSocketImpl: FakeSocket,
    wait: async (ms) => {
      waits.push(ms);
    },
    random: () => 0,
  });
  feed.start();
  return { onChange, waits };
}

/** The nth socket the client opened, once it has. */
async function socket(n: number): Promise<FakeSocket> {
  await vi.waitFor(() => expect(FakeSocket.all.length).toBeGreaterThan(n), patience);
  return FakeSocket.all[n]!;
}

/** Opens the socket, acknowledges its connection_init and waits for its subscription. */
async function connect(sock: FakeSocket): Promise<string | undefined> {
  sock.accept();
  await vi.waitFor(() => expect(sock.init).toBeDefined(), patience);
  sock.receive({ type: 'connection_ack' });
  await vi.waitFor(() => expect(sock.subscription).toBeDefined(), patience);
  return sock.init?.payload?.authorization;
}

// A busy machine may take a while to run the client's promises.
const patience = { timeout: 5000 };

/** Lets pending promises and timers of zero run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('LiveFeed', () => {
  it('signs in with the access token, subscribes to consumptionChanged, and tells of each change', async () => {
    const { onChange } = start(new FakeSession({ accessToken: 'access-1' }));
    const sock = await socket(0);
    expect(sock.url).toBe('ws://example.test/graphql');
    expect(sock.protocol).toBe('graphql-transport-ws');
    expect(await connect(sock)).toBe('Bearer access-1');
    expect(sock.subscription?.payload?.query).toContain('consumptionChanged');
    expect(onChange).not.toHaveBeenCalled();

    const id = sock.subscription!.id;
    sock.receive({ type: 'next', id, payload: { data: { consumptionChanged: { kind: 'CREATED', id: 'r1' } } } });
    sock.receive({ type: 'next', id, payload: { data: { consumptionChanged: { kind: 'DELETED', id: 'r2' } } } });
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('reconnects with a renewed token, and reads afresh what changed meanwhile', async () => {
    const session = new FakeSession({ accessToken: 'access-1' });
    const { onChange } = start(session);
    const first = await socket(0);
    await connect(first);

    session.set('access-2');
    await vi.waitFor(() => expect(first.closedWith).toBe(1000), patience);
    const second = await socket(1);
    expect(await connect(second)).toBe('Bearer access-2');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(session.refreshed).toEqual([]);
  });

  it('comes back after a server restart, waiting longer after each failed attempt', async () => {
    const { onChange, waits } = start(new FakeSession({ accessToken: 'access-1' }));
    await connect(await socket(0));

    (await socket(0)).serverClose(1001, 'The server is restarting; connect again');
    (await socket(1)).unreachable();
    (await socket(2)).unreachable();
    expect(await connect(await socket(3))).toBe('Bearer access-1');
    expect(waits).toEqual([backoff(0, () => 0), backoff(1, () => 0), backoff(2, () => 0)]);
    expect(onChange).toHaveBeenCalledTimes(1);

    // A connection made resets the wait.
    (await socket(3)).serverClose(1001, 'The server is restarting; connect again');
    await connect(await socket(4));
    expect(waits.at(-1)).toBe(backoff(0, () => 0));
  });

  it('renews a token the server refused, once, and connects with the new one', async () => {
    const session = new FakeSession({ accessToken: 'access-1' });
    start(session);
    await connect(await socket(0));
    session.renewTo = 'access-2';

    // The server closes the connection when its token expires.
    (await socket(0)).serverClose(4403, 'Forbidden: the token expired; connect again with a new one');
    expect(await connect(await socket(1))).toBe('Bearer access-2');
    expect(session.refreshed).toEqual(['access-1']);
  });

  it('stops, without trying again, when the session was signed out', async () => {
    const session = new FakeSession({ accessToken: 'access-1' });
    start(session);
    await connect(await socket(0));
    session.renewTo = null; // the server refuses the refresh token too

    (await socket(0)).serverClose(4403, 'Forbidden: the session was signed out, or the API token revoked');
    const retry = await socket(1);
    retry.accept(); // the client renews before it signs in, and finds the session over
    await vi.waitFor(() => expect(feed?.active).toBe(false), patience);
    await settle();
    expect(session.refreshed).toEqual(['access-1']);
    expect(retry.init).toBeUndefined();
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('closes when the person signs out, and connects again when they sign in', async () => {
    const session = new FakeSession({ accessToken: 'access-1' });
    start(session);
    const first = await socket(0);
    await connect(first);

    session.set(null);
    await vi.waitFor(() => expect(first.closedWith).toBe(1000), patience);
    expect(feed?.active).toBe(false);
    await settle();
    expect(FakeSocket.all).toHaveLength(1);

    session.set('access-9');
    expect(await connect(await socket(1))).toBe('Bearer access-9');
  });

  it('subscribes again later when the server ends the subscription with an error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { onChange } = start(new FakeSession({ accessToken: 'access-1' }));
      const first = await socket(0);
      first.accept();
      await vi.waitFor(() => expect(first.init).toBeDefined(), patience);
      first.receive({ type: 'connection_ack' });
      await vi.waitFor(() => expect(first.subscription).toBeDefined(), patience);
      first.receive({
        type: 'error',
        id: first.subscription!.id,
        payload: [{ message: 'More changes came than could be sent to this subscription', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      });
      expect(feed?.active).toBe(false);
      await vi.advanceTimersByTimeAsync(backoff(0, () => 0));
      const second = await socket(1);
      second.accept();
      await vi.waitFor(() => expect(second.init).toBeDefined(), patience);
      second.receive({ type: 'connection_ack' });
      await vi.waitFor(() => expect(second.subscription).toBeDefined(), patience);
      expect(onChange).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('backoff', () => {
  it.each([
    [0, 0, 500],
    [0, 1, 1000],
    [1, 0, 1000],
    [3, 1, 8000],
    [4, 0.5, 12000],
    [5, 1, MAX_WAIT_MS],
    [40, 0, MAX_WAIT_MS / 2],
  ])('waits, before attempt %i + 1 with a random %f, %i ms', (attempt, random, want) => {
    expect(backoff(attempt, () => random)).toBe(want);
  });
});

describe('socketURL', () => {
  it.each([
    [{ protocol: 'http:', host: 'localhost:5173' }, 'ws://localhost:5173/graphql'],
    [{ protocol: 'https:', host: 'energy.example.com' }, 'wss://energy.example.com/graphql'],
  ])('is beside the page at %o', (loc, want) => {
    expect(socketURL(loc)).toBe(want);
  });
});
