import { SOCIALHUB_EVENT_VALIDATORS } from './socialhub-events';

const TS = '2024-03-01T12:00:00Z';

/** For every documented event: one valid payload (from the API text) and wrong payloads. */
const CASES: Record<
  string,
  { readonly valid: Record<string, unknown>; readonly invalid: Record<string, unknown>[] }
> = {
  connect: {
    valid: { user_id: '123', timestamp: TS },
    invalid: [{}, { user_id: 123 }, { user_id: '' }, { user_id: '1', timestamp: 'now' }],
  },
  disconnect: {
    valid: { reason: 'client_initiated' },
    invalid: [{ reason: 1 }],
  },
  subscribe: {
    valid: { channel: 'notifications' },
    invalid: [{}, { channel: '' }, { channel: ['a'] }],
  },
  unsubscribe: {
    valid: { channel: 'conversation:conv_456' },
    invalid: [{}, { channel: 7 }],
  },
  notification: {
    valid: {
      id: 'notif_123',
      type: 'like',
      actor_id: '456',
      actor_name: 'John Doe',
      message: 'John liked your post',
      post_id: 'post_789',
      read: false,
      created_at: TS,
      unread_count: 4,
    },
    invalid: [
      { type: 'like' },
      { id: 'n', type: 1 },
      { id: 'n', type: 'like', read: 'no' },
      { id: 'n', type: 'like', created_at: 'today' },
      { id: 'n', type: 'like', unread_count: '4' },
      { id: 'n', type: 'like', actor_id: 456 },
    ],
  },
  notification_read: {
    valid: { notification_id: 'notif_123', read_at: '2024-03-01T12:05:00Z', unread_count: 0 },
    invalid: [{}, { notification_id: 5 }, { notification_id: 'n', read_at: 5 }],
  },
  notification_read_all: {
    valid: { read_at: '2024-03-01T12:05:00Z' },
    invalid: [{ read_at: 'soon' }, { unread_count: 'none' }],
  },
  message: {
    valid: {
      id: 'msg_123',
      conversation_id: 'conv_456',
      sender_id: '789',
      content: 'Hello!',
      created_at: TS,
      is_read: false,
      sender: { id: '789', username: 'jane', display_name: 'Jane Doe', avatar_url: 'https://x' },
    },
    invalid: [
      { id: 'm', conversation_id: 'c', sender_id: 's', created_at: TS },
      { id: 'm', conversation_id: 'c', sender_id: 's', content: 1, created_at: TS },
      { id: 'm', conversation_id: 'c', sender_id: 's', content: 'x' },
      { id: 'm', conversation_id: 'c', sender_id: 's', content: 'x', created_at: TS, sender: 'x' },
      { id: 'm', conversation_id: 'c', sender_id: 's', content: 'x', created_at: TS, is_read: 1 },
      { id: 'm', conversation_id: 7, sender_id: 's', content: 'x', created_at: TS },
    ],
  },
  typing_start: {
    valid: { conversation_id: 'conv_456', user_id: '789', username: 'jane', is_typing: true },
    invalid: [{ conversation_id: 'c' }, { conversation_id: 'c', user_id: '7', is_typing: 'yes' }],
  },
  typing_stop: {
    valid: { conversation_id: 'conv_456', user_id: '789', username: 'jane', is_typing: false },
    invalid: [{ user_id: '7' }, { conversation_id: 'c', user_id: '7', username: 1 }],
  },
  read_receipt: {
    valid: { conversation_id: 'conv_456', message_ids: ['msg_1', 'msg_2'], read_at: TS },
    invalid: [
      { conversation_id: 'c' },
      { conversation_id: 'c', message_ids: 'msg_1' },
      { conversation_id: 'c', message_ids: [1, 2] },
      { conversation_id: 'c', message_ids: [], read_at: 'later' },
    ],
  },
  presence: {
    valid: { user_id: '123', status: 'online', last_seen: TS },
    invalid: [
      { user_id: '1' },
      { user_id: '1', status: 'sleeping' },
      { user_id: '1', status: 1 },
      { status: 'online' },
      { user_id: '1', status: 'away', last_seen: 12 },
    ],
  },
  feed_update: {
    valid: {
      type: 'new_post',
      post_id: 'post_123',
      user_id: '456',
      username: 'john',
      action: 'created',
      created_at: TS,
    },
    invalid: [
      { type: 'new_post' },
      { post_id: 'p' },
      { type: 'new_post', post_id: 'p', user_id: 4 },
    ],
  },
  count_update: {
    valid: { new_posts_count: 5, last_update: TS },
    invalid: [{ new_posts_count: '5' }, { last_update: 'x' }, { post_id: 'p', likes: '3' }],
  },
  ack: {
    valid: { ack_id: 'ack_123', status: 'success', data: { id: 1 } },
    invalid: [{ status: 'success' }, { ack_id: 'a', status: 'ok' }, { ack_id: 1, status: 'error' }],
  },
  error: {
    valid: { code: 'INVALID_MESSAGE', message: 'Message type is required', details: { f: 1 } },
    invalid: [{ message: 'x' }, { code: 'X' }, { code: 'X', message: 'x', details: 'x' }],
  },
  // Extension of the reference server: delivery receipts.
  message_delivered: {
    valid: {
      conversation_id: 'conv_456',
      message_ids: ['msg_1'],
      user_id: '789',
      delivered_at: TS,
    },
    invalid: [
      { conversation_id: 'c', message_ids: 'msg_1', user_id: 'u' },
      { conversation_id: 'c', message_ids: [] },
    ],
  },
  heartbeat: {
    valid: { timestamp: TS },
    invalid: [{ timestamp: 'now' }, { timestamp: 1 }],
  },
};

describe('SOCIALHUB_EVENT_VALIDATORS', () => {
  it('covers exactly the documented event types and the delivery-receipt extension', () => {
    expect(Object.keys(SOCIALHUB_EVENT_VALIDATORS).sort()).toEqual(Object.keys(CASES).sort());
    expect(Object.keys(SOCIALHUB_EVENT_VALIDATORS)).toHaveLength(18);
  });

  describe.each(Object.entries(CASES))('%s', (type, { valid, invalid }) => {
    const validate = SOCIALHUB_EVENT_VALIDATORS[type as keyof typeof SOCIALHUB_EVENT_VALIDATORS];

    it('accepts the documented payload', () => {
      expect(validate(valid)).toBeNull();
    });

    it.each(invalid.map((payload) => [JSON.stringify(payload), payload] as const))(
      'rejects %s',
      (_label, payload) => {
        expect(validate(payload)).toEqual(expect.stringMatching(/^payload\./));
      },
    );
  });

  it('accepts the smallest payloads the protocol allows', () => {
    expect(SOCIALHUB_EVENT_VALIDATORS.disconnect({})).toBeNull();
    expect(SOCIALHUB_EVENT_VALIDATORS.notification_read_all({})).toBeNull();
    expect(SOCIALHUB_EVENT_VALIDATORS.count_update({})).toBeNull();
    expect(SOCIALHUB_EVENT_VALIDATORS.heartbeat({})).toBeNull();
    expect(
      SOCIALHUB_EVENT_VALIDATORS.read_receipt({ conversation_id: 'c', message_ids: [] }),
    ).toBeNull();
  });

  it.each(['online', 'offline', 'away', 'busy'])('accepts presence status %s', (status) => {
    expect(SOCIALHUB_EVENT_VALIDATORS.presence({ user_id: '1', status })).toBeNull();
  });

  it('accepts an ack with status error', () => {
    expect(SOCIALHUB_EVENT_VALIDATORS.ack({ ack_id: 'a', status: 'error', error: 'x' })).toBeNull();
  });
});
