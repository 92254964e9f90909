import { InjectionToken } from '@angular/core';
import type { PollingOptions, RealtimeClientOptions } from 'ngx-realtime/core';

/**
 * Configuration given to `provideRealtime(config, ...)`. Everything but `url` has a
 * documented default (docs/connection.md). The token provider runs in the injection
 * context of the environment injector, so it may call `inject()`.
 *
 * @example
 * provideRealtime({
 *   url: 'wss://api.example.com/ws',
 *   token: () => inject(AuthStore).accessToken(),
 *   reconnect: { maxAttempts: 10 },
 * });
 */
export interface RealtimeConfig extends Omit<
  RealtimeClientOptions,
  'webSocket' | 'fetch' | 'lifecycle' | 'polling'
> {
  /** Connect as soon as the service is created (default `false`: call `connect()`). */
  readonly autoConnect?: boolean;
  /** Also hand every reported error to Angular's `ErrorHandler` (default `true`). */
  readonly reportToErrorHandler?: boolean;
}

/** The configuration given to `provideRealtime`. */
export const REALTIME_CONFIG = new InjectionToken<RealtimeConfig>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_CONFIG' : '',
);

/** Polling settings added by `withPolling()`; absent means no polling fallback. */
export const REALTIME_POLLING = new InjectionToken<PollingOptions>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_POLLING' : '',
);
