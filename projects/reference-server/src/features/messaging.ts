import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import {
  conversationChannel,
  conversationIdOf,
  conversationMembers,
  requireAccess,
} from './conversations';
import type { Feature, FrameContext } from './feature';
import { deliverPending, sendMessage, type StoredMessage } from './messages';
import { requireId } from './payload';
import { readReceiptHandlers } from './read-receipts';
import { stopAllTyping, stopTyping, typingHandlers } from './typing';

/** Longest message text accepted (the frame limit is far larger; a DM is not a file). */
const MAX_CONTENT_LENGTH = 10_000;

/** `conversation_join {conversation_id}`: joins the socket to `conversation:{id}`. */
function join(context: FrameContext, frame: ClientFrame): object {
  const conversationId = requireId(frame, 'conversation_id');
  requireAccess(context, context.session.userId, conversationId);
  const channel = conversationChannel(conversationId);
  // Over HTTP (polling) there is no socket: the user's session keeps the channel instead.
  if (context.connection === null) context.session.channels.add(channel);
  else context.hub.subscribe(context.connection, channel);
  const members = conversationMembers(context, conversationId);
  return { conversation_id: conversationId, channel, ...(members ? { members } : {}) };
}

/** `conversation_leave {conversation_id}`: the socket leaves `conversation:{id}`. */
function leave(context: FrameContext, frame: ClientFrame): object {
  const conversationId = requireId(frame, 'conversation_id');
  const channel = conversationChannel(conversationId);
  if (context.connection === null) context.session.channels.delete(channel);
  else context.hub.unsubscribe(context.connection, channel);
  if (!context.session.wants(channel)) stopTyping(context, context.session.userId, conversationId);
  return { conversation_id: conversationId, channel };
}

/** `send_message {conversation_id, content}`: the ack carries the stored message. */
function send(context: FrameContext, frame: ClientFrame): StoredMessage {
  const conversationId = requireId(frame, 'conversation_id');
  const content = frame.payload['content'];
  if (typeof content !== 'string' || content.trim() === '') {
    throw new ServerError('INVALID_MESSAGE', 'payload.content must be a non-empty string', {
      field: 'content',
    });
  }
  if (content.length > MAX_CONTENT_LENGTH) {
    throw new ServerError(
      'INVALID_MESSAGE',
      `payload.content is over ${MAX_CONTENT_LENGTH} characters`,
      {
        field: 'content',
      },
    );
  }
  requireAccess(context, context.session.userId, conversationId);
  return sendMessage(context, context.session.userId, conversationId, content, context.connection);
}

/**
 * Direct messaging: the `conversation:{id}` channels (members only when the conversation has
 * members), sending, delivery and read receipts, typing indicators.
 */
export function messagingFeature(): Feature {
  return {
    name: 'messaging',
    ownsChannel: (channel) => conversationIdOf(channel) !== null,
    authorizeSubscribe: (context, channel) => {
      const conversationId = conversationIdOf(channel);
      if (conversationId !== null) requireAccess(context, context.session.userId, conversationId);
    },
    connected: (context) => deliverPending(context, context.session.userId),
    disconnected: (context) => {
      // Nobody types without a socket; the others should not wait for the auto-clear.
      if (context.session.connections.size === 0) stopAllTyping(context, context.session.userId);
    },
    handlers: {
      conversation_join: join,
      conversation_leave: leave,
      send_message: send,
      ...typingHandlers,
      ...readReceiptHandlers,
    },
  };
}
