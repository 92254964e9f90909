import { Injectable } from '@angular/core';
import {
  browserLifecycle,
  platformWebSocketFactory,
  RealtimeError,
  ɵplatformFetch as platformFetch,
  type HttpRequestLike,
  type HttpResponseLike,
  type LifecycleSource,
  type WebSocketLike,
} from 'ngx-realtime/core';

/**
 * The lowest layer: opens sockets, makes HTTP requests and reports page lifecycle events.
 * `provideRealtime()` binds it to {@link BrowserRealtimeBackend};
 * `provideRealtimeTesting()` swaps in an in-memory fake, the way
 * `provideHttpClientTesting()` swaps `HttpBackend`. The whole engine above it stays real.
 */
export abstract class RealtimeBackend {
  /** Opens a WebSocket (a `WebSocket`-compatible object). */
  abstract openSocket(url: string, protocols?: string[]): WebSocketLike;
  /** Makes an HTTP request (long polling, missed messages, sends while polling). */
  abstract fetch(url: string, init: HttpRequestLike): Promise<HttpResponseLike>;
  /** Online / visibility / page-show signals; `null` for none. */
  abstract lifecycle(): LifecycleSource | null;

  /**
   * Whether `withTabSharing()` may share the connection with other tabs. The testing backend
   * says no: each test is one tab, and tests must not reach each other through
   * `BroadcastChannel`. Absent means yes.
   */
  tabSharing?(): boolean;
}

/** The real thing: the platform `WebSocket`, `fetch`, and browser lifecycle events. */
@Injectable({ providedIn: 'root' })
export class BrowserRealtimeBackend extends RealtimeBackend {
  private readonly socketFactory = platformWebSocketFactory();
  private readonly fetchFn = platformFetch();

  openSocket(url: string, protocols?: string[]): WebSocketLike {
    if (this.socketFactory === null) {
      throw new RealtimeError('unavailable', 'No WebSocket implementation on this platform');
    }
    return this.socketFactory(url, protocols);
  }

  fetch(url: string, init: HttpRequestLike): Promise<HttpResponseLike> {
    if (this.fetchFn === null) {
      return Promise.reject(
        new RealtimeError('unavailable', 'No fetch implementation on this platform'),
      );
    }
    return this.fetchFn(url, init);
  }

  lifecycle(): LifecycleSource | null {
    return browserLifecycle();
  }
}
