import { RealtimeError } from '../errors/realtime-error';

/** The response fields the engine reads; a `fetch` Response satisfies it. */
export interface HttpResponseLike {
  /** The HTTP status code. */
  readonly status: number;
  /** Whether the status is in the 2xx range. */
  readonly ok: boolean;
  /** The response headers. */
  readonly headers: {
    /** A header's value by case-insensitive name, or `null` when absent. */
    get(name: string): string | null;
  };
  /** Parses the body as JSON (rejects when it is not JSON). */
  json(): Promise<unknown>;
}

/** Request options the engine passes; a subset of `RequestInit`. */
export interface HttpRequestLike {
  /** `GET` to poll, `POST` to send. */
  readonly method: 'GET' | 'POST';
  /** Request headers (content type, authorization). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body of a `POST`. */
  readonly body?: string;
  /** Aborts the request when the engine gives up on it (timeout, disconnect). */
  readonly signal?: AbortSignal;
}

/** `fetch`, or anything shaped like it (an adapter over Angular's `HttpClient`, say). */
export type FetchLike = (url: string, init: HttpRequestLike) => Promise<HttpResponseLike>;

/** The platform `fetch`, or `null` where there is none. */
export function platformFetch(): FetchLike | null {
  const fetchFn = (globalThis as { fetch?: FetchLike }).fetch;
  return typeof fetchFn === 'function' ? (url, init) => fetchFn(url, init) : null;
}

/** Headers of an authenticated JSON request. */
export function authHeaders(token: string | null, json = false): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (json) headers['Content-Type'] = 'application/json';
  return headers;
}

/** Appends query parameters, skipping undefined ones. */
export function withQuery(
  url: string,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) parsed.searchParams.set(name, value);
  }
  return parsed.toString();
}

/** HTTP statuses that mean "credentials refused". */
export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/** Milliseconds to wait after a 429, from `Retry-After` or `X-RateLimit-Reset`. */
export function retryAfterMs(response: HttpResponseLike, now: number): number | null {
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const reset = Number(response.headers.get('X-RateLimit-Reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return null;
}

/** Wraps anything a request threw as a `transport_error`. */
export function asTransportError(cause: unknown, what: string): RealtimeError {
  if (cause instanceof RealtimeError) return cause;
  return new RealtimeError('transport_error', `${what} failed: network error`, { cause });
}

/**
 * Derives the polling endpoint from the WebSocket URL, as the SocialHub server lays them out:
 * `wss://host/ws` → `https://host/api/v1/realtime/poll`.
 */
export function defaultPollUrl(webSocketUrl: string): string {
  const parsed = new URL(webSocketUrl);
  const protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
  return `${protocol}//${parsed.host}/api/v1/realtime/poll`;
}
