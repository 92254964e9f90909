import { InjectionToken } from '@angular/core';
import type {
  OutboxStorage,
  PollingOptions,
  RealtimeClientOptions,
  RealtimeProtocol,
} from 'ngx-realtime/core';

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
  'webSocket' | 'fetch' | 'lifecycle' | 'polling' | 'outboxStorage' | 'outboxTtlMs'
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

/**
 * The wire dialect set by `withProtocol()`; absent means `RealtimeConfig.protocol`, else
 * SocialHub. Takes precedence over `RealtimeConfig.protocol`.
 */
export const REALTIME_PROTOCOL = new InjectionToken<RealtimeProtocol>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_PROTOCOL' : '',
);

/** The persistent outbox as `withPersistentOutbox()` resolved it for this platform. */
export interface PersistentOutboxSettings {
  /** Where queued sends are kept across reloads; `null` on the server (SSR). */
  readonly storage: OutboxStorage | null;
  /** How long a persisted message stays sendable (default 24 h). */
  readonly ttlMs?: number;
}

/**
 * The persistent outbox added by `withPersistentOutbox()`; absent means the outbox lives in
 * memory only. Inject it to clear the storage on sign-out:
 * `inject(REALTIME_PERSISTENT_OUTBOX).storage?.clear()`.
 */
export const REALTIME_PERSISTENT_OUTBOX = new InjectionToken<PersistentOutboxSettings>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_PERSISTENT_OUTBOX' : '',
);
