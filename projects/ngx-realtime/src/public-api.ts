/**
 * Public API surface of ngx-realtime. Every export is named explicitly.
 *
 * The framework-free engine lives in the secondary entry point `ngx-realtime/core` (usable
 * without Angular) and is re-exported here, so Angular apps need one import path.
 *
 * @module ngx-realtime
 */

export {
  allOf,
  BEARER_SUBPROTOCOL,
  browserLifecycle,
  browserTabPage,
  chatApiProtocol,
  ConnectionStatus,
  createSocialHubProtocol,
  DEFAULT_AUTH_OPTIONS,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_OUTBOX_OPTIONS,
  DEFAULT_OUTBOX_TTL_MS,
  DEFAULT_RECONNECT_OPTIONS,
  INITIAL_STATS,
  indexedDbOutboxStorage,
  isIsoTimestamp,
  isRealtimeError,
  listingsProtocol,
  longPolling,
  memoryOutboxStorage,
  oneOf,
  parseJsonSafely,
  payloadSchema,
  platformLockManager,
  platformTabChannel,
  platformWebSocketFactory,
  RealtimeClient,
  RealtimeError,
  ReconnectPolicy,
  systemClock,
  tabGroupName,
  TabSharedClient,
  webSocketFactory,
} from 'ngx-realtime/core';
export type {
  AckOptions,
  AckPayload,
  AckResolution,
  AuthOptions,
  ChannelPayload,
  ChatApiProtocolOptions,
  ConnectCredentials,
  ConnectPayload,
  CountUpdatePayload,
  DirectMessagePayload,
  DisconnectPayload,
  ErrorPayload,
  FeedUpdatePayload,
  FetchLike,
  FieldKind,
  HeartbeatOptions,
  HeartbeatPayload,
  HttpRequestLike,
  HttpResponseLike,
  IdGenerator,
  IndexedDbOutboxStorageOptions,
  LifecycleSource,
  ListingsProtocolOptions,
  LongPollingOptions,
  LongPollingSettings,
  MessageDeliveredPayload,
  MessageSender,
  MissedMessages,
  NotificationKind,
  NotificationPayload,
  NotificationReadAllPayload,
  NotificationReadPayload,
  OutboxOptions,
  OutboxOverflowPolicy,
  OutboxStorage,
  OutgoingMessage,
  PayloadValidator,
  PersistedOutboxEntry,
  Poller,
  PollerFactory,
  PollingEvents,
  PollingOptions,
  PollResult,
  PresencePayload,
  PresenceStatus,
  ProtocolCapabilities,
  SequencePosition,
  RandomSource,
  ReadReceiptPayload,
  RealtimeClientOptions,
  RealtimeClock,
  RealtimeErrorCode,
  RealtimeErrorOptions,
  RealtimeEvent,
  RealtimeEventMap,
  RealtimeEventType,
  RealtimeMessage,
  RealtimeProtocol,
  RealtimeStats,
  ReconnectOptions,
  RecoveryEvent,
  RecoveryGapReason,
  RecoveryVerdict,
  SendReceipt,
  SocialHubProtocolOptions,
  StampedMessage,
  TimerHandle,
  TokenPlacement,
  TokenProvider,
  TypingPayload,
  WakeReason,
  RealtimeConnection,
  TabChannel,
  TabChannelFactory,
  TabLockManager,
  TabLockRequestOptions,
  TabPage,
  TabPageEvents,
  TabSharingOptions,
  WebSocketConstructor,
  WebSocketFactory,
  WebSocketLike,
} from 'ngx-realtime/core';

// Angular
export { provideRealtime, RealtimeFeatureKind, withPolling } from './lib/angular/provide-realtime';
export type { RealtimeFeature } from './lib/angular/provide-realtime';
export {
  REALTIME_CONFIG,
  REALTIME_PERSISTENT_OUTBOX,
  REALTIME_POLLING,
  REALTIME_PROTOCOL,
} from './lib/angular/realtime-config';
export type { PersistentOutboxSettings, RealtimeConfig } from './lib/angular/realtime-config';
export { withPersistentOutbox } from './lib/angular/with-persistent-outbox';
export { withProtocol } from './lib/angular/with-protocol';
export { REALTIME_TAB_SHARING, withTabSharing } from './lib/angular/with-tab-sharing';
export type { TabSharingConnector, TabSharingFeatureOptions } from './lib/angular/with-tab-sharing';
export type { PersistentOutboxOptions } from './lib/angular/with-persistent-outbox';
export { BrowserRealtimeBackend, RealtimeBackend } from './lib/angular/realtime-backend';
export { WebSocketService } from './lib/angular/websocket.service';
export {
  animationFrameScheduler,
  REALTIME_FRAME_SCHEDULER,
  synchronousFrameScheduler,
} from './lib/angular/frame-scheduler';
export type { RealtimeFrameScheduler } from './lib/angular/frame-scheduler';
export { injectChannel, injectLatest, injectRealtimeStatus } from './lib/angular/inject-realtime';
export type { InjectRealtimeOptions } from './lib/angular/inject-realtime';
export { PageVisibility } from './lib/features/shared/page-visibility';
// Domain services: each feature folder's index.ts is its own public API.
export {
  DEFAULT_NOTIFICATION_TITLES,
  DESKTOP_NOTIFICATION_API,
  NOTIFICATION_OPTIONS,
  NOTIFICATION_PREFERENCE_STORAGE,
  NOTIFICATION_SOUND_PLAYER,
  NOTIFICATION_TOAST,
  NotificationRealtime,
  withNotifications,
} from './lib/features/notifications/index';
export type {
  DesktopNotificationApi,
  DesktopNotificationOptions,
  DesktopNotificationRequest,
  DesktopPermission,
  NotificationLoader,
  NotificationPreferenceStorage,
  NotificationRealtimeOptions,
  NotificationSnapshot,
  NotificationSoundOptions,
  NotificationSoundPlayer,
  NotificationTitles,
  NotificationToast,
  NotificationToastHandler,
  RealtimeNotification,
  ResolvedNotificationOptions,
} from './lib/features/notifications/index';
export {
  conversationChannel,
  DEFAULT_MESSAGES_OPTIONS,
  MESSAGES_OPTIONS,
  MessagesRealtime,
  withMessages,
} from './lib/features/messages/index';
export type {
  ChatMessage,
  ChatMessageSender,
  HistoryLoadReason,
  MessageHistoryLoader,
  MessagesOptions,
  OutgoingChatMessage,
  MessageStatus,
  ResolvedMessagesOptions,
  TypingInput,
  TypingUser,
} from './lib/features/messages/index';
export {
  DEFAULT_PRESENCE_OPTIONS,
  injectPresenceClock,
  PRESENCE_OPTIONS,
  PRESENCE_WORDINGS,
  presenceChannelOf,
  PresenceRealtime,
  presenceText,
  readPresence,
  RtPresenceTextPipe,
  withPresence,
} from './lib/features/presence/index';
export type {
  OwnPresenceStatus,
  PresenceChannelMode,
  PresenceClockOptions,
  PresenceOptions,
  PresenceSettings,
  PresenceState,
  PresenceTextInput,
  PresenceTextOptions,
  PresenceWording,
  UserPresence,
} from './lib/features/presence/index';
export {
  DEFAULT_FEED_OPTIONS,
  FEED_OPTIONS,
  FeedRealtime,
  withFeed,
} from './lib/features/feed/index';
export type {
  FeedCountsLoader,
  FeedEvent,
  FeedOptions,
  FeedSettings,
  FeedUpdate,
  FeedUpdateKind,
  LivePostCounts,
  PostCountField,
  PostCounts,
} from './lib/features/feed/index';
// Components: each component folder's index.ts is its own public API.
export {
  cappedCount,
  RtNotificationBadge,
  unreadNotificationsLabel,
} from './lib/components/notification-badge/index';
export {
  RtTypingIndicator,
  typingText,
  typingUserName,
} from './lib/components/typing-indicator/index';
export type { RtTypingIndicatorUser } from './lib/components/typing-indicator/index';
export { newPostsText, RtNewPostsBanner } from './lib/components/new-posts-banner/index';
export {
  DEFAULT_PRESENCE_LABELS,
  RtPresenceIndicator,
} from './lib/components/presence-indicator/index';
export type { RtPresenceLabels } from './lib/components/presence-indicator/index';
export {
  DEFAULT_CONNECTION_STATUS_TEXTS,
  RtConnectionStatus,
} from './lib/components/connection-status/index';
export type { RtConnectionStatusTexts } from './lib/components/connection-status/index';
export {
  DEFAULT_MESSAGE_STATUS_LABELS,
  RtMessageStatus,
} from './lib/components/message-status/index';
export type { RtMessageStatusLabels } from './lib/components/message-status/index';
