import { RealtimeError } from '../errors/realtime-error';
import {
  asTransportError,
  authHeaders,
  defaultPollUrl,
  isAuthStatus,
  platformFetch,
  retryAfterMs,
  withQuery,
  type FetchLike,
  type HttpResponseLike,
} from './http';

function response(headers: Record<string, string> = {}): HttpResponseLike {
  return {
    status: 429,
    ok: false,
    headers: { get: (name) => headers[name] ?? null },
    json: async () => ({}),
  };
}

describe('withQuery', () => {
  it('appends parameters and skips undefined ones', () => {
    expect(withQuery('https://h.example/poll', { a: '1', b: undefined, c: 'x' })).toBe(
      'https://h.example/poll?a=1&c=x',
    );
  });

  it('keeps existing parameters and replaces one of the same name', () => {
    expect(withQuery('https://h.example/poll?keep=1&a=old', { a: 'new' })).toBe(
      'https://h.example/poll?keep=1&a=new',
    );
  });

  it('encodes values', () => {
    const url = new URL(withQuery('https://h.example/poll', { user_id: 'a b&c=d' }));
    expect(url.searchParams.get('user_id')).toBe('a b&c=d');
    expect(url.search).not.toContain('&c=d');
  });

  it('returns the URL unchanged when nothing is set', () => {
    expect(withQuery('https://h.example/poll', { a: undefined })).toBe('https://h.example/poll');
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2024, 2, 1, 12, 0, 0);

  it('reads Retry-After in seconds', () => {
    expect(retryAfterMs(response({ 'Retry-After': '7' }), now)).toBe(7000);
    expect(retryAfterMs(response({ 'Retry-After': '1.5' }), now)).toBe(1500);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    const reset = String(now / 1000 + 60);
    expect(retryAfterMs(response({ 'Retry-After': '2', 'X-RateLimit-Reset': reset }), now)).toBe(
      2000,
    );
  });

  it('falls back to X-RateLimit-Reset, an epoch time in seconds', () => {
    expect(retryAfterMs(response({ 'X-RateLimit-Reset': String(now / 1000 + 30) }), now)).toBe(
      30_000,
    );
  });

  it('never returns a negative wait for a reset time already passed', () => {
    expect(retryAfterMs(response({ 'X-RateLimit-Reset': String(now / 1000 - 30) }), now)).toBe(0);
  });

  it('returns null when neither header helps', () => {
    expect(retryAfterMs(response(), now)).toBeNull();
    expect(retryAfterMs(response({ 'Retry-After': '0' }), now)).toBeNull();
    expect(
      retryAfterMs(response({ 'Retry-After': 'soon', 'X-RateLimit-Reset': 'x' }), now),
    ).toBeNull();
    expect(retryAfterMs(response({ 'Retry-After': '-5' }), now)).toBeNull();
  });
});

describe('defaultPollUrl', () => {
  it('maps wss to https and ws to http on the same host', () => {
    expect(defaultPollUrl('wss://api.devthread.io/ws')).toBe(
      'https://api.devthread.io/api/v1/realtime/poll',
    );
    expect(defaultPollUrl('ws://localhost:8082/ws')).toBe(
      'http://localhost:8082/api/v1/realtime/poll',
    );
  });

  it('drops the socket path and query (a token must not travel along)', () => {
    expect(defaultPollUrl('wss://h.example:9443/realtime/ws?token=secret')).toBe(
      'https://h.example:9443/api/v1/realtime/poll',
    );
  });
});

describe('authHeaders', () => {
  it('sends the bearer token in the Authorization header', () => {
    expect(authHeaders('jwt-1')).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer jwt-1',
    });
  });

  it('has no Authorization header without a token', () => {
    expect(authHeaders(null)).toEqual({ Accept: 'application/json' });
  });

  it('adds Content-Type for JSON bodies', () => {
    expect(authHeaders('t', true)).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer t',
      'Content-Type': 'application/json',
    });
  });
});

describe('isAuthStatus', () => {
  it.each([401, 403])('is true for %i', (status) => expect(isAuthStatus(status)).toBe(true));
  it.each([200, 400, 404, 429, 500])('is false for %i', (status) =>
    expect(isAuthStatus(status)).toBe(false),
  );
});

describe('asTransportError', () => {
  it('wraps a network failure without quoting it', () => {
    const cause = new TypeError('Failed to fetch https://h.example/poll?token=secret');
    const error = asTransportError(cause, 'Poll request');
    expect(error.code).toBe('transport_error');
    expect(error.message).toBe('Poll request failed: network error');
    expect(error.cause).toBe(cause);
  });

  it('passes a RealtimeError through unchanged', () => {
    const original = new RealtimeError('polling_failed', 'x');
    expect(asTransportError(original, 'Poll request')).toBe(original);
  });
});

describe('platformFetch', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');

  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'fetch', original);
    else delete (globalThis as { fetch?: unknown }).fetch;
  });

  it('calls the global fetch as it is at call time', async () => {
    const stub = jest.fn<ReturnType<FetchLike>, Parameters<FetchLike>>(async () => response());
    Object.defineProperty(globalThis, 'fetch', { value: stub, configurable: true, writable: true });
    const fetchFn = platformFetch();
    expect(fetchFn).not.toBeNull();
    await fetchFn?.('https://h.example/poll', { method: 'GET', headers: {} });
    expect(stub).toHaveBeenCalledWith('https://h.example/poll', { method: 'GET', headers: {} });
  });

  it('is null where there is no fetch', () => {
    Object.defineProperty(globalThis, 'fetch', {
      value: undefined,
      configurable: true,
      writable: true,
    });
    expect(platformFetch()).toBeNull();
  });
});
