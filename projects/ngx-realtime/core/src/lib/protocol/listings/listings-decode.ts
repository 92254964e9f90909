import { RealtimeError } from '../../errors/realtime-error';
import { isIsoTimestamp } from '../payload-schema';
import { isJsonObject } from '../safe-json';
import { chatChannel, idFromWire } from './listings-ids';

/** A Listings server frame: a flat JSON object with a `type`. */
export type ListingsFrame = Readonly<Record<string, unknown>>;

/**
 * What one server frame means, before the protocol gives it an id and a timestamp.
 * `dedupeKey` is set for frames that name a durable fact (this message exists, this user read
 * that message): seeing the same fact twice is a duplicate. Ephemeral frames (typing, pong)
 * have none: two equal ones in a row are both real.
 */
export interface ListingsEvent {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  readonly dedupeKey?: string;
}

/** Longest piece of server text quoted in our own messages. */
const MAX_QUOTED_TEXT = 200;

/** An `invalid_message` error for a frame that breaks the Listings contract. */
export function invalidFrame(reason: string): RealtimeError {
  return new RealtimeError('invalid_message', `Invalid Listings frame: ${reason}`);
}

function id(frame: ListingsFrame, name: string, where = ''): string {
  const value = idFromWire(frame[name]);
  if (value === null) throw invalidFrame(`${where}${name} must be a non-negative whole number`);
  return value;
}

/** The frame's own `timestamp` when it is ISO 8601, else `fallback`. */
export function frameTime(frame: ListingsFrame, fallback: () => string): string {
  const value = frame['timestamp'];
  return isIsoTimestamp(value) ? value : fallback();
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_QUOTED_TEXT) : undefined;
}

/** `connected {user_id, timestamp}` → `connect {user_id, timestamp}`. */
function connected(frame: ListingsFrame): ListingsEvent {
  const timestamp = isIsoTimestamp(frame['timestamp']) ? { timestamp: frame['timestamp'] } : {};
  return { type: 'connect', payload: { user_id: id(frame, 'user_id'), ...timestamp } };
}

/** `pong {timestamp}` → `heartbeat {timestamp}`. */
function pong(frame: ListingsFrame): ListingsEvent {
  const timestamp = isIsoTimestamp(frame['timestamp']) ? { timestamp: frame['timestamp'] } : {};
  return { type: 'heartbeat', payload: timestamp };
}

/** `new_message {chat_id, message {...}}` → `message {id, conversation_id, ...}`. */
function newMessage(frame: ListingsFrame): ListingsEvent {
  const message = frame['message'];
  if (!isJsonObject(message)) throw invalidFrame('new_message.message must be an object');
  const outer = frame['chat_id'] === undefined ? null : id(frame, 'chat_id');
  const inner = message['chat_id'] === undefined ? null : id(message, 'chat_id', 'message.');
  const conversationId = inner ?? outer;
  if (conversationId === null) throw invalidFrame('new_message has no chat_id');
  if (outer !== null && inner !== null && outer !== inner) {
    throw invalidFrame('new_message chat_id and message.chat_id differ');
  }
  const messageId = id(message, 'id', 'message.');
  if (typeof message['content'] !== 'string') throw invalidFrame('message.content must be text');
  const createdAt = isIsoTimestamp(message['created_at'])
    ? message['created_at']
    : isIsoTimestamp(frame['timestamp'])
      ? frame['timestamp']
      : null;
  if (createdAt === null) throw invalidFrame('message.created_at must be an ISO 8601 date-time');
  const receiver = message['receiver_id'] === undefined ? null : idFromWire(message['receiver_id']);
  return {
    type: 'message',
    channel: chatChannel(conversationId),
    dedupeKey: `new_message:${messageId}`,
    payload: {
      id: messageId,
      conversation_id: conversationId,
      sender_id: id(message, 'sender_id', 'message.'),
      content: message['content'],
      created_at: createdAt,
      ...(receiver === null ? {} : { receiver_id: receiver }),
      ...(typeof message['is_read'] === 'boolean' ? { is_read: message['is_read'] } : {}),
    },
  };
}

/** `message_read {chat_id, message_id, read_by}` → `read_receipt {conversation_id, ...}`. */
function messageRead(frame: ListingsFrame): ListingsEvent {
  const conversationId = id(frame, 'chat_id');
  const messageId = id(frame, 'message_id');
  const reader = id(frame, 'read_by');
  const readAt = isIsoTimestamp(frame['timestamp']) ? { read_at: frame['timestamp'] } : {};
  return {
    type: 'read_receipt',
    channel: chatChannel(conversationId),
    dedupeKey: `message_read:${conversationId}:${messageId}:${reader}`,
    payload: {
      conversation_id: conversationId,
      message_ids: [messageId],
      user_id: reader,
      ...readAt,
    },
  };
}

/** `typing {chat_id, user_id, is_typing}` → `typing_start` / `typing_stop`. */
function typing(frame: ListingsFrame): ListingsEvent {
  const conversationId = id(frame, 'chat_id');
  const isTyping = frame['is_typing'];
  if (typeof isTyping !== 'boolean') throw invalidFrame('typing.is_typing must be a boolean');
  return {
    type: isTyping ? 'typing_start' : 'typing_stop',
    channel: chatChannel(conversationId),
    payload: {
      conversation_id: conversationId,
      user_id: id(frame, 'user_id'),
      is_typing: isTyping,
    },
  };
}

/**
 * `error {code?, message? | error?}` (not in the Listings text, which only says malformed
 * frames are handled: read leniently so a server's complaint is reported, not dropped).
 */
function error(frame: ListingsFrame): ListingsEvent {
  const code = optionalText(frame['code']) ?? 'ERROR';
  const message = optionalText(frame['message']) ?? optionalText(frame['error']) ?? 'no details';
  return { type: 'error', payload: { code, message } };
}

/** Readers of every server frame type the Listings dialect documents (plus `error`). */
export const LISTINGS_READERS: Readonly<Record<string, (frame: ListingsFrame) => ListingsEvent>> = {
  connected,
  pong,
  new_message: newMessage,
  message_read: messageRead,
  typing,
  error,
};
