import { makeEnvironmentProviders, type EnvironmentProviders, type Provider } from '@angular/core';
import {
  longPolling,
  RealtimeError,
  ɵresolveClientOptions as resolveClientOptions,
  type LongPollingOptions,
  type PollingOptions,
  type RealtimeProtocol,
} from 'ngx-realtime/core';
import { BrowserRealtimeBackend, RealtimeBackend } from './realtime-backend';
import { REALTIME_CONFIG, REALTIME_POLLING, type RealtimeConfig } from './realtime-config';
import { WebSocketService } from './websocket.service';

/** Kinds of optional feature `provideRealtime` accepts. */
export enum RealtimeFeatureKind {
  /** `withPolling()`: HTTP long-polling fallback. */
  Polling,
  /** `withPersistentOutbox()`: unsent messages survive a reload. */
  PersistentOutbox,
  /** `withNotifications()`: `NotificationRealtime`. */
  Notifications,
  /** `withMessages()`: `MessagesRealtime`. */
  Messages,
  /** `withPresence()`: `PresenceRealtime`. */
  Presence,
  /** `withFeed()`: `FeedRealtime`. */
  Feed,
  /** `withProtocol()`: the wire dialect (Chat API, Listings, your own adapter). */
  Protocol,
  /** `withTabSharing()`: one connection shared by all tabs of the user. */
  TabSharing,
}

/** One optional feature, made by a `with*()` function. */
export interface RealtimeFeature<K extends RealtimeFeatureKind = RealtimeFeatureKind> {
  /** Which feature this is; `provideRealtime` rejects the same kind twice. */
  readonly kind: K;
  /** The providers the feature adds. */
  readonly providers: readonly (Provider | EnvironmentProviders)[];
  /** The feature's settings, checked against the configuration in dev mode. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/**
 * Adds the HTTP long-polling fallback (SocialHub `GET /api/v1/realtime/poll`): used after
 * the reconnect budget is spent while the WebSocket is probed in the background, or as the
 * only transport with `{ mode: 'only' }`.
 *
 * @example
 * provideRealtime({ url: 'wss://api.example.com/ws' }, withPolling({ sendUrl: '/api/v1/realtime/send' }));
 */
export function withPolling(
  options: Partial<LongPollingOptions> = {},
): RealtimeFeature<RealtimeFeatureKind.Polling> {
  // The poller is only referenced from here, so apps without withPolling() do not bundle it.
  const polling = longPolling({ ...options, mode: options.mode ?? 'fallback' });
  return {
    kind: RealtimeFeatureKind.Polling,
    providers: [{ provide: REALTIME_POLLING, useValue: polling }],
    settings: { ...polling },
  };
}

/**
 * Sets up ngx-realtime for an application or a lazy route: the configuration, the
 * `WebSocketService`, and the optional features.
 *
 * Contradictory settings (a duplicated feature, polling on a protocol without polling
 * endpoints, a heartbeat window shorter than its interval, ...) throw an `invalid_config`
 * error here in dev mode, and when the service is created in production.
 *
 * @example
 * bootstrapApplication(App, {
 *   providers: [
 *     provideRealtime({ url: 'wss://api.example.com/ws', token: () => inject(Auth).token() }, withPolling()),
 *   ],
 * });
 */
export function provideRealtime(
  config: RealtimeConfig,
  ...features: RealtimeFeature[]
): EnvironmentProviders {
  if (typeof ngDevMode === 'undefined' || ngDevMode) checkConfiguration(config, features);
  return makeEnvironmentProviders([
    { provide: REALTIME_CONFIG, useValue: config },
    { provide: RealtimeBackend, useExisting: BrowserRealtimeBackend },
    WebSocketService,
    features.map((feature) => feature.providers),
  ]);
}

function checkConfiguration(config: RealtimeConfig, features: readonly RealtimeFeature[]): void {
  const kinds = new Set<RealtimeFeatureKind>();
  for (const feature of features) {
    if (kinds.has(feature.kind)) {
      throw new RealtimeError(
        'invalid_config',
        `provideRealtime: the ${RealtimeFeatureKind[feature.kind]} feature is given twice`,
      );
    }
    kinds.add(feature.kind);
  }
  const polling = features.find(
    (feature) => feature.kind === RealtimeFeatureKind.Polling,
  )?.settings;
  const persistent = features.find(
    (feature) => feature.kind === RealtimeFeatureKind.PersistentOutbox,
  )?.settings;
  const protocol =
    (features.find((feature) => feature.kind === RealtimeFeatureKind.Protocol)?.settings?.[
      'protocol'
    ] as RealtimeProtocol | undefined) ?? config.protocol;
  if (polling !== undefined && protocol !== undefined && !protocol.capabilities.polling) {
    throw new RealtimeError(
      'invalid_config',
      `provideRealtime: withPolling() needs polling endpoints, and the "${protocol.name}" protocol has none`,
    );
  }
  if (persistent !== undefined && config.outbox?.limit === 0) {
    throw new RealtimeError(
      'invalid_config',
      'provideRealtime: withPersistentOutbox() with outbox.limit 0 could never persist a message',
    );
  }
  // Validates everything the engine would validate, now, where the stack trace is useful.
  resolveClientOptions({
    ...config,
    protocol,
    polling: polling as PollingOptions | undefined,
    outboxTtlMs: persistent?.['ttlMs'] as number | undefined,
    webSocket: () => {
      throw new Error('not used');
    },
    lifecycle: null,
  });
}
