import { RealtimeError } from '../errors/realtime-error';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/frame-size';
import type { RealtimeProtocol } from '../protocol/realtime-protocol';
import { createSocialHubProtocol } from '../protocol/socialhub-protocol';
import { defaultPollUrl, platformFetch, type FetchLike } from '../transport/http';
import type { LongPollingSettings, PollingEvents } from '../transport/long-polling-transport';
import { platformWebSocketFactory, type WebSocketFactory } from '../transport/websocket-like';
import { DEFAULT_AUTH_OPTIONS, type AuthOptions, type TokenProvider } from './auth';
import { systemClock, type RandomSource, type RealtimeClock } from './clock';
import { resolveHeartbeatOptions, type HeartbeatOptions } from './heartbeat-monitor';
import { browserLifecycle, type LifecycleSource } from './lifecycle';
import { uuidV4, type IdGenerator } from './message-id';
import type { OutboxOptions } from './outbox';
import { DEFAULT_OUTBOX_TTL_MS } from './outbox-persistence';
import type { OutboxStorage } from './outbox-storage';
import type { ReconnectOptions } from './reconnect-policy';

/** HTTP long-polling settings (SocialHub `GET /api/v1/realtime/poll`), given to {@link longPolling}. */
export interface LongPollingOptions {
  /**
   * `fallback` (default): poll only after the reconnect budget is spent, probing the
   * WebSocket in the background. `only`: never open a WebSocket.
   */
  readonly mode: 'fallback' | 'only';
  /** Poll endpoint; default derived from `url`: `wss://host/ws` → `https://host/api/v1/realtime/poll`. */
  readonly url?: string;
  /** Missed-messages endpoint; default `<poll url>/missed`. */
  readonly missedUrl?: string;
  /**
   * Where sends go while polling (`POST`, the encoded frame as body, answered with an ack
   * payload). Without it, sends made while polling wait in the outbox for the WebSocket.
   */
  readonly sendUrl?: string;
  /** Server hold time asked for, in seconds (default 30, the spec's maximum). */
  readonly timeoutSeconds?: number;
  /** Shortest gap between two polls (default 2 000 ms: under 30 requests a minute). */
  readonly minIntervalMs?: number;
}

/** One polling loop as the connection drives it. */
export interface Poller {
  /** The cursor (`last_poll_id`) the next request sends. */
  readonly cursor: string;
  /** Starts polling from `cursor`. */
  start(cursor: string): void;
  /** Aborts the request in flight; no event is reported afterwards. */
  stop(): void;
}

/** Builds a {@link Poller}; {@link longPolling} supplies the HTTP long-polling one. */
export type PollerFactory = (
  fetch: FetchLike,
  clock: RealtimeClock,
  protocol: RealtimeProtocol,
  settings: LongPollingSettings,
  token: () => Promise<string | null>,
  events: PollingEvents,
) => Poller;

/**
 * The polling fallback of a {@link RealtimeClient}: settings plus the loop that runs them.
 * Made by {@link longPolling}, so an app that never polls never bundles the poller.
 */
export interface PollingOptions extends LongPollingOptions {
  readonly poller: PollerFactory;
}

/**
 * Everything a {@link RealtimeClient} can be told. Only `url` is required; every default is
 * documented in docs/connection.md.
 */
export interface RealtimeClientOptions {
  /** WebSocket endpoint, for example `wss://api.example.com/ws`. */
  readonly url: string;
  /** Token source, called before every (re)connect and poll. */
  readonly token?: TokenProvider;
  /** User id, sent as `user_id` on polling requests for servers that still need it. */
  readonly userId?: string;
  readonly auth?: Partial<AuthOptions>;
  /** Wire dialect (default: SocialHub). */
  readonly protocol?: RealtimeProtocol;
  /** Largest frame accepted or sent, in UTF-8 bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
  readonly reconnect?: Partial<ReconnectOptions>;
  /** Liveness checking; `false` turns it off. */
  readonly heartbeat?: Partial<HeartbeatOptions> | false;
  readonly outbox?: Partial<OutboxOptions>;
  /**
   * Persists queued sends so they survive a page reload (default: none, the outbox lives in
   * memory). See {@link indexedDbOutboxStorage}.
   */
  readonly outboxStorage?: OutboxStorage;
  /** How long a persisted message stays sendable (default 24 h); older ones are dropped on load. */
  readonly outboxTtlMs?: number;
  /** Default timeout of `sendWithAck` (10 000 ms). */
  readonly ackTimeoutMs?: number;
  /** How long an opening socket may take (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** A connection that lived this long resets the reconnect budget (default 5 000 ms). */
  readonly minUptimeMs?: number;
  /** Long-polling fallback, `longPolling({ mode: 'fallback' })`; off unless given. */
  readonly polling?: PollingOptions;
  /** Opens sockets (default: the platform `WebSocket`; in Node pass the `ws` package). */
  readonly webSocket?: WebSocketFactory;
  /** HTTP client for polling (default: the platform `fetch`). */
  readonly fetch?: FetchLike;
  readonly clock?: RealtimeClock;
  readonly random?: RandomSource;
  readonly ids?: IdGenerator;
  /** Page lifecycle signals (default: browser events where present; `null` for none). */
  readonly lifecycle?: LifecycleSource | null;
  /**
   * The last sequence number an earlier client of the same user delivered: the first
   * connection then catches up from there rather than from the server's current position,
   * so nothing sent in between is lost. Tab sharing gives it to the tab taking over.
   */
  readonly resumeFrom?: number;
}

/** Polling settings with every default applied. */
export interface ResolvedPolling {
  readonly poller: PollerFactory;
  readonly mode: 'fallback' | 'only';
  readonly url: string;
  readonly missedUrl: string;
  readonly sendUrl: string | null;
  readonly timeoutSeconds: number;
  readonly minIntervalMs: number;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  readonly url: string;
  readonly token: TokenProvider | undefined;
  readonly userId: string | undefined;
  readonly auth: AuthOptions;
  readonly protocol: RealtimeProtocol;
  readonly maxFrameBytes: number;
  readonly heartbeat: HeartbeatOptions | null;
  readonly outboxStorage: OutboxStorage | null;
  readonly outboxTtlMs: number;
  readonly ackTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly minUptimeMs: number;
  readonly polling: ResolvedPolling | null;
  readonly webSocket: WebSocketFactory | null;
  readonly fetch: FetchLike | null;
  readonly clock: RealtimeClock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
  readonly lifecycle: LifecycleSource | null;
}

function fail(problem: string): never {
  throw new RealtimeError('invalid_config', `Invalid realtime configuration: ${problem}`);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!(resolved > 0)) fail(`${name} must be > 0`);
  return resolved;
}

/** Applies defaults and rejects contradictions with an `invalid_config` error. */
export function resolveClientOptions(options: RealtimeClientOptions): ResolvedClientOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    fail('url must be an absolute ws:// or wss:// URL');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') fail('url must use ws:// or wss://');
  const maxFrameBytes = positive(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES, 'maxFrameBytes');
  const protocol = options.protocol ?? createSocialHubProtocol({ maxFrameBytes });
  const auth = { ...DEFAULT_AUTH_OPTIONS, ...options.auth };
  const resumeFrom = options.resumeFrom;
  if (resumeFrom !== undefined && !(Number.isSafeInteger(resumeFrom) && resumeFrom >= 0)) {
    fail('resumeFrom must be a sequence number (an integer >= 0)');
  }
  if (auth.placement !== 'query' && auth.placement !== 'protocol') {
    fail('auth.placement must be "query" or "protocol"');
  }
  return {
    url: options.url,
    token: options.token,
    userId: options.userId,
    auth,
    protocol,
    maxFrameBytes,
    heartbeat:
      options.heartbeat === false || !protocol.capabilities.heartbeat
        ? null
        : resolveHeartbeatOptions(options.heartbeat),
    outboxStorage: options.outboxStorage ?? null,
    outboxTtlMs: positive(options.outboxTtlMs, DEFAULT_OUTBOX_TTL_MS, 'outboxTtlMs'),
    ackTimeoutMs: positive(options.ackTimeoutMs, 10_000, 'ackTimeoutMs'),
    connectTimeoutMs: positive(options.connectTimeoutMs, 10_000, 'connectTimeoutMs'),
    minUptimeMs: positive(options.minUptimeMs, 5_000, 'minUptimeMs'),
    polling: resolvePolling(options.polling, options.url, protocol),
    webSocket: options.webSocket ?? platformWebSocketFactory(),
    fetch: options.fetch ?? platformFetch(),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    ids: options.ids ?? uuidV4,
    lifecycle: options.lifecycle === undefined ? browserLifecycle() : options.lifecycle,
  };
}

function resolvePolling(
  polling: PollingOptions | undefined,
  webSocketUrl: string,
  protocol: RealtimeProtocol,
): ResolvedPolling | null {
  if (polling === undefined) return null;
  if (!protocol.capabilities.polling) {
    fail(`polling is enabled but the "${protocol.name}" protocol has no polling endpoints`);
  }
  if (typeof polling.poller !== 'function') {
    fail('polling needs a poller: pass longPolling({ mode }) as the polling option');
  }
  if (polling.mode !== 'fallback' && polling.mode !== 'only') {
    fail('polling.mode must be "fallback" or "only"');
  }
  const url = polling.url ?? defaultPollUrl(webSocketUrl);
  const timeoutSeconds = polling.timeoutSeconds ?? 30;
  if (!(timeoutSeconds > 0 && timeoutSeconds <= 30))
    fail('polling.timeoutSeconds must be in (0, 30]');
  const minIntervalMs = polling.minIntervalMs ?? 2_000;
  if (!(minIntervalMs >= 0)) fail('polling.minIntervalMs must be >= 0');
  return {
    poller: polling.poller,
    mode: polling.mode,
    url,
    missedUrl: polling.missedUrl ?? `${url}/missed`,
    sendUrl: polling.sendUrl ?? null,
    timeoutSeconds,
    minIntervalMs,
  };
}
