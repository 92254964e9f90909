import type { Logger } from './logger';

/** Who may join or post to a conversation. The default lets every authenticated user in. */
export type ConversationAuthorizer = (userId: string, conversationId: string) => boolean;

/**
 * The wire dialect the WebSocket speaks: SocialHub (the default, the full protocol), or one of
 * the two other backends the library has adapters for (translated at the socket edge, see
 * `src/dialects`).
 */
export type DialectName = 'socialhub' | 'chat-api' | 'listings';

/** Every dialect, the default first. */
export const DIALECT_NAMES: readonly DialectName[] = ['socialhub', 'chat-api', 'listings'];

/** Time as the server sees it; injectable so tests can use fake timers or a manual clock. */
export interface ServerClock {
  now(): number;
}

/** Every setting of the reference server. `resolveConfig` fills in the defaults. */
export interface ServerConfig {
  /** TCP port (default 8082, as the SocialHub service; 0 picks a free one). */
  readonly port: number;
  /** Interface to bind (default 127.0.0.1: a development server is not exposed). */
  readonly host: string;
  /** HS256 secret that signs and verifies JWTs (required). */
  readonly secret: string;
  /** Dev mode: `POST /api/v1/auth/dev-token` hands out signed tokens. Off by default. */
  readonly dev: boolean;
  /** Simulated traffic from other users (needs dev mode). Off by default. */
  readonly simulate: boolean;
  /** The test-control API under `/api/v1/control`. Never on by default. */
  readonly control: boolean;
  /** Wire dialect of the WebSocket (default `socialhub`; HTTP stays SocialHub either way). */
  readonly dialect: DialectName;
  /** Origins allowed to open WebSockets (default: http(s)://localhost and 127.0.0.1 on any port). */
  readonly allowedOrigins: readonly string[] | ((origin: string) => boolean);
  /** MAX_CONNECTIONS: live WebSockets per user (default 10). */
  readonly maxConnectionsPerUser: number;
  /** RATE_LIMITED: client frames per second per connection (default 100). */
  readonly maxMessagesPerSecond: number;
  /** Largest client frame; bigger ones close the socket with 1009 (default 1 MiB). */
  readonly maxFrameBytes: number;
  /** Events kept per user for catch-up (default 100, as the spec's per-user queue). */
  readonly eventLogSize: number;
  /** Heartbeat frames and WebSocket pings (default 30 000 ms). */
  readonly heartbeatIntervalMs: number;
  /** A connection silent this long is closed (default 90 000 ms). */
  readonly staleAfterMs: number;
  /** Typing: a repeated `typing_start` within this window is not re-broadcast (default 2 000 ms). */
  readonly typingDebounceMs: number;
  /** Typing: cleared automatically after this long without a new start (default 5 000 ms). */
  readonly typingAutoClearMs: number;
  /** Presence: offline this long after the user's last connection closed (default 3 000 ms). */
  readonly presenceOfflineDelayMs: number;
  /** Read receipts are batched per conversation over this window (default 500 ms). */
  readonly readReceiptBatchMs: number;
  /** Longest long-poll hold (default 30 s, the spec's maximum). */
  readonly pollMaxTimeoutSeconds: number;
  /** Poll requests per user per minute (default 30). */
  readonly pollsPerMinute: number;
  /** Conversation members given up front (`conversation id → user ids`). */
  readonly conversations: Readonly<Record<string, readonly string[]>>;
  /** Membership hook; by default: members when the conversation has any, else everyone. */
  readonly authorizeConversation?: ConversationAuthorizer;
  /**
   * `redis://host:port[/db]`: run as one instance of a cluster that shares channels,
   * presence, sequence numbers, event logs, idempotency and the epoch through Redis. Unset
   * (the default): everything stays in this process's memory.
   */
  readonly redis?: string;
  /**
   * Cluster only: how often an instance refreshes its liveness key (default 5 000 ms). The
   * key lives three times as long; when it expires, the instance's presence is withdrawn.
   */
  readonly clusterLivenessMs: number;
  readonly clock: ServerClock;
  readonly logger: Logger;
}

/** What `createReferenceServer` accepts: everything but the secret is optional. */
export type ServerOptions = Partial<ServerConfig> & { readonly secret: string };

const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Applies the defaults. */
export function resolveConfig(options: ServerOptions, logger: Logger): ServerConfig {
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new Error('A JWT secret is required (--secret or NGX_REALTIME_SECRET)');
  }
  if (options.redis !== undefined && !/^rediss?:\/\//.test(options.redis)) {
    throw new Error('The Redis URL must start with redis:// or rediss://');
  }
  if (options.dialect !== undefined && !DIALECT_NAMES.includes(options.dialect)) {
    throw new Error(`Unknown dialect: use one of ${DIALECT_NAMES.join(', ')}`);
  }
  return {
    port: 8082,
    host: '127.0.0.1',
    dev: false,
    simulate: false,
    control: false,
    dialect: 'socialhub',
    allowedOrigins: (origin: string) => LOCALHOST_ORIGIN.test(origin),
    maxConnectionsPerUser: 10,
    maxMessagesPerSecond: 100,
    maxFrameBytes: 1024 * 1024,
    eventLogSize: 100,
    heartbeatIntervalMs: 30_000,
    staleAfterMs: 90_000,
    typingDebounceMs: 2_000,
    typingAutoClearMs: 5_000,
    presenceOfflineDelayMs: 3_000,
    readReceiptBatchMs: 500,
    pollMaxTimeoutSeconds: 30,
    pollsPerMinute: 30,
    conversations: {},
    clusterLivenessMs: 5_000,
    clock: { now: () => Date.now() },
    logger,
    ...options,
  };
}

/** True when `origin` may open a WebSocket. Requests without an Origin (non-browsers) pass. */
export function originAllowed(config: ServerConfig, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const allowed = config.allowedOrigins;
  return typeof allowed === 'function' ? allowed(origin) : allowed.includes(origin);
}
