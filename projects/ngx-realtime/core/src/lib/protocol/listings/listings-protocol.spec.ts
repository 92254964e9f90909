import { RealtimeError, type RealtimeErrorCode } from '../../errors/realtime-error';
import { isIsoTimestamp } from '../payload-schema';
import { listingsProtocol } from './listings-protocol';

const TS = '2025-11-21T13:00:00Z';

/** Runs `fn`, which must throw a RealtimeError, and returns that error. */
function thrown(fn: () => unknown): RealtimeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RealtimeError) return error;
    throw new Error(`expected a RealtimeError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a RealtimeError, nothing was thrown');
}

const json = (frame: object) => JSON.stringify(frame);

/** The spec's `new_message` example, with `changes` merged into the inner message. */
function newMessage(changes: Record<string, unknown> = {}, outer: Record<string, unknown> = {}) {
  return json({
    type: 'new_message',
    chat_id: 3,
    message: {
      id: 789,
      chat_id: 3,
      sender_id: 5,
      receiver_id: 6,
      content: 'Hello!',
      created_at: TS,
      ...changes,
    },
    timestamp: TS,
    ...outer,
  });
}

describe('listingsProtocol', () => {
  const protocol = listingsProtocol();

  it('declares heartbeats only: no acks, channels, polling or catch-up', () => {
    expect(protocol.name).toBe('listings');
    expect(protocol.capabilities).toEqual({
      acks: false,
      heartbeat: true,
      channels: false,
      polling: false,
      missedMessages: false,
    });
  });

  describe('decode: the documented server frames', () => {
    it('connected → connect with the user id as a string', () => {
      expect(protocol.decode(json({ type: 'connected', user_id: 6, timestamp: TS }))).toEqual({
        id: expect.stringMatching(/^listings:\d+$/),
        type: 'connect',
        payload: { user_id: '6', timestamp: TS },
        timestamp: TS,
      });
    });

    it('pong → heartbeat', () => {
      const event = protocol.decode(json({ type: 'pong', timestamp: TS }));
      expect(event).toMatchObject({ type: 'heartbeat', payload: { timestamp: TS }, timestamp: TS });
    });

    it('new_message → message: string ids, chat_id as conversation_id, its chat channel', () => {
      expect(protocol.decode(newMessage())).toEqual({
        id: 'new_message:789',
        type: 'message',
        channel: 'conversation:3',
        timestamp: TS,
        payload: {
          id: '789',
          conversation_id: '3',
          sender_id: '5',
          receiver_id: '6',
          content: 'Hello!',
          created_at: TS,
        },
      });
    });

    it('new_message keeps is_read and takes the chat id from either level', () => {
      const inner = protocol.decode(newMessage({ is_read: true }, { chat_id: undefined }));
      expect(inner.payload).toMatchObject({ conversation_id: '3', is_read: true });
      const outer = protocol.decode(newMessage({ chat_id: undefined, receiver_id: undefined }));
      expect(outer.payload).toEqual(expect.objectContaining({ conversation_id: '3' }));
      expect(outer.payload).not.toHaveProperty('receiver_id');
    });

    it('new_message without created_at takes the frame time', () => {
      const event = protocol.decode(newMessage({ created_at: undefined }));
      expect(event.payload).toMatchObject({ created_at: TS });
    });

    it('message_read → read_receipt with read_by as user_id', () => {
      const frame = { type: 'message_read', chat_id: 3, message_id: 456, read_by: 6 };
      expect(protocol.decode(json({ ...frame, timestamp: TS }))).toEqual({
        id: 'message_read:3:456:6',
        type: 'read_receipt',
        channel: 'conversation:3',
        timestamp: TS,
        payload: { conversation_id: '3', message_ids: ['456'], user_id: '6', read_at: TS },
      });
      expect(protocol.decode(json(frame)).payload).not.toHaveProperty('read_at');
    });

    it('typing → typing_start / typing_stop', () => {
      const frame = { type: 'typing', chat_id: 3, user_id: 5, timestamp: TS };
      expect(protocol.decode(json({ ...frame, is_typing: true }))).toMatchObject({
        type: 'typing_start',
        channel: 'conversation:3',
        payload: { conversation_id: '3', user_id: '5', is_typing: true },
      });
      expect(protocol.decode(json({ ...frame, is_typing: false }))).toMatchObject({
        type: 'typing_stop',
        payload: { conversation_id: '3', user_id: '5', is_typing: false },
      });
    });

    it('error → error {code, message}, read leniently', () => {
      const coded = protocol.decode(json({ type: 'error', code: 'BAD', message: 'no' }));
      expect(coded.payload).toEqual({ code: 'BAD', message: 'no' });
      const bare = protocol.decode(json({ type: 'error', error: 'invalid message format' }));
      expect(bare.payload).toEqual({ code: 'ERROR', message: 'invalid message format' });
      expect(protocol.decode(json({ type: 'error' })).payload).toEqual({
        code: 'ERROR',
        message: 'no details',
      });
    });
  });

  describe('decode: ids and timestamps the frames lack', () => {
    it('gives every ephemeral frame its own id, so equal typing frames are not deduplicated', () => {
      const frame = json({ type: 'typing', chat_id: 3, user_id: 5, is_typing: true });
      const ids = new Set([protocol.decode(frame).id, protocol.decode(frame).id]);
      expect(ids.size).toBe(2);
    });

    it('gives a durable fact the same id each time, so a repeated one is deduplicated', () => {
      expect(protocol.decode(newMessage()).id).toBe(protocol.decode(newMessage()).id);
    });

    it('stamps the local time when the frame has no (valid) timestamp', () => {
      const event = protocol.decode(json({ type: 'pong', timestamp: 'yesterday' }));
      expect(isIsoTimestamp(event.timestamp)).toBe(true);
      expect(event.payload).toEqual({});
      const greeting = protocol.decode(json({ type: 'connected', user_id: 1 }));
      expect(greeting.payload).toEqual({ user_id: '1' });
    });
  });

  describe('decode: bad input', () => {
    const cases: readonly (readonly [string, string, RealtimeErrorCode])[] = [
      ['not JSON', '{"type":"pong"', 'malformed_frame'],
      ['a JSON array', '[1,2]', 'invalid_message'],
      ['no type', json({ user_id: 1 }), 'invalid_message'],
      ['an empty type', json({ type: '' }), 'invalid_message'],
      ['an unknown type', json({ type: 'self_destruct' }), 'unknown_type'],
      ['a prototype key as type', json({ type: 'toString' }), 'unknown_type'],
      ['a string user id', json({ type: 'connected', user_id: '6' }), 'invalid_message'],
      ['a negative id', json({ type: 'connected', user_id: -1 }), 'invalid_message'],
      ['a fractional id', json({ type: 'connected', user_id: 1.5 }), 'invalid_message'],
      ['an id above 2^53', '{"type":"connected","user_id":9007199254740993}', 'invalid_message'],
      ['new_message without message', json({ type: 'new_message', chat_id: 3 }), 'invalid_message'],
      [
        'new_message without chat',
        newMessage({ chat_id: undefined }, { chat_id: undefined }),
        'invalid_message',
      ],
      ['new_message with two chats', newMessage({ chat_id: 4 }), 'invalid_message'],
      ['new_message without id', newMessage({ id: undefined }), 'invalid_message'],
      ['new_message with numeric content', newMessage({ content: 7 }), 'invalid_message'],
      ['new_message without sender', newMessage({ sender_id: null }), 'invalid_message'],
      [
        'new_message without any time',
        newMessage({ created_at: 'now' }, { timestamp: undefined }),
        'invalid_message',
      ],
      [
        'typing without is_typing',
        json({ type: 'typing', chat_id: 3, user_id: 5 }),
        'invalid_message',
      ],
      [
        'typing without user',
        json({ type: 'typing', chat_id: 3, is_typing: true }),
        'invalid_message',
      ],
      [
        'message_read without reader',
        json({ type: 'message_read', chat_id: 3, message_id: 4 }),
        'invalid_message',
      ],
    ];

    it.each(cases)('rejects %s', (_name, frame, code) => {
      expect(thrown(() => protocol.decode(frame)).code).toBe(code);
    });

    it('rejects oversized frames before parsing them', () => {
      const small = listingsProtocol({ maxFrameBytes: 64 });
      const error = thrown(() => small.decode(newMessage({ content: 'x'.repeat(100) })));
      expect(error.code).toBe('frame_too_large');
      expect(error.details).toEqual({ limit: 64 });
    });

    it('drops prototype-polluting keys and never touches Object.prototype', () => {
      const event = protocol.decode(
        '{"type":"connected","user_id":6,"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
      );
      expect(event.payload).toEqual({ user_id: '6' });
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      const hidden = '{"__proto__":{"type":"connected","user_id":6}}';
      expect(thrown(() => protocol.decode(hidden)).code).toBe('invalid_message');
    });

    it('quotes at most 200 characters of an unknown type', () => {
      const error = thrown(() => protocol.decode(json({ type: 'x'.repeat(1_000) })));
      expect((error.details?.['type'] as string).length).toBe(200);
    });
  });

  describe('the parts the dialect does not have', () => {
    it('sends no subscribe, unsubscribe or catch-up frame', () => {
      expect(protocol.subscribeMessage('conversation:3')).toBeNull();
      expect(protocol.unsubscribeMessage('conversation:3')).toBeNull();
      expect(protocol.missedMessagesRequest(4)).toBeNull();
      expect(
        protocol.sequencePosition(protocol.decode(json({ type: 'connected', user_id: 1 }))),
      ).toBeNull();
    });

    it('settles no acknowledgement', () => {
      expect(protocol.resolveAck(protocol.decode(newMessage()))).toBeNull();
    });

    it('refuses to read poll or catch-up replies with not_supported', () => {
      expect(thrown(() => protocol.readPollResponse({ events: [] })).code).toBe('not_supported');
      expect(thrown(() => protocol.readMissedMessages([])).code).toBe('not_supported');
    });

    it('asks for a heartbeat that goes out as ping', () => {
      const heartbeat = protocol.heartbeatMessage(new Date(TS));
      expect(heartbeat).toEqual({
        type: 'heartbeat',
        payload: { timestamp: '2025-11-21T13:00:00.000Z' },
      });
    });
  });

  describe('server errors', () => {
    it.each([
      ['validation_error', 'validation_error'],
      ['INVALID_REQUEST', 'validation_error'],
      ['blocked', 'blocked'],
      ['user_blocked', 'blocked'],
      ['send_failed', 'send_failed'],
      ['chat_not_found', 'conversation_not_found'],
      ['Conversation_Not_Found', 'conversation_not_found'],
      ['unauthorized', 'unauthorized'],
      ['TOKEN_EXPIRED', 'unauthorized'],
      ['RATE_LIMITED', 'server_error'],
      ['toString', 'server_error'],
    ])('types the server code %s as %s', (serverCode, code) => {
      const event = protocol.decode(json({ type: 'error', code: serverCode, message: 'x' }));
      expect(protocol.serverError(event)).toMatchObject({ code, serverCode });
    });

    it('types an unknown error frame as server_error with the server code', () => {
      const error = protocol.serverError(
        protocol.decode(json({ type: 'error', code: 'RATE_LIMITED', message: 'gone' })),
      );
      expect(error).toBeInstanceOf(RealtimeError);
      expect(error).toMatchObject({ code: 'server_error', serverCode: 'RATE_LIMITED' });
      expect(error?.message).toContain('gone');
      expect(protocol.serverError(protocol.decode(newMessage()))).toBeNull();
    });

    it('recognises refused credentials whatever the case of the code', () => {
      const refused = (code: string) =>
        protocol.serverError(protocol.decode(json({ type: 'error', code, message: 'x' })));
      expect(protocol.isAuthFailure(refused('unauthorized') as RealtimeError)).toBe(true);
      expect(protocol.isAuthFailure(refused('TOKEN_EXPIRED') as RealtimeError)).toBe(true);
      expect(protocol.isAuthFailure(refused('RATE_LIMITED') as RealtimeError)).toBe(false);
      expect(protocol.isAuthFailure(new RealtimeError('transport_error', 'x'))).toBe(false);
    });
  });
});
