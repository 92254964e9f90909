import { isJsonObject } from '../safe-json';
import { isIsoTimestamp } from '../payload-schema';

type Fields = Readonly<Record<string, unknown>>;

/** How an inbound frame relates to an outgoing one the client may wait for. */
export interface ChatApiConfirmation {
  /**
   * `message.sent` (key: the `tempId`), `message.read_ack` (the conversation id),
   * `block.added` / `block.removed` (the username), `pong` (the ping's timestamp), or
   * `error` (a refusal; key: the `tempId` when the server named one, else empty).
   */
  readonly kind: string;
  readonly key: string;
}

/** One Chat API frame read into canonical terms; the protocol adds id and ack id. */
export interface ChatApiEvent {
  /** Canonical type (`message`, `presence`, ...), or the wire type when there is none. */
  readonly type: string;
  /** Canonical (snake_case) payload. */
  readonly payload: Fields;
  /** Canonical channel (`conversation:{id}`, `presence`), when the event belongs to one. */
  readonly channel?: string;
  /** Server time of the event, when the frame says. */
  readonly time?: string;
  /** Stable identity for deduplication (messages), when there is one. */
  readonly key?: string;
  readonly confirms?: ChatApiConfirmation;
}

/** What reading some frames needs from the protocol around it. */
export interface DecodeContext {
  /** The canonical channel of a user's presence events. */
  presenceChannel(userId: string): string;
  /** Ids of the user's own messages a `message.read_update` covers (forgotten afterwards). */
  readIds(conversationId: string, readAt: string | undefined): readonly string[];
}

/** The channel of a conversation, as `MessagesRealtime` names it. */
export function conversationChannelOf(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/**
 * Maps a validated Chat API payload of `wireType` to canonical terms. Types without a
 * canonical counterpart (`message.read_ack`, `block.added`, `block.removed`, `status.bulk`)
 * keep their wire name, with a snake_case payload.
 */
export function readChatApiEvent(
  wireType: string,
  payload: Fields,
  context: DecodeContext,
): ChatApiEvent {
  switch (wireType) {
    case 'connection.success':
      return {
        type: 'connect',
        payload: compact({ user_id: payload['userId'], timestamp: payload['connectedAt'] }),
        time: time(payload['connectedAt']),
      };
    case 'message.sent':
      return {
        ...messageEvent(payload['message'] as Fields),
        confirms: { kind: wireType, key: payload['tempId'] as string },
      };
    case 'message.new':
      return messageEvent(payload['message'] as Fields);
    case 'message.read_ack':
      return {
        type: wireType,
        payload: compact({
          conversation_id: payload['conversationId'],
          read_at: payload['readAt'],
        }),
        channel: conversationChannelOf(payload['conversationId'] as string),
        time: time(payload['readAt']),
        confirms: { kind: wireType, key: payload['conversationId'] as string },
      };
    case 'message.read_update':
      return readUpdate(payload, context);
    case 'user.online':
    case 'user.offline':
      return presenceEvent(payload, wireType === 'user.online', context);
    case 'status.bulk':
      return { type: wireType, payload: { presence: bulkPresence(payload['users']) } };
    case 'typing.start':
    case 'typing.stop':
      return typingEvent(payload, wireType === 'typing.start');
    case 'pong':
      return pongEvent(payload);
    default:
      return blockEvent(wireType, payload);
  }
}

/** A stored message in the canonical `message` shape. */
export function canonicalMessage(message: Fields): Fields {
  const sender = isJsonObject(message['sender']) ? canonicalSender(message['sender']) : undefined;
  return compact({
    id: message['id'],
    conversation_id: message['conversationId'],
    sender_id: message['senderId'],
    content: typeof message['content'] === 'string' ? message['content'] : '',
    created_at: message['createdAt'],
    is_read: message['isRead'],
    message_type: message['type'],
    media: Array.isArray(message['media']) ? message['media'] : undefined,
    sender,
  });
}

function messageEvent(message: Fields): ChatApiEvent {
  const payload = canonicalMessage(message);
  return {
    type: 'message',
    payload,
    channel: conversationChannelOf(payload['conversation_id'] as string),
    time: time(payload['created_at']),
    key: `message:${payload['id'] as string}`,
  };
}

function canonicalSender(sender: Fields): Fields | undefined {
  if (typeof sender['id'] !== 'string' || sender['id'] === '') return undefined;
  return compact({
    id: sender['id'],
    username: text(sender['username']),
    display_name: text(sender['displayName']),
    avatar_url: text(sender['avatar']),
  });
}

function readUpdate(payload: Fields, context: DecodeContext): ChatApiEvent {
  const conversationId = payload['conversationId'] as string;
  const readAt = time(payload['readAt']);
  return {
    type: 'read_receipt',
    payload: compact({
      conversation_id: conversationId,
      message_ids: [...context.readIds(conversationId, readAt)],
      user_id: payload['readBy'],
      read_at: readAt,
    }),
    channel: conversationChannelOf(conversationId),
    time: readAt,
  };
}

function presenceEvent(payload: Fields, online: boolean, context: DecodeContext): ChatApiEvent {
  const userId = payload['userId'] as string;
  return {
    type: 'presence',
    payload: compact({
      user_id: userId,
      status: online ? 'online' : 'offline',
      last_seen: time(payload['lastSeen']),
    }),
    channel: context.presenceChannel(userId),
    time: time(payload['lastSeen']),
  };
}

/** `status.bulk` entries as canonical presences; unreadable entries are left out. */
function bulkPresence(users: unknown): Fields[] {
  const entries: [unknown, unknown][] = Array.isArray(users)
    ? users.map((entry) => [isJsonObject(entry) ? entry['userId'] : undefined, entry])
    : Object.entries(users as Fields);
  const presence: Fields[] = [];
  for (const [userId, entry] of entries) {
    if (typeof userId !== 'string' || userId === '') continue;
    const online = typeof entry === 'boolean' ? entry : isJsonObject(entry) && entry['isOnline'];
    if (typeof online !== 'boolean') continue;
    const lastSeen = isJsonObject(entry) ? time(entry['lastSeen']) : undefined;
    presence.push(
      compact({ user_id: userId, status: online ? 'online' : 'offline', last_seen: lastSeen }),
    );
  }
  return presence;
}

function typingEvent(payload: Fields, start: boolean): ChatApiEvent {
  const conversationId = payload['conversationId'] as string;
  return {
    type: start ? 'typing_start' : 'typing_stop',
    payload: { conversation_id: conversationId, user_id: payload['userId'], is_typing: start },
    channel: conversationChannelOf(conversationId),
  };
}

function pongEvent(payload: Fields): ChatApiEvent {
  const seconds = payload['timestamp'];
  const iso =
    typeof seconds === 'number' && Number.isFinite(new Date(seconds * 1000).getTime())
      ? new Date(seconds * 1000).toISOString()
      : undefined;
  return {
    type: 'heartbeat',
    payload: compact({ timestamp: iso }),
    confirms: { kind: 'pong', key: typeof seconds === 'number' ? String(seconds) : '' },
  };
}

function blockEvent(wireType: string, payload: Fields): ChatApiEvent {
  const added = wireType === 'block.added';
  const at = time(payload[added ? 'blockedAt' : 'unblockedAt']);
  return {
    type: wireType,
    payload: compact({
      username: payload['username'],
      [added ? 'blocked_at' : 'unblocked_at']: at,
    }),
    time: at,
    confirms: { kind: wireType, key: payload['username'] as string },
  };
}

function time(value: unknown): string | undefined {
  return isIsoTimestamp(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A copy without `undefined` fields (absent stays absent in the canonical payload). */
function compact(fields: Readonly<Record<string, unknown>>): Fields {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) copy[key] = value;
  return copy;
}
