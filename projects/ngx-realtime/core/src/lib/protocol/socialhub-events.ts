import { allOf, oneOf, payloadSchema, type PayloadValidator } from './payload-schema';
import type { RealtimeEventType } from './event-map';

/**
 * Payload contract of every documented SocialHub event. Required fields follow the API text;
 * fields the text shows as data but that servers may omit are optional.
 */
export const SOCIALHUB_EVENT_VALIDATORS: Readonly<Record<RealtimeEventType, PayloadValidator>> = {
  connect: payloadSchema({ user_id: 'id', timestamp: 'timestamp?' }),
  disconnect: payloadSchema({ reason: 'string?' }),
  subscribe: payloadSchema({ channel: 'id' }),
  unsubscribe: payloadSchema({ channel: 'id' }),
  notification: payloadSchema({
    id: 'id',
    type: 'id',
    actor_id: 'string?',
    actor_name: 'string?',
    message: 'string?',
    post_id: 'string?',
    read: 'boolean?',
    created_at: 'timestamp?',
    unread_count: 'number?',
  }),
  notification_read: payloadSchema({
    notification_id: 'id',
    read_at: 'timestamp?',
    unread_count: 'number?',
  }),
  notification_read_all: payloadSchema({ read_at: 'timestamp?', unread_count: 'number?' }),
  message: payloadSchema({
    id: 'id',
    conversation_id: 'id',
    sender_id: 'id',
    content: 'string',
    created_at: 'timestamp',
    is_read: 'boolean?',
    sender: 'object?',
  }),
  typing_start: payloadSchema({
    conversation_id: 'id',
    user_id: 'id',
    username: 'string?',
    is_typing: 'boolean?',
  }),
  typing_stop: payloadSchema({
    conversation_id: 'id',
    user_id: 'id',
    username: 'string?',
    is_typing: 'boolean?',
  }),
  read_receipt: payloadSchema({
    conversation_id: 'id',
    message_ids: 'string[]',
    read_at: 'timestamp?',
    user_id: 'string?',
  }),
  message_delivered: payloadSchema({
    conversation_id: 'id',
    message_ids: 'string[]',
    user_id: 'id',
    delivered_at: 'timestamp?',
  }),
  presence: allOf(
    payloadSchema({ user_id: 'id', status: 'string', last_seen: 'timestamp?' }),
    oneOf('status', ['online', 'offline', 'away', 'busy']),
  ),
  feed_update: payloadSchema({
    type: 'id',
    post_id: 'id',
    user_id: 'string?',
    username: 'string?',
    action: 'string?',
    created_at: 'timestamp?',
  }),
  count_update: payloadSchema({
    new_posts_count: 'number?',
    last_update: 'timestamp?',
    post_id: 'string?',
    likes: 'number?',
    comments: 'number?',
    shares: 'number?',
  }),
  ack: allOf(
    payloadSchema({ ack_id: 'id', status: 'string' }),
    oneOf('status', ['success', 'error']),
  ),
  error: payloadSchema({ code: 'id', message: 'string', details: 'object?' }),
  heartbeat: payloadSchema({ timestamp: 'timestamp?' }),
};
