/*
 * A `fetch` whose every request waits for the spec to answer it (test support for the
 * RealtimeClient specs; not shipped).
 */
import type { FetchLike, HttpRequestLike, HttpResponseLike } from 'ngx-realtime';

/** One request the client made; the test answers it. */
export class FakeRequest {
  settled = false;
  aborted = false;
  readonly url: URL;
  private resolveFn: (response: HttpResponseLike) => void = () => undefined;
  private rejectFn: (error: unknown) => void = () => undefined;
  readonly promise: Promise<HttpResponseLike>;

  constructor(
    url: string,
    readonly init: HttpRequestLike,
  ) {
    this.url = new URL(url);
    this.promise = new Promise<HttpResponseLike>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    init.signal?.addEventListener('abort', () => {
      if (this.settled) return;
      this.aborted = true;
      this.settled = true;
      this.rejectFn(new Error('aborted'));
    });
  }

  get path(): string {
    return this.url.pathname;
  }

  get authorization(): string | undefined {
    return this.init.headers['Authorization'];
  }

  param(name: string): string | null {
    return this.url.searchParams.get(name);
  }

  respond(
    status: number,
    body: unknown = {},
    headers: Readonly<Record<string, string>> = {},
  ): void {
    if (this.settled) throw new Error(`request to ${this.path} already settled`);
    this.settled = true;
    this.resolveFn({
      status,
      ok: status >= 200 && status < 300,
      headers: { get: (name) => headers[name] ?? null },
      json: async () => body,
    });
  }

  fail(error: unknown = new TypeError('network down')): void {
    if (this.settled) throw new Error(`request to ${this.path} already settled`);
    this.settled = true;
    this.rejectFn(error);
  }
}

/** A `fetch` whose every request waits for the test to answer it. */
export class FakeHttp {
  readonly requests: FakeRequest[] = [];

  readonly fetch: FetchLike = (url, init) => {
    const request = new FakeRequest(url, init);
    this.requests.push(request);
    return request.promise;
  };

  /** Requests still waiting for an answer, optionally only those to `path`. */
  pending(path?: string): FakeRequest[] {
    return this.requests.filter(
      (request) => !request.settled && (path === undefined || request.path === path),
    );
  }

  /** All requests to `path`. */
  to(path: string): FakeRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** The single open request to `path` (throws otherwise). */
  next(path: string): FakeRequest {
    const open = this.pending(path);
    if (open.length !== 1)
      throw new Error(`expected one open request to ${path}, got ${open.length}`);
    return open[0];
  }
}
