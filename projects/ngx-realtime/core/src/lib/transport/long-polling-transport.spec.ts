import { systemClock } from '../core/clock';
import type { RealtimeError } from '../errors/realtime-error';
import type { PollResult } from '../protocol/realtime-protocol';
import { createSocialHubProtocol } from '../protocol/socialhub-protocol';
import type { FetchLike, HttpRequestLike, HttpResponseLike } from './http';
import {
  LongPollingTransport,
  type LongPollingSettings,
  type PollingEvents,
} from './long-polling-transport';

const POLL_URL = 'https://api.example.com/api/v1/realtime/poll';
const TOKEN = 'secret-jwt';

/** One request the fake server received; the test answers it. */
interface PendingRequest {
  readonly url: URL;
  readonly init: HttpRequestLike;
  respond(status: number, body?: unknown, headers?: Record<string, string>): void;
  fail(error: unknown): void;
}

/** A fetch whose requests wait until the test answers; honours the abort signal. */
class FakeServer {
  readonly requests: PendingRequest[] = [];
  ignoreAbort = false;

  readonly fetch: FetchLike = (url, init) =>
    new Promise<HttpResponseLike>((resolve, reject) => {
      this.requests.push({
        url: new URL(url),
        init,
        respond: (status, body = {}, headers = {}) =>
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: { get: (name) => headers[name] ?? null },
            json: async () => body,
          }),
        fail: reject,
      });
      init.signal?.addEventListener('abort', () => {
        if (!this.ignoreAbort) reject(new DOMException('The operation was aborted.', 'AbortError'));
      });
    });

  get last(): PendingRequest {
    const request = this.requests.at(-1);
    if (request === undefined) throw new Error('no request made');
    return request;
  }
}

function event(id: number): Record<string, unknown> {
  return { id, type: 'heartbeat', payload: {}, timestamp: '2024-03-01T12:00:00Z' };
}

/** Lets promise chains run and timers due within `ms` fire. */
async function advance(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('LongPollingTransport', () => {
  let server: FakeServer;
  let events: { [K in keyof PollingEvents]: jest.Mock };
  let token: jest.Mock<Promise<string | null>, []>;
  let retryDelay: jest.Mock<number, [number]>;

  function transport(settings: Partial<LongPollingSettings> = {}): LongPollingTransport {
    return new LongPollingTransport(
      server.fetch,
      systemClock,
      createSocialHubProtocol(),
      { url: POLL_URL, timeoutSeconds: 30, minIntervalMs: 2000, retryDelay, ...settings },
      token,
      events,
    );
  }

  function received(): PollResult[] {
    return events.events.mock.calls.map(([result]) => result as PollResult);
  }

  function failures(): RealtimeError[] {
    return events.failed.mock.calls.map(([error]) => error as RealtimeError);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    events = { events: jest.fn(), failed: jest.fn(), authRejected: jest.fn() };
    token = jest.fn(async () => TOKEN);
    retryDelay = jest.fn((failures: number) => [1000, 2000, 4000][failures] ?? 8000);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('polls with the cursor and hold time, and the token only in the Authorization header', async () => {
    const poller = transport();
    poller.start();
    await advance();
    expect(server.requests).toHaveLength(1);
    const { url, init } = server.last;
    expect(`${url.origin}${url.pathname}`).toBe(POLL_URL);
    expect(url.searchParams.get('last_poll_id')).toBe('0');
    expect(url.searchParams.get('timeout')).toBe('30');
    expect(url.searchParams.has('user_id')).toBe(false);
    expect(url.toString()).not.toContain(TOKEN);
    expect(init.method).toBe('GET');
    expect(init.headers['Authorization']).toBe(`Bearer ${TOKEN}`);
    expect(init.signal).toBeDefined();
    expect(poller.running).toBe(true);
    poller.stop();
  });

  it('sends user_id when set and starts from a given cursor', async () => {
    const poller = transport({ userId: 'u-42', timeoutSeconds: 20 });
    poller.start('17');
    await advance();
    expect(server.last.url.searchParams.get('user_id')).toBe('u-42');
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('17');
    expect(server.last.url.searchParams.get('timeout')).toBe('20');
    expect(poller.cursor).toBe('17');
    poller.stop();
  });

  it('sends no Authorization header without a token', async () => {
    token.mockResolvedValue(null);
    const poller = transport();
    poller.start();
    await advance();
    expect(server.last.init.headers['Authorization']).toBeUndefined();
    poller.stop();
  });

  it('asks the token provider before every request', async () => {
    const poller = transport({ minIntervalMs: 0 });
    poller.start();
    await advance();
    server.last.respond(200, { events: [], last_poll_id: 1 });
    await advance();
    expect(server.requests).toHaveLength(2);
    expect(token).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('delivers events and moves the cursor forward', async () => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(200, { events: [event(4), event(5)], last_poll_id: 5, has_more: false });
    await advance();
    expect(received()).toHaveLength(1);
    expect(received()[0].events.map((e) => e.id)).toEqual(['4', '5']);
    expect(poller.cursor).toBe('5');
    await advance(2000);
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('5');
    poller.stop();
  });

  it('keeps the cursor when a response has none', async () => {
    const poller = transport();
    poller.start('9');
    await advance();
    server.last.respond(200, { events: [] });
    await advance(2000);
    expect(poller.cursor).toBe('9');
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('9');
    poller.stop();
  });

  it('waits out minIntervalMs between polls, counting the time the request took', async () => {
    const poller = transport();
    poller.start();
    await advance();
    await advance(500); // the server held the request for 0.5 s
    server.last.respond(200, { events: [], last_poll_id: 1 });
    await advance(1499);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('polls again at once after a long hold', async () => {
    const poller = transport();
    poller.start();
    await advance();
    await advance(25_000);
    server.last.respond(200, { events: [], last_poll_id: 1 });
    await advance();
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('polls again at once when has_more is set', async () => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(200, { events: [event(1)], last_poll_id: 1, has_more: true });
    await advance();
    expect(server.requests).toHaveLength(2);
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('1');
    poller.stop();
  });

  it.each([401, 403])('stops and reports authRejected on HTTP %i', async (status) => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(status);
    await advance(60_000);
    expect(events.authRejected).toHaveBeenCalledTimes(1);
    expect(events.failed).not.toHaveBeenCalled();
    expect(events.events).not.toHaveBeenCalled();
    expect(poller.running).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('waits for Retry-After on HTTP 429 without reporting a failure', async () => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(429, {}, { 'Retry-After': '7' });
    await advance(6999);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    expect(events.failed).not.toHaveBeenCalled();
    expect(retryDelay).not.toHaveBeenCalled();
    poller.stop();
  });

  it('waits until X-RateLimit-Reset on HTTP 429', async () => {
    const poller = transport();
    poller.start();
    await advance();
    const reset = Math.ceil(Date.now() / 1000) + 10;
    server.last.respond(429, {}, { 'X-RateLimit-Reset': String(reset) });
    await advance(reset * 1000 - Date.now() - 1);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('waits minIntervalMs on HTTP 429 without hints', async () => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(429);
    await advance(1999);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('never polls faster than minIntervalMs after a 429 whose reset time already passed', async () => {
    // A client clock ahead of the server's makes every reset time look past.
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(
      429,
      {},
      { 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) - 60) },
    );
    await advance(1999);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('reports a 5xx as polling_failed and retries with the growing backoff', async () => {
    const poller = transport();
    poller.start();
    await advance();
    server.last.respond(503);
    await advance();
    expect(failures().map((error) => error.code)).toEqual(['polling_failed']);
    expect(failures()[0].details).toEqual({ status: 503 });
    expect(retryDelay).toHaveBeenLastCalledWith(0);
    await advance(999);
    expect(server.requests).toHaveLength(1);
    await advance(1);
    expect(server.requests).toHaveLength(2);
    server.last.respond(500);
    await advance();
    expect(retryDelay).toHaveBeenLastCalledWith(1);
    await advance(1999);
    expect(server.requests).toHaveLength(2);
    await advance(1);
    expect(server.requests).toHaveLength(3);
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('0');
    poller.stop();
  });

  it('resets the backoff after a success', async () => {
    const poller = transport({ minIntervalMs: 0 });
    poller.start();
    await advance();
    server.last.respond(500);
    await advance(1000);
    server.last.respond(200, { events: [], last_poll_id: 1 });
    await advance();
    server.last.respond(500);
    await advance();
    expect(retryDelay.mock.calls.map(([n]) => n)).toEqual([0, 0]);
    poller.stop();
  });

  it('reports a network failure as transport_error and retries', async () => {
    const poller = transport();
    poller.start();
    await advance();
    const cause = new TypeError('Failed to fetch');
    server.last.fail(cause);
    await advance();
    expect(failures()).toHaveLength(1);
    expect(failures()[0].code).toBe('transport_error');
    expect(failures()[0].cause).toBe(cause);
    await advance(1000);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('reports an unreadable body and keeps polling from the same cursor', async () => {
    const poller = transport();
    poller.start('3');
    await advance();
    server.last.respond(200, { nothing: true });
    await advance();
    expect(failures()[0].code).toBe('invalid_message');
    expect(events.events).not.toHaveBeenCalled();
    await advance(1000);
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('3');
    poller.stop();
  });

  it('reports a failing token provider and retries', async () => {
    token.mockRejectedValueOnce(new Error('refresh failed'));
    const poller = transport();
    poller.start();
    await advance();
    expect(server.requests).toHaveLength(0);
    expect(failures()[0].code).toBe('transport_error');
    await advance(1000);
    expect(server.requests).toHaveLength(1);
    poller.stop();
  });

  it('abandons a request the server holds past the timeout plus grace', async () => {
    const poller = transport({ timeoutSeconds: 5 });
    poller.start();
    await advance();
    const first = server.last;
    await advance(14_999);
    expect(first.init.signal?.aborted).toBe(false);
    await advance(1);
    expect(first.init.signal?.aborted).toBe(true);
    expect(failures().map((error) => error.code)).toEqual(['transport_error']);
    await advance(1000);
    expect(server.requests).toHaveLength(2);
    poller.stop();
  });

  it('does not start a second loop while running', async () => {
    const poller = transport();
    poller.start();
    poller.start('99');
    await advance();
    expect(server.requests).toHaveLength(1);
    expect(server.last.url.searchParams.get('last_poll_id')).toBe('0');
    poller.stop();
  });

  describe('stop()', () => {
    it('aborts the request in flight and reports nothing', async () => {
      const poller = transport();
      poller.start();
      await advance();
      poller.stop();
      expect(server.last.init.signal?.aborted).toBe(true);
      await advance(120_000);
      expect(poller.running).toBe(false);
      expect(server.requests).toHaveLength(1);
      expect(events.failed).not.toHaveBeenCalled();
      expect(events.events).not.toHaveBeenCalled();
      expect(events.authRejected).not.toHaveBeenCalled();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('ignores a response that arrives after stop()', async () => {
      server.ignoreAbort = true;
      const poller = transport();
      poller.start();
      await advance();
      poller.stop();
      server.last.respond(200, { events: [event(1)], last_poll_id: 1 });
      await advance(60_000);
      expect(events.events).not.toHaveBeenCalled();
      expect(poller.cursor).toBe('0');
      expect(server.requests).toHaveLength(1);
    });

    it('ignores a 401 or a failure that arrives after stop()', async () => {
      server.ignoreAbort = true;
      const poller = transport();
      poller.start();
      await advance();
      poller.stop();
      server.last.respond(401);
      await advance();
      expect(events.authRejected).not.toHaveBeenCalled();
      poller.start();
      await advance();
      poller.stop();
      server.last.fail(new TypeError('Failed to fetch'));
      await advance(60_000);
      expect(events.failed).not.toHaveBeenCalled();
    });

    it('cuts a pause short and makes no further request', async () => {
      const poller = transport();
      poller.start();
      await advance();
      server.last.respond(500);
      await advance();
      poller.stop();
      expect(jest.getTimerCount()).toBe(0);
      await advance(60_000);
      expect(server.requests).toHaveLength(1);
    });

    it('makes no request when stopped while the token is fetched', async () => {
      let release: (token: string) => void = () => undefined;
      token.mockReturnValueOnce(new Promise<string>((resolve) => (release = resolve)));
      const poller = transport();
      poller.start();
      poller.stop();
      release(TOKEN);
      await advance(60_000);
      expect(server.requests).toHaveLength(0);
    });

    it('leaves nothing running when called from the events callback', async () => {
      const poller = transport();
      events.events.mockImplementation(() => poller.stop());
      poller.start();
      await advance();
      server.last.respond(200, { events: [event(1)], last_poll_id: 1 });
      await advance();
      expect(events.events).toHaveBeenCalledTimes(1);
      expect(poller.running).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
      await advance(60_000);
      expect(server.requests).toHaveLength(1);
    });

    it('can be restarted from where it stopped, with a single loop', async () => {
      server.ignoreAbort = true;
      const poller = transport();
      poller.start();
      await advance();
      server.last.respond(200, { events: [], last_poll_id: 8 });
      await advance();
      poller.stop();
      poller.start();
      await advance();
      expect(server.requests).toHaveLength(2);
      expect(server.last.url.searchParams.get('last_poll_id')).toBe('8');
      server.last.respond(200, { events: [], last_poll_id: 9 });
      await advance(2000);
      expect(server.requests).toHaveLength(3);
      poller.stop();
      expect(poller.running).toBe(false);
    });

    it('is harmless when not running', () => {
      const poller = transport();
      expect(() => poller.stop()).not.toThrow();
      expect(poller.running).toBe(false);
    });
  });
});
