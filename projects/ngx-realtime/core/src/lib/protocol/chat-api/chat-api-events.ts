import { allOf, payloadSchema, type PayloadValidator } from '../payload-schema';
import { isJsonObject } from '../safe-json';

/** A stored message as the Chat API sends it (in `message.sent` and `message.new`). */
export const isChatApiMessage: PayloadValidator = payloadSchema({
  id: 'id',
  conversationId: 'id',
  senderId: 'id',
  content: 'string?',
  type: 'string?',
  isRead: 'boolean?',
  createdAt: 'timestamp',
  sender: 'object?',
});

/** Validates `payload.message` with {@link isChatApiMessage}. */
const hasMessage: PayloadValidator = (payload) => {
  const message = payload['message'];
  if (!isJsonObject(message)) return 'payload.message must be object';
  const problem = isChatApiMessage(message);
  return problem === null ? null : problem.replace('payload.', 'payload.message.');
};

/** `status.bulk`: `users` is a list of statuses or a map from user id to status. */
const hasUsers: PayloadValidator = (payload) => {
  const users = payload['users'];
  return Array.isArray(users) || isJsonObject(users) ? null : 'payload.users must be a list';
};

const userStatus = payloadSchema({ userId: 'id', isOnline: 'boolean?', lastSeen: 'timestamp?' });
const typing = payloadSchema({ conversationId: 'id', userId: 'id' });

// `@__PURE__` on the module's tables lets bundlers drop them from apps that never use
// this dialect (see the size benchmark in docs/benchmarks.md).
/**
 * Payload contract of every server → client frame of the Chat API (camelCase, as on the
 * wire). Extra fields are allowed; listed fields must have the listed kind. `error` frames
 * carry their data in `error`, not `payload`, and are read apart.
 */
export const CHAT_API_EVENT_VALIDATORS: Readonly<Record<string, PayloadValidator>> =
  /* @__PURE__ */ Object.freeze({
    'connection.success': payloadSchema({ userId: 'id', connectedAt: 'timestamp?' }),
    'message.sent': allOf(payloadSchema({ tempId: 'id' }), hasMessage),
    'message.new': hasMessage,
    'message.read_ack': payloadSchema({ conversationId: 'id', readAt: 'timestamp?' }),
    'message.read_update': payloadSchema({
      conversationId: 'id',
      readBy: 'id',
      readAt: 'timestamp?',
    }),
    'user.online': userStatus,
    'user.offline': userStatus,
    'status.bulk': hasUsers,
    'typing.start': typing,
    'typing.stop': typing,
    pong: payloadSchema({ timestamp: 'number?' }),
    'block.added': payloadSchema({ username: 'id', blockedAt: 'timestamp?' }),
    'block.removed': payloadSchema({ username: 'id', unblockedAt: 'timestamp?' }),
  });

/** The `{code, message}` of an `error` (or `message.error`) frame. */
export const isChatApiError: PayloadValidator = payloadSchema({
  code: 'id',
  message: 'string?',
  tempId: 'string?',
});
