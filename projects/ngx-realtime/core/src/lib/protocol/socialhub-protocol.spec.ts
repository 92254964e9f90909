import { RealtimeError, type RealtimeErrorCode } from '../errors/realtime-error';
import type { RealtimeMessage } from './message';
import { payloadSchema } from './payload-schema';
import { createSocialHubProtocol } from './socialhub-protocol';

const TS = '2024-03-01T12:00:00Z';

/** A valid SocialHub envelope, with `overrides` merged in (`undefined` removes a field). */
function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: 'evt-1',
    type: 'presence',
    payload: { user_id: 'u1', status: 'online' },
    channel: 'presence',
    timestamp: TS,
    ...overrides,
  };
  for (const key of Object.keys(base)) if (base[key] === undefined) delete base[key];
  return base;
}

function frame(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(envelope(overrides));
}

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

function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('createSocialHubProtocol', () => {
  const protocol = createSocialHubProtocol();

  it('declares its name and every capability', () => {
    expect(protocol.name).toBe('socialhub');
    expect(protocol.capabilities).toEqual({
      acks: true,
      heartbeat: true,
      channels: true,
      polling: true,
      missedMessages: true,
    });
  });

  describe('encode', () => {
    it('writes the snake_case envelope', () => {
      const text = protocol.encode({
        id: 'm1',
        type: 'send_message',
        payload: { content: 'hi' },
        channel: 'conversation:c1',
        ackId: 'm1',
        timestamp: TS,
      });
      expect(JSON.parse(text)).toEqual({
        id: 'm1',
        type: 'send_message',
        payload: { content: 'hi' },
        channel: 'conversation:c1',
        ack_id: 'm1',
        timestamp: TS,
      });
    });

    it('leaves out channel and ack_id when absent', () => {
      const text = protocol.encode({ id: 'm1', type: 'typing_start', payload: {}, timestamp: TS });
      expect(Object.keys(JSON.parse(text) as object)).toEqual([
        'id',
        'type',
        'payload',
        'timestamp',
      ]);
    });

    it('round-trips through decode', () => {
      const payload = { conversation_id: 'c1', user_id: 'u1', username: 'jane' };
      const text = protocol.encode({
        id: 'm1',
        type: 'typing_start',
        payload,
        ackId: 'a1',
        timestamp: TS,
      });
      expect(protocol.decode(text)).toEqual({
        id: 'm1',
        type: 'typing_start',
        payload,
        channel: undefined,
        ackId: 'a1',
        timestamp: TS,
        seq: undefined,
      });
    });
  });

  describe('decode', () => {
    it('reads a valid frame into the canonical shape', () => {
      const message = protocol.decode(frame({ ack_id: 'a1', seq: 42 }));
      expect(message).toEqual({
        id: 'evt-1',
        type: 'presence',
        payload: { user_id: 'u1', status: 'online' },
        channel: 'presence',
        ackId: 'a1',
        timestamp: TS,
        seq: 42,
      });
    });

    it('accepts seq 0 and frames without channel', () => {
      const message = protocol.decode(frame({ seq: 0, channel: undefined }));
      expect(message.seq).toBe(0);
      expect(message.channel).toBeUndefined();
    });

    it('rejects text that is not JSON as malformed_frame', () => {
      const error = thrown(() => protocol.decode('{"id":'));
      expect(error.code).toBe('malformed_frame');
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it.each([
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"hello"'],
      ['a number', '42'],
    ])('rejects %s as invalid_message', (_label, text) => {
      expect(thrown(() => protocol.decode(text)).code).toBe('invalid_message');
    });

    it.each<[string, Record<string, unknown>]>([
      ['a missing id', { id: undefined }],
      ['an empty id', { id: '' }],
      ['a numeric id', { id: 7 }],
      ['a missing type', { type: undefined }],
      ['an empty type', { type: '' }],
      ['a numeric type', { type: 3 }],
      ['a missing payload', { payload: undefined }],
      ['a null payload', { payload: null }],
      ['an array payload', { payload: [] }],
      ['a string payload', { payload: 'x' }],
      ['a numeric channel', { channel: 5 }],
      ['a null channel', { channel: null }],
      ['a numeric ack_id', { ack_id: 12 }],
      ['a negative seq', { seq: -1 }],
      ['a fractional seq', { seq: 1.5 }],
      ['a string seq', { seq: '3' }],
      ['an unsafe seq', { seq: 2 ** 53 }],
      ['a missing timestamp', { timestamp: undefined }],
      ['a numeric timestamp', { timestamp: 1709294400000 }],
      ['a timestamp without zone', { timestamp: '2024-03-01T12:00:00' }],
      ['a non-date timestamp', { timestamp: 'yesterday' }],
      ['a payload that breaks its schema', { payload: { user_id: 'u1', status: 'sleeping' } }],
    ])('rejects %s as invalid_message', (_label, overrides) => {
      const error = thrown(() => protocol.decode(frame(overrides)));
      expect(error.code).toBe('invalid_message');
    });

    it('names the message and the broken field, without echoing values', () => {
      const error = thrown(() =>
        protocol.decode(
          frame({ type: 'presence', payload: { user_id: 'u1', status: 'secret-token' } }),
        ),
      );
      expect(error.messageId).toBe('evt-1');
      expect(error.message).toContain('presence');
      expect(error.message).toContain('payload.status');
      expect(error.message).not.toContain('secret-token');
    });

    it('rejects an unknown type as unknown_type and says which type', () => {
      const error = thrown(() => protocol.decode(frame({ type: 'poll_vote' })));
      expect(error.code).toBe('unknown_type');
      expect(error.messageId).toBe('evt-1');
      expect(error.details).toEqual({ type: 'poll_vote' });
    });

    it('quotes at most 200 characters of an unknown type', () => {
      const error = thrown(() => protocol.decode(frame({ type: 'x'.repeat(5000) })));
      expect(error.details?.['type']).toBe('x'.repeat(200));
    });

    it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
      'treats the type %s as unknown rather than inheriting a validator',
      (type) => {
        expect(thrown(() => protocol.decode(frame({ type }))).code).toBe('unknown_type');
      },
    );

    describe('size limit', () => {
      it('defaults to 1 MiB', () => {
        const fits = frame({ payload: { user_id: 'u1', status: 'online', pad: '' } });
        const room = 1024 * 1024 - fits.length;
        const exact = frame({
          payload: { user_id: 'u1', status: 'online', pad: 'a'.repeat(room) },
        });
        expect(exact.length).toBe(1024 * 1024);
        expect(protocol.decode(exact).id).toBe('evt-1');
        const over = frame({
          payload: { user_id: 'u1', status: 'online', pad: 'a'.repeat(room + 1) },
        });
        expect(thrown(() => protocol.decode(over)).code).toBe('frame_too_large');
      });

      it('is checked before parsing', () => {
        const small = createSocialHubProtocol({ maxFrameBytes: 16 });
        const parse = jest.spyOn(JSON, 'parse');
        try {
          const error = thrown(() => small.decode('{ not json at all, and too long }'));
          expect(error.code).toBe('frame_too_large');
          expect(error.details).toEqual({ limit: 16 });
          expect(parse).not.toHaveBeenCalled();
        } finally {
          parse.mockRestore();
        }
      });

      it('counts UTF-8 bytes, not characters', () => {
        const text = frame({ payload: { user_id: 'u1', status: 'online', note: '€'.repeat(10) } });
        const bytes = new TextEncoder().encode(text).length;
        expect(createSocialHubProtocol({ maxFrameBytes: bytes }).decode(text).id).toBe('evt-1');
        const tight = createSocialHubProtocol({ maxFrameBytes: bytes - 1 });
        expect(thrown(() => tight.decode(text)).code).toBe('frame_too_large');
      });
    });

    describe('prototype pollution', () => {
      const before = prototypeKeys();

      afterEach(() => {
        expect(prototypeKeys()).toEqual(before);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      });

      it('drops __proto__, constructor and prototype keys at any depth of the payload', () => {
        const text =
          '{"id":"e1","type":"message","timestamp":"2024-03-01T12:00:00Z","payload":{' +
          '"id":"m1","conversation_id":"c1","sender_id":"s1","content":"hi",' +
          '"created_at":"2024-03-01T12:00:00Z","__proto__":{"polluted":true},' +
          '"sender":{"id":"s1","constructor":{"prototype":{"polluted":true}},' +
          '"prototype":{"polluted":true},"meta":[{"__proto__":{"polluted":true},"k":1}]}}}';
        const message = protocol.decode(text);
        expect(message.payload).toEqual({
          id: 'm1',
          conversation_id: 'c1',
          sender_id: 's1',
          content: 'hi',
          created_at: TS,
          sender: { id: 's1', meta: [{ k: 1 }] },
        });
        expect(Object.getPrototypeOf(message.payload)).toBe(Object.prototype);
      });

      it('drops keys spelled with \\u escapes', () => {
        const text =
          '{"id":"e1","type":"heartbeat","timestamp":"2024-03-01T12:00:00Z","payload":{' +
          '"\\u005f_proto__":{"polluted":true},"\\u0063onstructor":{"polluted":true},' +
          '"protot\\u0079pe":{"polluted":true},"timestamp":"2024-03-01T12:00:00Z"}}';
        expect(protocol.decode(text).payload).toEqual({ timestamp: TS });
      });

      it('never lets an envelope inherit fields through __proto__', () => {
        const text =
          '{"id":"e1","__proto__":{"type":"heartbeat","payload":{},"timestamp":"2024-03-01T12:00:00Z"}}';
        expect(thrown(() => protocol.decode(text)).code).toBe('invalid_message');
      });
    });

    describe('custom events', () => {
      const custom = createSocialHubProtocol({
        events: { poll_vote: payloadSchema({ poll_id: 'id', option: 'number' }) },
      });

      it('decodes the app type with its validator', () => {
        const message = custom.decode(
          frame({ type: 'poll_vote', payload: { poll_id: 'p', option: 2 } }),
        );
        expect(message.type).toBe('poll_vote');
        expect(message.payload).toEqual({ poll_id: 'p', option: 2 });
      });

      it('rejects an app payload that breaks its validator', () => {
        const error = thrown(() =>
          custom.decode(frame({ type: 'poll_vote', payload: { poll_id: 'p', option: 'two' } })),
        );
        expect(error.code).toBe('invalid_message');
        expect(error.message).toContain('payload.option');
      });

      it('still knows every documented type', () => {
        expect(custom.decode(frame()).type).toBe('presence');
      });

      it('is not known to a protocol created without it', () => {
        const error = thrown(() =>
          protocol.decode(frame({ type: 'poll_vote', payload: { poll_id: 'p', option: 2 } })),
        );
        expect(error.code).toBe('unknown_type');
      });
    });
  });

  describe('outgoing control frames', () => {
    it('builds subscribe and unsubscribe frames', () => {
      expect(protocol.subscribeMessage('feed:updates')).toEqual({
        type: 'subscribe',
        payload: { channel: 'feed:updates' },
      });
      expect(protocol.unsubscribeMessage('feed:updates')).toEqual({
        type: 'unsubscribe',
        payload: { channel: 'feed:updates' },
      });
    });

    it('stamps the heartbeat with the given time', () => {
      expect(protocol.heartbeatMessage(new Date(TS))).toEqual({
        type: 'heartbeat',
        payload: { timestamp: '2024-03-01T12:00:00.000Z' },
      });
    });

    it('asks for missed messages after a sequence number', () => {
      expect(protocol.missedMessagesRequest(41)).toEqual({
        type: 'get_missed_messages',
        payload: { last_sequence: 41 },
      });
    });
  });

  describe('readPollResponse', () => {
    afterEach(() => jest.useRealTimers());

    it('accepts numeric ids and cursors and fills in missing timestamps', () => {
      jest.useFakeTimers({ now: new Date('2024-05-05T05:05:05.000Z') });
      const result = protocol.readPollResponse({
        events: [
          {
            id: 789,
            type: 'notification',
            channel: 'notifications',
            payload: { id: 'n1', type: 'like' },
          },
        ],
        last_poll_id: 789,
        has_more: false,
      });
      expect(result.lastPollId).toBe('789');
      expect(result.hasMore).toBe(false);
      expect(result.rejected).toEqual([]);
      expect(result.events).toEqual([
        expect.objectContaining({
          id: '789',
          type: 'notification',
          channel: 'notifications',
          timestamp: '2024-05-05T05:05:05.000Z',
        }),
      ]);
    });

    it('keeps a server timestamp and a string cursor', () => {
      const result = protocol.readPollResponse({
        events: [envelope()],
        last_poll_id: 'cursor-9',
        has_more: true,
      });
      expect(result.events[0].timestamp).toBe(TS);
      expect(result.lastPollId).toBe('cursor-9');
      expect(result.hasMore).toBe(true);
    });

    it('reports an absent cursor as empty and has_more only for true', () => {
      const result = protocol.readPollResponse({ events: [], has_more: 'yes' });
      expect(result.lastPollId).toBe('');
      expect(result.hasMore).toBe(false);
    });

    it('drops invalid items into rejected and keeps the others in order', () => {
      const result = protocol.readPollResponse({
        events: [
          envelope({ id: 1 }),
          envelope({ id: 2, type: 'mystery' }),
          envelope({ id: 3, timestamp: 'not a date' }),
          'garbage',
          envelope({ id: 5, payload: { user_id: 'u5', status: 'away' } }),
        ],
        last_poll_id: 5,
      });
      expect(result.events.map((event) => event.id)).toEqual(['1', '5']);
      expect(result.rejected.map((error) => error.code)).toEqual<RealtimeErrorCode[]>([
        'unknown_type',
        'invalid_message',
        'invalid_message',
      ]);
    });

    it('drops forbidden keys from polled payloads as well', () => {
      const before = prototypeKeys();
      // As `response.json()` hands it over: `__proto__` is an own property here.
      const body: unknown = JSON.parse(
        '{"events":[{"id":1,"type":"notification","payload":{"id":"n1","type":"like",' +
          '"__proto__":{"polluted":true},"extra":{"constructor":{"prototype":{"polluted":true}}}}}]}',
      );
      const [event] = protocol.readPollResponse(body).events;
      expect(Object.keys(event.payload as object)).toEqual(['id', 'type', 'extra']);
      expect((event.payload as { extra: object }).extra).toEqual({});
      expect(Object.prototype.hasOwnProperty.call(event.payload, '__proto__')).toBe(false);
      expect(prototypeKeys()).toEqual(before);
    });

    it.each([
      ['a non-object body', []],
      ['a body without events', { last_poll_id: 1 }],
      ['events that are not a list', { events: {} }],
      ['a boolean cursor', { events: [], last_poll_id: true }],
      ['an object cursor', { events: [], last_poll_id: {} }],
    ])('throws invalid_message for %s', (_label, body) => {
      expect(thrown(() => protocol.readPollResponse(body)).code).toBe('invalid_message');
    });
  });

  describe('prev_seq (extension)', () => {
    it('is read into prevSeq and validated like seq', () => {
      const frame = (extra: Record<string, unknown>) =>
        JSON.stringify({
          id: 'p',
          type: 'heartbeat',
          payload: {},
          timestamp: TS,
          seq: 3,
          ...extra,
        });
      expect(protocol.decode(frame({ prev_seq: 2 })).prevSeq).toBe(2);
      expect(protocol.decode(frame({})).prevSeq).toBeUndefined();
      expect(thrown(() => protocol.decode(frame({ prev_seq: -1 }))).code).toBe('invalid_message');
      expect(thrown(() => protocol.decode(frame({ prev_seq: '2' }))).code).toBe('invalid_message');
    });
  });

  describe('sequencePosition', () => {
    const greeting = (payload: Record<string, unknown>) =>
      protocol.decode(JSON.stringify({ id: 'g', type: 'connect', payload, timestamp: TS }));

    it('reads the greeting extension fields', () => {
      expect(
        protocol.sequencePosition(greeting({ user_id: 'u', last_sequence: 4, epoch: 'e1' })),
      ).toEqual({
        lastSequence: 4,
        epoch: 'e1',
      });
    });

    it('is null for a plain greeting and for other events', () => {
      expect(protocol.sequencePosition(greeting({ user_id: 'u' }))).toBeNull();
      const other = protocol.decode(
        JSON.stringify({ id: 'h', type: 'heartbeat', payload: {}, timestamp: TS }),
      );
      expect(protocol.sequencePosition(other)).toBeNull();
    });
  });

  describe('readMissedMessages', () => {
    it('reads a bare list as complete', () => {
      const missed = protocol.readMissedMessages([
        envelope({ id: 'a', seq: 1 }),
        envelope({ id: 'b', seq: 2 }),
      ]);
      expect(missed.messages.map((message) => message.seq)).toEqual([1, 2]);
      expect(missed.complete).toBe(true);
      expect(missed.rejected).toEqual([]);
    });

    it('reads {messages} as complete unless complete is false', () => {
      expect(protocol.readMissedMessages({ messages: [] }).complete).toBe(true);
      expect(protocol.readMissedMessages({ messages: [], complete: true }).complete).toBe(true);
      const partial = protocol.readMissedMessages({ messages: [envelope()], complete: false });
      expect(partial.complete).toBe(false);
      expect(partial.messages).toHaveLength(1);
    });

    it('reads the server position (last_sequence, epoch) when valid, and ignores it otherwise', () => {
      const missed = protocol.readMissedMessages({
        messages: [],
        last_sequence: 9,
        epoch: 'run-2',
      });
      expect(missed).toMatchObject({ lastSequence: 9, epoch: 'run-2' });
      const odd = protocol.readMissedMessages({ messages: [], last_sequence: -1, epoch: 7 });
      expect(odd.lastSequence).toBeUndefined();
      expect(odd.epoch).toBeUndefined();
    });

    it('accepts the spec example: string ids and no timestamp', () => {
      const missed = protocol.readMissedMessages({
        messages: [{ id: 'msg_789', type: 'heartbeat', payload: {} }],
      });
      expect(missed.messages[0].id).toBe('msg_789');
      expect(missed.messages[0].timestamp).toEqual(expect.any(String));
    });

    it('drops forbidden keys from replayed payloads', () => {
      const reply: unknown = JSON.parse(
        '{"messages":[{"id":"m","type":"heartbeat","payload":{"__proto__":{"polluted":true}}}]}',
      );
      const [message] = protocol.readMissedMessages(reply).messages;
      expect(Object.prototype.hasOwnProperty.call(message.payload, '__proto__')).toBe(false);
    });

    it('reports unreadable items without losing the rest', () => {
      const missed = protocol.readMissedMessages({ messages: [42, envelope({ id: 'ok' })] });
      expect(missed.messages.map((message) => message.id)).toEqual(['ok']);
      expect(missed.rejected).toHaveLength(1);
      expect(missed.rejected[0].code).toBe('invalid_message');
    });

    it.each([null, 'x', { items: [] }, { messages: 'x' }])(
      'throws invalid_message for %j',
      (reply) => {
        expect(thrown(() => protocol.readMissedMessages(reply)).code).toBe('invalid_message');
      },
    );
  });

  describe('resolveAck', () => {
    function ack(
      payload: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ): RealtimeMessage {
      return protocol.decode(frame({ type: 'ack', payload, ...extra }));
    }

    it('settles a success ack with its data', () => {
      expect(
        protocol.resolveAck(ack({ ack_id: 'a1', status: 'success', data: { id: 9 } })),
      ).toEqual({
        ackId: 'a1',
        ok: true,
        data: { id: 9 },
      });
    });

    it('settles an error ack with a typed server error', () => {
      const resolution = protocol.resolveAck(
        ack({
          ack_id: 'a1',
          status: 'error',
          error: { code: 'RATE_LIMITED', message: 'slow down', details: { retry: 2 } },
        }),
      );
      if (resolution === null || resolution.ok) throw new Error('expected a failed resolution');
      expect(resolution.ackId).toBe('a1');
      expect(resolution.error).toBeInstanceOf(RealtimeError);
      expect(resolution.error.code).toBe('server_error');
      expect(resolution.error.serverCode).toBe('RATE_LIMITED');
      expect(resolution.error.messageId).toBe('a1');
      expect(resolution.error.details).toEqual({ retry: 2 });
      expect(resolution.error.message).toContain('slow down');
    });

    it('settles an error ack whose error is a plain string or missing', () => {
      const text = protocol.resolveAck(ack({ ack_id: 'a1', status: 'error', error: 'nope' }));
      if (text === null || text.ok) throw new Error('expected a failed resolution');
      expect(text.error.serverCode).toBe('ACK_ERROR');
      expect(text.error.message).toContain('nope');
      const bare = protocol.resolveAck(ack({ ack_id: 'a2', status: 'error' }));
      if (bare === null || bare.ok) throw new Error('expected a failed resolution');
      expect(bare.error.message).toContain('no details');
      expect(bare.error.details).toBeUndefined();
    });

    it('settles the send named by an error frame with ack_id', () => {
      const message = protocol.decode(
        frame({
          type: 'error',
          ack_id: 'a7',
          payload: {
            code: 'CHANNEL_NOT_FOUND',
            message: 'no such channel',
            details: { channel: 'x' },
          },
        }),
      );
      const resolution = protocol.resolveAck(message);
      if (resolution === null || resolution.ok) throw new Error('expected a failed resolution');
      expect(resolution.ackId).toBe('a7');
      expect(resolution.error.serverCode).toBe('CHANNEL_NOT_FOUND');
      expect(resolution.error.channel).toBe('x');
    });

    it('ignores error frames without ack_id and every other type', () => {
      const error = protocol.decode(frame({ type: 'error', payload: { code: 'X', message: 'x' } }));
      expect(protocol.resolveAck(error)).toBeNull();
      expect(protocol.resolveAck(protocol.decode(frame({ ack_id: 'a1' })))).toBeNull();
    });
  });

  describe('serverError', () => {
    it('turns an error frame into a server_error', () => {
      const error = protocol.serverError(
        protocol.decode(
          frame({
            type: 'error',
            payload: { code: 'CHANNEL_NOT_FOUND', message: 'gone', details: { channel: 'feed:x' } },
          }),
        ),
      );
      expect(error).toBeInstanceOf(RealtimeError);
      expect(error?.code).toBe('server_error');
      expect(error?.serverCode).toBe('CHANNEL_NOT_FOUND');
      expect(error?.channel).toBe('feed:x');
      expect(error?.details).toEqual({ channel: 'feed:x' });
      expect(error?.message).toBe('Server error CHANNEL_NOT_FOUND: gone');
    });

    it('has no channel without details and quotes at most 200 characters', () => {
      const error = protocol.serverError(
        protocol.decode(
          frame({ type: 'error', payload: { code: 'X', message: 'y'.repeat(1000) } }),
        ),
      );
      expect(error?.channel).toBeUndefined();
      expect(error?.details).toBeUndefined();
      expect(error?.message).toBe(`Server error X: ${'y'.repeat(200)}`);
    });

    it('returns null for any other type', () => {
      expect(protocol.serverError(protocol.decode(frame()))).toBeNull();
    });
  });

  describe('isAuthFailure', () => {
    it.each(['MISSING_TOKEN', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'UNAUTHORIZED'])(
      'is true for %s',
      (code) => {
        expect(
          protocol.isAuthFailure(new RealtimeError('server_error', 'x', { serverCode: code })),
        ).toBe(true);
      },
    );

    it('is false for other codes and for errors without a server code', () => {
      expect(
        protocol.isAuthFailure(
          new RealtimeError('server_error', 'x', { serverCode: 'RATE_LIMITED' }),
        ),
      ).toBe(false);
      expect(protocol.isAuthFailure(new RealtimeError('unauthorized', 'x'))).toBe(false);
    });
  });
});
