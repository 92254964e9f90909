import type { Logger, LogFields } from '../src/logger';

/** A JSON response, read. */
export interface JsonReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** Requests every test made; aborted in `afterEach` so no held poll outlives its test. */
const inFlight = new Set<AbortController>();

/** Aborts every request still running (call in `afterEach`, before stopping the server). */
export function abortRequests(): void {
  for (const controller of inFlight) controller.abort();
  inFlight.clear();
}

/**
 * One HTTP request with Node's fetch: `body` objects are sent as JSON, strings as they are;
 * `token` goes in the Authorization header. The answer body is parsed as JSON (`{}` when
 * empty).
 */
export async function request(
  url: string,
  options: {
    readonly method?: string;
    readonly token?: string;
    readonly body?: object | string;
    readonly headers?: Record<string, string>;
    readonly signal?: AbortSignal;
  } = {},
): Promise<JsonReply> {
  const controller = new AbortController();
  inFlight.add(controller);
  options.signal?.addEventListener('abort', () => controller.abort());
  try {
    const response = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
      signal: controller.signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  } finally {
    inFlight.delete(controller);
  }
}

/** A logger that keeps every line (as JSON text) for assertions. */
export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      lines.push(JSON.stringify({ level, event, ...fields }));
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2024, 2, 1, 12)): {
  now(): number;
  advance(ms: number): void;
} {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}
