import type { RealtimeMessage } from './message';

/** Payload of `connect`. */
export interface ConnectPayload {
  readonly user_id: string;
  readonly timestamp?: string;
}

/** Payload of `disconnect`. */
export interface DisconnectPayload {
  readonly reason?: string;
}

/** Payload of `subscribe` and `unsubscribe`. */
export interface ChannelPayload {
  readonly channel: string;
}

/** Kinds of notification the SocialHub server documents; other strings are allowed. */
export type NotificationKind =
  'like' | 'comment' | 'follow' | 'mention' | 'reply' | 'share' | (string & {});

/** Payload of `notification`. */
export interface NotificationPayload {
  readonly id: string;
  readonly type: NotificationKind;
  readonly actor_id?: string;
  readonly actor_name?: string;
  readonly message?: string;
  readonly post_id?: string;
  readonly read?: boolean;
  readonly created_at?: string;
  /** Unread count after this notification, when the server includes it. */
  readonly unread_count?: number;
}

/** Payload of `notification_read`. */
export interface NotificationReadPayload {
  readonly notification_id: string;
  readonly read_at?: string;
  readonly unread_count?: number;
}

/** Payload of `notification_read_all`. */
export interface NotificationReadAllPayload {
  readonly read_at?: string;
  readonly unread_count?: number;
}

/** The sender block of a `message` payload. */
export interface MessageSender {
  readonly id: string;
  readonly username?: string;
  readonly display_name?: string;
  readonly avatar_url?: string;
}

/** Payload of `message` (a direct message). */
export interface DirectMessagePayload {
  readonly id: string;
  readonly conversation_id: string;
  readonly sender_id: string;
  readonly content: string;
  readonly created_at: string;
  readonly is_read?: boolean;
  readonly sender?: MessageSender;
}

/** Payload of `typing_start` and `typing_stop`. */
export interface TypingPayload {
  readonly conversation_id: string;
  readonly user_id: string;
  readonly username?: string;
  readonly is_typing?: boolean;
}

/** Payload of `read_receipt`. */
export interface ReadReceiptPayload {
  readonly conversation_id: string;
  readonly message_ids: readonly string[];
  readonly read_at?: string;
  readonly user_id?: string;
}

/**
 * Payload of `message_delivered` (ngx-realtime extension, sent by the reference server):
 * the messages reached a recipient's device.
 */
export interface MessageDeliveredPayload {
  readonly conversation_id: string;
  readonly message_ids: readonly string[];
  readonly user_id: string;
  readonly delivered_at?: string;
}

/** Presence states of the SocialHub protocol. */
export type PresenceStatus = 'online' | 'offline' | 'away' | 'busy';

/** Payload of `presence`. */
export interface PresencePayload {
  readonly user_id: string;
  readonly status: PresenceStatus;
  readonly last_seen?: string;
}

/** Payload of `feed_update`. */
export interface FeedUpdatePayload {
  readonly type: string;
  readonly post_id: string;
  readonly user_id?: string;
  readonly username?: string;
  readonly action?: string;
  readonly created_at?: string;
}

/** Payload of `count_update` (feed counters; per-post counts when `post_id` is set). */
export interface CountUpdatePayload {
  readonly new_posts_count?: number;
  readonly last_update?: string;
  readonly post_id?: string;
  readonly likes?: number;
  readonly comments?: number;
  readonly shares?: number;
}

/** Payload of `ack`. */
export interface AckPayload {
  readonly ack_id: string;
  readonly status: 'success' | 'error';
  readonly data?: unknown;
  readonly error?: unknown;
}

/** Payload of `error`. */
export interface ErrorPayload {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Payload of `heartbeat`. */
export interface HeartbeatPayload {
  readonly timestamp?: string;
}

/**
 * Event type name → payload type, for every event of the SocialHub protocol.
 *
 * The map is open: declare your own server events with declaration merging and register a
 * payload validator for them (see `createSocialHubProtocol({ events })`), and `on()` and
 * `subscribe()` give you typed payloads.
 *
 * @example
 * declare module 'ngx-realtime' {
 *   interface RealtimeEventMap {
 *     poll_vote: { poll_id: string; option: number };
 *   }
 * }
 */
export interface RealtimeEventMap {
  connect: ConnectPayload;
  disconnect: DisconnectPayload;
  subscribe: ChannelPayload;
  unsubscribe: ChannelPayload;
  notification: NotificationPayload;
  notification_read: NotificationReadPayload;
  notification_read_all: NotificationReadAllPayload;
  message: DirectMessagePayload;
  typing_start: TypingPayload;
  typing_stop: TypingPayload;
  read_receipt: ReadReceiptPayload;
  message_delivered: MessageDeliveredPayload;
  presence: PresencePayload;
  feed_update: FeedUpdatePayload;
  count_update: CountUpdatePayload;
  ack: AckPayload;
  error: ErrorPayload;
  heartbeat: HeartbeatPayload;
}

/** Every event type name known to the (possibly augmented) {@link RealtimeEventMap}. */
export type RealtimeEventType = keyof RealtimeEventMap & string;

/**
 * A canonical event whose payload type follows from its `type`: a discriminated union, so
 * `if (event.type === 'presence') event.payload.status` type-checks.
 */
export type RealtimeEvent<K extends RealtimeEventType = RealtimeEventType> = {
  [P in K]: RealtimeMessage<RealtimeEventMap[P], P>;
}[K];
