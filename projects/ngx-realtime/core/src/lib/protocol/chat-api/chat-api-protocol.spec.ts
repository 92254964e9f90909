import { isRealtimeError, RealtimeError } from '../../errors/realtime-error';
import type { RealtimeMessage, StampedMessage } from '../message';
import type { RealtimeProtocol } from '../realtime-protocol';
import { chatApiProtocol } from './chat-api-protocol';

const NOW = '2024-01-01T11:00:00.000Z';

function stamped(
  type: string,
  payload: object,
  extras: Partial<StampedMessage> = {},
): StampedMessage {
  return { id: 'm-1', type, payload, timestamp: NOW, ...extras };
}

function wire(protocol: RealtimeProtocol, message: StampedMessage): unknown {
  return JSON.parse(protocol.encode(message));
}

function frame(type: string, payload: unknown): string {
  return JSON.stringify({ type, payload });
}

function storedMessage(id = 'msg-new', senderId = 'user-456', createdAt = NOW) {
  return {
    id,
    conversationId: 'conv-001',
    senderId,
    type: 'text',
    content: 'Hello there!',
    isRead: false,
    createdAt,
  };
}

function failure(run: () => unknown): RealtimeError {
  try {
    run();
  } catch (error) {
    if (error instanceof RealtimeError) return error;
    throw error;
  }
  throw new Error('expected a RealtimeError');
}

describe('chatApiProtocol', () => {
  let protocol: RealtimeProtocol;
  beforeEach(() => (protocol = chatApiProtocol()));

  it('declares its capabilities: confirmations and heartbeat, no channels, polling or replay', () => {
    expect(protocol.name).toBe('chat-api');
    expect(protocol.capabilities).toEqual({
      acks: true,
      heartbeat: true,
      channels: false,
      polling: false,
      missedMessages: false,
    });
    expect(protocol.subscribeMessage('conversation:c1')).toBeNull();
    expect(protocol.unsubscribeMessage('conversation:c1')).toBeNull();
    expect(protocol.missedMessagesRequest(3)).toBeNull();
    expect(
      protocol.sequencePosition({ id: 'x', type: 'connect', payload: {}, timestamp: NOW }),
    ).toBeNull();
    expect(failure(() => protocol.readPollResponse({})).code).toBe('not_supported');
    expect(failure(() => protocol.readMissedMessages({})).code).toBe('not_supported');
  });

  describe('encode (canonical → wire)', () => {
    it('send_message → message.send with the message id as tempId', () => {
      const message = stamped(
        'send_message',
        { conversation_id: 'conv-001', content: 'Hi' },
        { ackId: 'm-1' },
      );
      expect(wire(protocol, message)).toEqual({
        type: 'message.send',
        payload: { conversationId: 'conv-001', type: 'text', content: 'Hi', tempId: 'm-1' },
      });
    });

    it('keeps media and a message type', () => {
      const media = [{ url: 'https://cdn/x.jpg', type: 'image', width: 10 }];
      const message = stamped('send_message', {
        conversation_id: 'c',
        content: '',
        message_type: 'image',
        media,
      });
      expect(wire(protocol, message)).toEqual({
        type: 'message.send',
        payload: { conversationId: 'c', type: 'image', content: '', media, tempId: 'm-1' },
      });
    });

    it('typing, read receipts and the heartbeat', () => {
      expect(wire(protocol, stamped('typing_start', { conversation_id: 'c' }))).toEqual({
        type: 'typing.start',
        payload: { conversationId: 'c' },
      });
      expect(wire(protocol, stamped('typing_stop', { conversation_id: 'c' }))).toEqual({
        type: 'typing.stop',
        payload: { conversationId: 'c' },
      });
      expect(
        wire(protocol, stamped('read_receipt', { conversation_id: 'c', message_ids: ['a', 'b'] })),
      ).toEqual({ type: 'message.read', payload: { conversationId: 'c' } });
      const ping = protocol.heartbeatMessage(new Date('2024-01-01T00:00:00Z'));
      if (ping === null) throw new Error('the dialect has a heartbeat');
      expect(wire(protocol, stamped(ping.type, ping.payload))).toEqual({
        type: 'ping',
        payload: { timestamp: 1704067200 },
      });
      expect(wire(protocol, stamped('heartbeat', {}))).toEqual({
        type: 'ping',
        payload: { timestamp: Date.parse(NOW) / 1000 },
      });
    });

    it("sends the dialect's own dotted frames as given", () => {
      expect(wire(protocol, stamped('block.add', { username: 'spammer123' }))).toEqual({
        type: 'block.add',
        payload: { username: 'spammer123' },
      });
      expect(
        wire(
          protocol,
          stamped('message.send', { conversationId: 'c', content: 'x', tempId: 't-9' }),
        ),
      ).toEqual({
        type: 'message.send',
        payload: { conversationId: 'c', content: 'x', tempId: 't-9' },
      });
      expect(
        wire(protocol, stamped('message.send', { conversationId: 'c' }, { ackId: 'a-1' })),
      ).toEqual({ type: 'message.send', payload: { conversationId: 'c', tempId: 'a-1' } });
      expect(wire(protocol, stamped('message.send', { conversationId: 'c' }))).toEqual({
        type: 'message.send',
        payload: { conversationId: 'c', tempId: 'm-1' },
      });
    });

    it('refuses canonical types the dialect cannot express, with not_supported', () => {
      for (const type of [
        'get_presence',
        'set_presence',
        'subscribe',
        'set_read_receipts',
        'Weird.Type',
      ]) {
        const error = failure(() => protocol.encode(stamped(type, {})));
        expect(error.code).toBe('not_supported');
        expect(error.messageId).toBe('m-1');
      }
    });

    it('refuses an acknowledged send of a frame the server never confirms', () => {
      for (const type of ['typing_start', 'typing.stop', 'message.custom']) {
        const error = failure(() =>
          protocol.encode(stamped(type, { conversation_id: 'c' }, { ackId: 'm-1' })),
        );
        expect(error.code).toBe('not_supported');
        expect(error.message).toContain('never confirms');
      }
    });

    it('tolerates a payload that is not an object', () => {
      const message = {
        id: 'm-1',
        type: 'typing_start',
        payload: [] as unknown as object,
        timestamp: NOW,
      };
      expect(wire(protocol, message)).toEqual({ type: 'typing.start', payload: {} });
    });
  });

  describe('decode (wire → canonical)', () => {
    it('connection.success → connect', () => {
      const event = protocol.decode(
        frame('connection.success', { userId: 'user-1', connectedAt: '2024-01-01T10:00:00Z' }),
      );
      expect(event).toMatchObject({
        type: 'connect',
        payload: { user_id: 'user-1', timestamp: '2024-01-01T10:00:00Z' },
        timestamp: '2024-01-01T10:00:00Z',
      });
      expect(event.id).toMatch(/^chat-api-\d+$/);
    });

    it('message.new → message on conversation:{id}, sender mapped to snake_case', () => {
      const event = protocol.decode(
        frame('message.new', {
          message: {
            ...storedMessage('msg-new', 'user-789'),
            sender: {
              id: 'user-789',
              username: 'somchai',
              displayName: 'สมชาย',
              avatar: 'https://a',
            },
          },
        }),
      );
      expect(event).toEqual({
        id: 'message:msg-new',
        type: 'message',
        channel: 'conversation:conv-001',
        ackId: undefined,
        timestamp: NOW,
        payload: {
          id: 'msg-new',
          conversation_id: 'conv-001',
          sender_id: 'user-789',
          content: 'Hello there!',
          created_at: NOW,
          is_read: false,
          message_type: 'text',
          sender: {
            id: 'user-789',
            username: 'somchai',
            display_name: 'สมชาย',
            avatar_url: 'https://a',
          },
        },
      });
    });

    it('a media message without content has empty content; a sender without id is dropped', () => {
      const { content: _content, ...rest } = storedMessage();
      const event = protocol.decode(
        frame('message.new', {
          message: { ...rest, media: [{ url: 'u' }], sender: { username: 'x' } },
        }),
      );
      expect(event.payload).toMatchObject({ content: '', media: [{ url: 'u' }] });
      expect(event.payload).not.toHaveProperty('sender');
    });

    it('message.sent settles the acknowledged send named by tempId with the stored message', () => {
      protocol.encode(
        stamped(
          'send_message',
          { conversation_id: 'conv-001', content: 'x' },
          { id: 't-1', ackId: 't-1' },
        ),
      );
      const event = protocol.decode(
        frame('message.sent', { tempId: 't-1', message: storedMessage() }),
      );
      expect(event).toMatchObject({
        type: 'message',
        ackId: 't-1',
        channel: 'conversation:conv-001',
      });
      expect(protocol.resolveAck(event)).toEqual({
        ackId: 't-1',
        ok: true,
        data: expect.objectContaining({
          id: 'msg-new',
          conversation_id: 'conv-001',
          sender_id: 'user-456',
        }),
      });
    });

    it('message.sent for a send nobody waits for still names it (delivered as a message event)', () => {
      const event = protocol.decode(
        frame('message.sent', { tempId: 'other', message: storedMessage() }),
      );
      expect(event.ackId).toBe('other');
    });

    it('typing.start / typing.stop → typing_start / typing_stop', () => {
      const start = protocol.decode(frame('typing.start', { conversationId: 'c', userId: 'u' }));
      const stop = protocol.decode(frame('typing.stop', { conversationId: 'c', userId: 'u' }));
      expect(start).toMatchObject({
        type: 'typing_start',
        channel: 'conversation:c',
        payload: { conversation_id: 'c', user_id: 'u', is_typing: true },
      });
      expect(stop).toMatchObject({ type: 'typing_stop', payload: { is_typing: false } });
      expect(start.id).not.toBe(stop.id);
    });

    it('user.online / user.offline → presence on the `presence` channel', () => {
      expect(
        protocol.decode(frame('user.online', { userId: 'u', isOnline: true, lastSeen: NOW })),
      ).toMatchObject({
        type: 'presence',
        channel: 'presence',
        payload: { user_id: 'u', status: 'online', last_seen: NOW },
      });
      expect(
        protocol.decode(frame('user.offline', { userId: 'u', isOnline: false })),
      ).toMatchObject({
        type: 'presence',
        payload: { user_id: 'u', status: 'offline' },
      });
    });

    it('puts presence on presence:{userId} with presenceChannels: per-user', () => {
      const perUser = chatApiProtocol({ presenceChannels: 'per-user' });
      expect(perUser.decode(frame('user.online', { userId: 'u' })).channel).toBe('presence:u');
    });

    it('status.bulk → status.bulk with canonical presences, from a list or a map', () => {
      const list = protocol.decode(
        frame('status.bulk', {
          users: [
            { userId: 'a', isOnline: true, lastSeen: NOW },
            { userId: 'b', isOnline: false },
            { userId: '', isOnline: true },
            { userId: 'c' },
            'junk',
          ],
        }),
      );
      expect(list).toMatchObject({
        type: 'status.bulk',
        payload: {
          presence: [
            { user_id: 'a', status: 'online', last_seen: NOW },
            { user_id: 'b', status: 'offline' },
          ],
        },
      });
      const map = protocol.decode(
        frame('status.bulk', { users: { a: true, b: { isOnline: false, lastSeen: 'bad' } } }),
      );
      expect(map.payload).toEqual({
        presence: [
          { user_id: 'a', status: 'online' },
          { user_id: 'b', status: 'offline' },
        ],
      });
    });

    it('message.read_update → read_receipt naming the own messages read up to readAt', () => {
      protocol.decode(frame('connection.success', { userId: 'me' }));
      protocol.decode(
        frame('message.sent', {
          tempId: 't1',
          message: storedMessage('m1', 'me', '2024-01-01T10:00:00Z'),
        }),
      );
      protocol.decode(
        frame('message.new', { message: storedMessage('m2', 'me', '2024-01-01T10:30:00Z') }),
      );
      protocol.decode(
        frame('message.new', { message: storedMessage('x', 'them', '2024-01-01T10:40:00Z') }),
      );
      protocol.decode(
        frame('message.sent', {
          tempId: 't3',
          message: storedMessage('m3', 'me', '2024-01-01T12:00:00Z'),
        }),
      );
      const first = protocol.decode(
        frame('message.read_update', { conversationId: 'conv-001', readBy: 'them', readAt: NOW }),
      );
      expect(first).toMatchObject({
        type: 'read_receipt',
        channel: 'conversation:conv-001',
        payload: {
          conversation_id: 'conv-001',
          message_ids: ['m1', 'm2'],
          user_id: 'them',
          read_at: NOW,
        },
      });
      const rest = protocol.decode(
        frame('message.read_update', { conversationId: 'conv-001', readBy: 'them' }),
      );
      expect(rest.payload).toMatchObject({ message_ids: ['m3'] });
      const none = protocol.decode(
        frame('message.read_update', { conversationId: 'conv-001', readBy: 'them' }),
      );
      expect(none.payload).toMatchObject({ message_ids: [] });
    });

    it('message.read_ack settles an acknowledged read receipt of that conversation', () => {
      protocol.encode(
        stamped('read_receipt', { conversation_id: 'c', message_ids: [] }, { ackId: 'r-1' }),
      );
      const event = protocol.decode(
        frame('message.read_ack', { conversationId: 'c', readAt: NOW }),
      );
      expect(event).toMatchObject({
        type: 'message.read_ack',
        ackId: 'r-1',
        payload: { conversation_id: 'c', read_at: NOW },
      });
      const again = protocol.decode(frame('message.read_ack', { conversationId: 'c' }));
      expect(again.ackId).toBeUndefined();
      expect(protocol.resolveAck(again)).toBeNull();
    });

    it('block.added / block.removed settle block.add / block.remove by username', () => {
      protocol.encode(stamped('block.add', { username: 'spam' }, { ackId: 'b-1' }));
      protocol.encode(stamped('block.remove', { username: 'spam' }, { ackId: 'b-2' }));
      expect(
        protocol.decode(frame('block.added', { username: 'spam', blockedAt: NOW })),
      ).toMatchObject({
        type: 'block.added',
        ackId: 'b-1',
        payload: { username: 'spam', blocked_at: NOW },
      });
      expect(
        protocol.decode(frame('block.removed', { username: 'spam', unblockedAt: NOW })),
      ).toMatchObject({
        type: 'block.removed',
        ackId: 'b-2',
        payload: { username: 'spam', unblocked_at: NOW },
      });
      expect(protocol.decode(frame('block.added', { username: 'spam' })).ackId).toBeUndefined();
    });

    it('pong → heartbeat settling the ping with that timestamp, else the oldest ping', () => {
      protocol.encode(
        stamped('heartbeat', { timestamp: '2024-01-01T00:00:00Z' }, { ackId: 'h-1' }),
      );
      protocol.encode(
        stamped('heartbeat', { timestamp: '2024-01-01T00:00:30Z' }, { ackId: 'h-2' }),
      );
      protocol.encode(
        stamped('heartbeat', { timestamp: '2024-01-01T00:01:00Z' }, { ackId: 'h-3' }),
      );
      const second = protocol.decode(frame('pong', { timestamp: 1704067230 }));
      expect(second).toMatchObject({
        type: 'heartbeat',
        ackId: 'h-2',
        payload: { timestamp: '2024-01-01T00:00:30.000Z' },
      });
      expect(protocol.decode(frame('pong', { timestamp: 1 })).ackId).toBe('h-1');
      expect(protocol.decode(frame('pong', {})).ackId).toBe('h-3');
      expect(protocol.decode(frame('pong', {})).ackId).toBeUndefined();
    });
  });

  describe('errors', () => {
    function send(id: string) {
      protocol.encode(
        stamped('send_message', { conversation_id: 'c', content: 'x' }, { id, ackId: id }),
      );
    }

    it.each([
      ['validation_error', 'validation_error'],
      ['blocked', 'blocked'],
      ['send_failed', 'send_failed'],
      ['conversation_not_found', 'conversation_not_found'],
    ])('%s refuses the oldest unconfirmed send with the typed code', (wireCode, code) => {
      send('a');
      send('b');
      const event = protocol.decode(
        JSON.stringify({ type: 'error', error: { code: wireCode, message: 'no' } }),
      );
      expect(event).toMatchObject({
        type: 'error',
        ackId: 'a',
        payload: { code: wireCode, message: 'no' },
      });
      const resolution = protocol.resolveAck(event);
      expect(resolution).toMatchObject({ ackId: 'a', ok: false });
      const error = (resolution as { error: RealtimeError }).error;
      expect(isRealtimeError(error, code as never)).toBe(true);
      expect(error.serverCode).toBe(wireCode);
      expect(error.messageId).toBe('a');
      expect(
        protocol.decode(frame('message.sent', { tempId: 'b', message: storedMessage() })).ackId,
      ).toBe('b');
    });

    it('a confirmation passes over sends that got no answer; a resend keeps its place', () => {
      send('a');
      send('b');
      send('a');
      send('c');
      protocol.decode(frame('message.sent', { tempId: 'b', message: storedMessage() }));
      const error = protocol.decode(JSON.stringify({ type: 'error', error: { code: 'blocked' } }));
      expect(error.ackId).toBe('c');
      expect(error.payload).toEqual({ code: 'blocked', message: '' });
    });

    it('an error naming a tempId refuses that send (message.error, payload form)', () => {
      send('a');
      send('b');
      const event = protocol.decode(
        frame('message.error', { code: 'send_failed', message: 'db down', tempId: 'b' }),
      );
      expect(event.ackId).toBe('b');
      const nested = protocol.decode(
        frame('message.error', { error: { code: 'blocked' }, tempId: 'a' }),
      );
      expect(nested.ackId).toBe('a');
    });

    it('a send error with no send waiting, and other codes, are plain server errors', () => {
      const lone = protocol.decode(
        JSON.stringify({ type: 'error', error: { code: 'blocked', message: 'x' } }),
      );
      expect(lone.ackId).toBeUndefined();
      expect(protocol.resolveAck(lone)).toBeNull();
      send('a');
      const limited = protocol.decode(
        JSON.stringify({
          type: 'error',
          error: { code: 'rate_limit_exceeded', message: 'Too many messages' },
        }),
      );
      expect(limited.ackId).toBeUndefined();
      const error = protocol.serverError(limited) as RealtimeError;
      expect(error.code).toBe('server_error');
      expect(error.serverCode).toBe('rate_limit_exceeded');
      expect(error.message).toBe('Server error rate_limit_exceeded: Too many messages');
      expect(
        protocol.serverError({ id: 'x', type: 'message', payload: {}, timestamp: NOW }),
      ).toBeNull();
    });

    it('unauthorized is an auth failure', () => {
      const event = protocol.decode(
        JSON.stringify({
          type: 'error',
          error: { code: 'unauthorized', message: 'Authentication required' },
        }),
      );
      const error = protocol.serverError(event) as RealtimeError;
      expect(error.code).toBe('unauthorized');
      expect(protocol.isAuthFailure(error)).toBe(true);
      expect(
        protocol.isAuthFailure(new RealtimeError('blocked', 'x', { serverCode: 'blocked' })),
      ).toBe(false);
    });
  });

  describe('bad input', () => {
    it.each([
      ['not JSON', '{', 'malformed_frame'],
      ['an array', '[]', 'invalid_message'],
      ['no type', '{"payload":{}}', 'invalid_message'],
      ['an empty type', '{"type":"","payload":{}}', 'invalid_message'],
      ['no payload', '{"type":"typing.start"}', 'invalid_message'],
      ['a wrong payload', frame('typing.start', { conversationId: 'c' }), 'invalid_message'],
      ['a bad stored message', frame('message.new', { message: { id: 'x' } }), 'invalid_message'],
      ['no message', frame('message.new', {}), 'invalid_message'],
      [
        'a bad timestamp',
        frame('message.sent', {
          tempId: 't',
          message: { ...storedMessage(), createdAt: 'yesterday' },
        }),
        'invalid_message',
      ],
      ['no users list', frame('status.bulk', { users: 3 }), 'invalid_message'],
      ['an error without object', '{"type":"error","error":"boom"}', 'invalid_message'],
      ['an error without code', '{"type":"error","error":{"message":"boom"}}', 'invalid_message'],
      ['an unknown type', frame('message.deleted', {}), 'unknown_type'],
      ['a prototype key as type', frame('constructor', {}), 'unknown_type'],
    ])('%s is a typed error', (_what, input, code) => {
      expect(failure(() => protocol.decode(input)).code).toBe(code);
    });

    it('names the field at fault without echoing values', () => {
      const error = failure(() =>
        protocol.decode(frame('message.new', { message: { id: 'secret-value' } })),
      );
      expect(error.message).toContain('payload.message.conversationId');
      expect(error.message).not.toContain('secret-value');
    });

    it('enforces the size limit before parsing', () => {
      const small = chatApiProtocol({ maxFrameBytes: 64 });
      const error = failure(() =>
        small.decode(frame('typing.start', { conversationId: 'c'.repeat(80), userId: 'u' })),
      );
      expect(error.code).toBe('frame_too_large');
      expect(error.details).toEqual({ limit: 64 });
    });

    it('drops prototype-polluting keys', () => {
      const event = protocol.decode(
        '{"type":"typing.start","payload":{"conversationId":"c","userId":"u","__proto__":{"polluted":true}}}',
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(event.payload, '__proto__')).toBe(false);
    });
  });

  it('remembers a bounded number of waiting confirmations', () => {
    for (let i = 0; i < 600; i++) {
      protocol.encode(
        stamped('send_message', { conversation_id: 'c' }, { id: `s${i}`, ackId: `s${i}` }),
      );
      protocol.encode(stamped('block.add', { username: `u${i}` }, { ackId: `b${i}` }));
    }
    const error = protocol.decode(JSON.stringify({ type: 'error', error: { code: 'blocked' } }));
    expect(error.ackId).toBe('s88');
    expect(protocol.decode(frame('block.added', { username: 'u0' })).ackId).toBeUndefined();
    expect(protocol.decode(frame('block.added', { username: 'u599' })).ackId).toBe('b599');
  });

  it('remembers a bounded number of own messages per conversation', () => {
    protocol.decode(frame('connection.success', { userId: 'me' }));
    for (let i = 0; i < 520; i++) {
      protocol.decode(
        frame('message.new', { message: { ...storedMessage(`m${i}`, 'me'), conversationId: 'c' } }),
      );
    }
    for (let i = 0; i < 210; i++) {
      protocol.decode(
        frame('message.new', {
          message: { ...storedMessage(`k${i}`, 'me'), conversationId: `c${i}` },
        }),
      );
    }
    const read = (conversationId: string): unknown =>
      protocol.decode(frame('message.read_update', { conversationId, readBy: 'x' })).payload;
    expect(read('c')).toMatchObject({ message_ids: [] });
    expect((read('c209') as { message_ids: string[] }).message_ids).toEqual(['k209']);
  });

  it('a repeated message event keeps its id (deduplication by the engine)', () => {
    const a: RealtimeMessage = protocol.decode(frame('message.new', { message: storedMessage() }));
    const b: RealtimeMessage = protocol.decode(frame('message.new', { message: storedMessage() }));
    expect(a.id).toBe(b.id);
  });
});
