import type { ServerEnvelope } from '../core/envelope';
import type { ServerError } from '../core/server-error';
import { conversationMembers } from '../features/conversations';
import type { ServerContext } from '../features/feature';
import type { EdgeContext } from './dialect';
import { dialectCode, joinOnReceipt, rfc3339, textOf } from './edge-support';
import { listingsIds, messageWire, type ListingsIds } from './numeric-ids';

/** A Listings frame: flat, no envelope, numeric ids. */
export type ListingsFrame = Readonly<Record<string, unknown>> & { readonly type: string };

/**
 * `error {error, code, timestamp}`. The Listings text shows no error frame; its service sends
 * `{type, error, timestamp}`, and the reference server adds the `code` of the Chat API's
 * table (`validation_error`, `conversation_not_found`, ...) so clients can type it.
 */
export function listingsError(context: EdgeContext, error: ServerError): ListingsFrame {
  return {
    type: 'error',
    error: error.message,
    code: dialectCode(error),
    timestamp: rfc3339(context.config.clock.now()),
  };
}

/**
 * Who a message is for: the other member of a two-member chat, else the user this socket
 * belongs to when it is not the sender's; unknown (left out) otherwise.
 */
function receiverOf(context: EdgeContext, conversationId: string, senderId: string) {
  const others = (conversationMembers(context, conversationId) ?? []).filter(
    (id) => id !== senderId,
  );
  if (others.length === 1) return others[0];
  return context.session.userId === senderId ? undefined : context.session.userId;
}

function newMessage(context: EdgeContext, ids: ListingsIds, frame: ServerEnvelope) {
  const payload = frame.payload;
  const id = textOf(payload, 'id');
  const conversationId = textOf(payload, 'conversation_id');
  const senderId = textOf(payload, 'sender_id');
  if (id === undefined || conversationId === undefined || senderId === undefined) return [];
  joinOnReceipt(context, frame.channel);
  const chatId = ids.chats.wire(conversationId);
  const receiver = receiverOf(context, conversationId, senderId);
  const content = (payload as { readonly content?: unknown }).content;
  return [
    {
      type: 'new_message',
      chat_id: chatId,
      message: {
        id: messageWire(ids, id, conversationId),
        chat_id: chatId,
        sender_id: ids.users.wire(senderId),
        ...(receiver === undefined ? {} : { receiver_id: ids.users.wire(receiver) }),
        content: typeof content === 'string' ? content : '',
        created_at: textOf(payload, 'created_at') ?? frame.timestamp,
      },
      timestamp: rfc3339(Date.parse(frame.timestamp)),
    },
  ];
}

/**
 * A stored canonical message as the Listings REST API answers a send: numeric ids, the same
 * message id the socket's `new_message` names, so a client can match the two.
 */
export function listingsRestMessage(
  context: ServerContext,
  stored: object,
): Readonly<Record<string, unknown>> | null {
  const id = textOf(stored, 'id');
  const conversationId = textOf(stored, 'conversation_id');
  const senderId = textOf(stored, 'sender_id');
  if (id === undefined || conversationId === undefined || senderId === undefined) return null;
  const ids = listingsIds(context);
  const content = (stored as { readonly content?: unknown }).content;
  return {
    id: messageWire(ids, id, conversationId),
    chat_id: ids.chats.wire(conversationId),
    sender_id: ids.users.wire(senderId),
    content: typeof content === 'string' ? content : '',
    created_at: textOf(stored, 'created_at') ?? new Date(context.config.clock.now()).toISOString(),
  };
}

/** One `message_read` per message of a `read_receipt`. */
function messageRead(ids: ListingsIds, frame: ServerEnvelope): ListingsFrame[] {
  const payload = frame.payload as { readonly message_ids?: unknown };
  const conversationId = textOf(frame.payload, 'conversation_id');
  const reader = textOf(frame.payload, 'user_id');
  if (conversationId === undefined || reader === undefined || !Array.isArray(payload.message_ids))
    return [];
  const readAt = textOf(frame.payload, 'read_at');
  const timestamp = readAt === undefined ? rfc3339(Date.parse(frame.timestamp)) : readAt;
  return payload.message_ids
    .filter((id): id is string => typeof id === 'string' && id !== '')
    .map((id) => ({
      type: 'message_read',
      chat_id: ids.chats.wire(conversationId),
      message_id: messageWire(ids, id, conversationId),
      read_by: ids.users.wire(reader),
      timestamp,
    }));
}

function typing(ids: ListingsIds, frame: ServerEnvelope, isTyping: boolean): ListingsFrame[] {
  const conversationId = textOf(frame.payload, 'conversation_id');
  const userId = textOf(frame.payload, 'user_id');
  if (conversationId === undefined || userId === undefined) return [];
  return [
    {
      type: 'typing',
      chat_id: ids.chats.wire(conversationId),
      user_id: ids.users.wire(userId),
      is_typing: isTyping,
      timestamp: rfc3339(Date.parse(frame.timestamp)),
    },
  ];
}

/**
 * The Listings frames of one canonical event. The Listings text has messages, read receipts
 * and typing only: presence, notifications, feed, delivery receipts and heartbeat frames
 * are dropped (the WebSocket pings keep the link alive).
 */
export function encodeListingsEvent(context: EdgeContext, frame: ServerEnvelope): ListingsFrame[] {
  const ids = listingsIds(context);
  switch (frame.type) {
    case 'message':
      return newMessage(context, ids, frame);
    case 'read_receipt':
      return messageRead(ids, frame);
    case 'typing_start':
      return typing(ids, frame, true);
    case 'typing_stop':
      return typing(ids, frame, false);
    default:
      return [];
  }
}
