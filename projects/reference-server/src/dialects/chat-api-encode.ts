import type { ServerEnvelope } from '../core/envelope';
import type { ServerError } from '../core/server-error';
import type { StoredMessage } from '../features/messages';
import type { UserProfile } from '../features/profiles';
import type { EdgeContext } from './dialect';
import { dialectCode, joinOnReceipt, textOf } from './edge-support';

/** A Chat API frame: `{type, payload}` (errors: `{type: 'error', error}`). */
export interface ChatApiFrame {
  readonly type: string;
  readonly payload?: object;
  readonly error?: { readonly code: string; readonly message: string };
}

/** `error {code, message}`, the Chat API's only error frame. */
export function chatApiError(error: ServerError): ChatApiFrame {
  return { type: 'error', error: { code: dialectCode(error), message: error.message } };
}

function sender(profile: UserProfile | undefined, senderId: string): object {
  return {
    id: senderId,
    username: profile?.username ?? senderId,
    displayName: profile?.display_name ?? profile?.username ?? senderId,
    ...(profile?.avatar_url === undefined ? {} : { avatar: profile.avatar_url }),
  };
}

/**
 * A canonical message in the Chat API's camelCase. `withSender` adds the sender block
 * (`message.new` has it, `message.sent` does not). The server stores text only: `type` is
 * always `text`. `null` when the payload is not a message (a control-API event).
 */
export function chatApiMessage(payload: object, withSender: boolean): object | null {
  const message = payload as Partial<StoredMessage>;
  const id = textOf(payload, 'id');
  const conversationId = textOf(payload, 'conversation_id');
  const senderId = textOf(payload, 'sender_id');
  if (id === undefined || conversationId === undefined || senderId === undefined) return null;
  return {
    id,
    conversationId,
    senderId,
    ...(withSender ? { sender: sender(message.sender, senderId) } : {}),
    type: 'text',
    content: typeof message.content === 'string' ? message.content : '',
    isRead: message.is_read === true,
    createdAt: textOf(payload, 'created_at') ?? new Date().toISOString(),
  };
}

function typing(type: string, payload: object): ChatApiFrame[] {
  const conversationId = textOf(payload, 'conversation_id');
  const userId = textOf(payload, 'user_id');
  if (conversationId === undefined || userId === undefined) return [];
  return [{ type, payload: { conversationId, userId } }];
}

function readUpdate(payload: object): ChatApiFrame[] {
  const conversationId = textOf(payload, 'conversation_id');
  const readBy = textOf(payload, 'user_id');
  if (conversationId === undefined || readBy === undefined) return [];
  const readAt = textOf(payload, 'read_at') ?? new Date().toISOString();
  return [{ type: 'message.read_update', payload: { conversationId, readBy, readAt } }];
}

/** `presence {user_id, status, last_seen}` as `user.online` / `user.offline`. */
export function chatApiStatus(
  payload: object,
): { userId: string; isOnline: boolean; lastSeen: string } | null {
  const userId = textOf(payload, 'user_id');
  if (userId === undefined) return null;
  return {
    userId,
    isOnline: textOf(payload, 'status') !== 'offline',
    lastSeen: textOf(payload, 'last_seen') ?? new Date().toISOString(),
  };
}

/**
 * The Chat API frames of one canonical event for the socket of `context`. Events the Chat
 * API has no frame for (heartbeats, notifications, feed, delivery receipts) are dropped, and
 * so is a user's own presence (the Chat API tells friends, not the user).
 */
export function encodeChatApiEvent(context: EdgeContext, frame: ServerEnvelope): ChatApiFrame[] {
  const payload = frame.payload;
  switch (frame.type) {
    case 'message': {
      joinOnReceipt(context, frame.channel);
      const message = chatApiMessage(payload, true);
      return message === null ? [] : [{ type: 'message.new', payload: { message } }];
    }
    case 'typing_start':
      return typing('typing.start', payload);
    case 'typing_stop':
      return typing('typing.stop', payload);
    case 'read_receipt':
      return readUpdate(payload);
    case 'presence': {
      const status = chatApiStatus(payload);
      if (status === null || status.userId === context.session.userId) return [];
      return [{ type: status.isOnline ? 'user.online' : 'user.offline', payload: status }];
    }
    default:
      return [];
  }
}
