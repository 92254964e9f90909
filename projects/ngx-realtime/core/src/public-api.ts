/**
 * Public API surface of ngx-realtime/core: the framework-free protocol codecs and connection
 * engine. Imports nothing from Angular, so Node scripts, Web Workers and benchmarks can use
 * it directly. Everything here is re-exported by `ngx-realtime` too.
 *
 * @module ngx-realtime/core
 */

// Errors
export { isRealtimeError, RealtimeError } from './lib/errors/realtime-error';
export type { RealtimeErrorCode, RealtimeErrorOptions } from './lib/errors/realtime-error';

// Protocol: canonical events and the SocialHub codec
export type {
  AckPayload,
  ChannelPayload,
  ConnectPayload,
  CountUpdatePayload,
  DirectMessagePayload,
  DisconnectPayload,
  ErrorPayload,
  FeedUpdatePayload,
  HeartbeatPayload,
  MessageDeliveredPayload,
  MessageSender,
  NotificationKind,
  NotificationPayload,
  NotificationReadAllPayload,
  NotificationReadPayload,
  PresencePayload,
  PresenceStatus,
  ReadReceiptPayload,
  RealtimeEvent,
  RealtimeEventMap,
  RealtimeEventType,
  TypingPayload,
} from './lib/protocol/event-map';
export type { OutgoingMessage, RealtimeMessage, StampedMessage } from './lib/protocol/message';
export type {
  AckResolution,
  MissedMessages,
  PollResult,
  ProtocolCapabilities,
  SequencePosition,
  RealtimeProtocol,
} from './lib/protocol/realtime-protocol';
export { createSocialHubProtocol } from './lib/protocol/socialhub-protocol';
export type { SocialHubProtocolOptions } from './lib/protocol/socialhub-protocol';
export { chatApiProtocol } from './lib/protocol/chat-api/chat-api-protocol';
export type { ChatApiProtocolOptions } from './lib/protocol/chat-api/chat-api-protocol';
export { listingsProtocol } from './lib/protocol/listings/listings-protocol';
export type { ListingsProtocolOptions } from './lib/protocol/listings/listings-protocol';
export { allOf, isIsoTimestamp, oneOf, payloadSchema } from './lib/protocol/payload-schema';
export type { FieldKind, PayloadValidator } from './lib/protocol/payload-schema';
export { parseJsonSafely } from './lib/protocol/safe-json';
export { DEFAULT_MAX_FRAME_BYTES } from './lib/protocol/frame-size';

// Transport contracts
export { platformWebSocketFactory, webSocketFactory } from './lib/transport/websocket-like';
export type {
  WebSocketConstructor,
  WebSocketFactory,
  WebSocketLike,
} from './lib/transport/websocket-like';
export type { FetchLike, HttpRequestLike, HttpResponseLike } from './lib/transport/http';

// Core: the framework-free engine
export { RealtimeClient } from './lib/core/realtime-client';
export type { AckOptions, ConnectCredentials, SendReceipt } from './lib/core/client-calls';
export type {
  LongPollingOptions,
  Poller,
  PollerFactory,
  PollingOptions,
  RealtimeClientOptions,
} from './lib/core/client-options';
export { longPolling } from './lib/transport/long-polling';
export type { LongPollingSettings, PollingEvents } from './lib/transport/long-polling-transport';
export { ConnectionStatus } from './lib/core/connection-status';
export { DEFAULT_RECONNECT_OPTIONS, ReconnectPolicy } from './lib/core/reconnect-policy';
export type { ReconnectOptions } from './lib/core/reconnect-policy';
export type { HeartbeatOptions } from './lib/core/heartbeat-monitor';
export { DEFAULT_OUTBOX_OPTIONS } from './lib/core/outbox';
export type { OutboxOptions, OutboxOverflowPolicy } from './lib/core/outbox';
export type { OutboxStorage, PersistedOutboxEntry } from './lib/core/outbox-storage';
export { DEFAULT_OUTBOX_TTL_MS } from './lib/core/outbox-persistence';
export { indexedDbOutboxStorage } from './lib/core/indexeddb-outbox-storage';
export type { IndexedDbOutboxStorageOptions } from './lib/core/indexeddb-outbox-storage';
export { memoryOutboxStorage } from './lib/core/memory-outbox-storage';
export { BEARER_SUBPROTOCOL, DEFAULT_AUTH_OPTIONS } from './lib/core/auth';
export type { AuthOptions, TokenPlacement, TokenProvider } from './lib/core/auth';
export { systemClock } from './lib/core/clock';
export type { RandomSource, RealtimeClock, TimerHandle } from './lib/core/clock';
export { browserLifecycle } from './lib/core/lifecycle';
export type { LifecycleSource, WakeReason } from './lib/core/lifecycle';
export type { IdGenerator } from './lib/core/message-id';
export { INITIAL_STATS } from './lib/core/stats';
export type {
  RealtimeStats,
  RecoveryEvent,
  RecoveryGapReason,
  RecoveryVerdict,
} from './lib/core/stats';

// Tab sharing: one connection for all tabs of a user
export { TabSharedClient } from './lib/tabs/tab-shared-client';
export { tabGroupName } from './lib/tabs/tab-sharing-options';
export type { TabSharingOptions } from './lib/tabs/tab-sharing-options';
export type { RealtimeConnection } from './lib/tabs/realtime-connection';
export { browserTabPage, platformLockManager, platformTabChannel } from './lib/tabs/tab-platform';
export type {
  TabChannel,
  TabChannelFactory,
  TabLockManager,
  TabLockRequestOptions,
  TabPage,
  TabPageEvents,
} from './lib/tabs/tab-platform';

// Internal: shared with the Angular layer of this package, not part of the supported API
// (`@internal` keeps them out of the API reference).
/** @internal */
export { resolveClientOptions as ɵresolveClientOptions } from './lib/core/client-options';
/** @internal */
export { platformFetch as ɵplatformFetch } from './lib/transport/http';
/** @internal */
export { uuidV4 as ɵuuidV4 } from './lib/core/message-id';
