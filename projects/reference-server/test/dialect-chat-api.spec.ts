import type { ReferenceServer } from '../src/server';
import { closeAll, DialectClient, sleep, type WireFrame } from './dialect-support';
import { request } from './http-support';
import { refusedStatus, startServer, waitFor } from './support';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const CONVERSATION = 'conv-001';

/**
 * The reference server with `dialect: 'chat-api'`, spoken to frame by frame as the Chat API
 * text (chat-api-websocket-status.md) shows: `/chat/ws`, `{type, payload}` frames, dotted
 * event names, camelCase payloads.
 */
describe('reference server: Chat API dialect', () => {
  let server: ReferenceServer;
  const clients: DialectClient[] = [];

  beforeEach(async () => {
    server = await startServer({
      dialect: 'chat-api',
      control: true,
      readReceiptBatchMs: 20,
      presenceOfflineDelayMs: 20,
      conversations: { [CONVERSATION]: ['alice', 'bob'] },
    });
  });
  afterEach(async () => {
    await closeAll(clients);
    await server.stop();
  });

  const connect = (user: string) =>
    DialectClient.connect(server, '/chat/ws', server.issueToken(user), clients);
  /** Connects and waits for the greeting, so later frames are the test's. */
  const ready = async (user: string) => {
    const client = await connect(user);
    await client.nextOfType('status.bulk');
    return client;
  };
  const errorOf = (frame: WireFrame) => frame['error'] as { code: string; message: string };

  describe('connection', () => {
    it('greets with connection.success, then status.bulk; server.url names /chat/ws', async () => {
      expect(server.url).toMatch(/\/chat\/ws$/);
      const alice = await connect('alice');
      const success = await alice.nextOfType('connection.success');
      expect(success).toEqual({
        type: 'connection.success',
        payload: { userId: 'alice', connectedAt: expect.stringMatching(ISO) },
      });
      expect(alice.frames[1]).toEqual({ type: 'status.bulk', payload: { users: [] } });
      const bob = await ready('bob');
      expect(bob.ofType('status.bulk')[0]['payload']).toEqual({
        users: [{ userId: 'alice', isOnline: true, lastSeen: expect.stringMatching(ISO) }],
      });
      // No SocialHub frame leaks: no connect, no envelope, no seq.
      expect(alice.frames.every((frame) => !('seq' in frame) && !('id' in frame))).toBe(true);
    });

    it('takes the token from Authorization: Bearer, and also serves /ws', async () => {
      const token = server.issueToken('alice');
      const viaHeader = await DialectClient.connect(server, '/chat/ws', null, clients, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect((await viaHeader.nextOfType('connection.success'))['payload']).toMatchObject({
        userId: 'alice',
      });
      const viaWs = await DialectClient.connect(server, '/ws', token, clients);
      await viaWs.nextOfType('connection.success');
    });

    it('answers a missing or bad token with the unauthorized error frame and closes 4401', async () => {
      for (const token of [null, 'not-a-jwt']) {
        const client = await DialectClient.connect(server, '/chat/ws', token, clients);
        const refused = await client.nextOfType('error');
        expect(refused).toEqual({
          type: 'error',
          error: { code: 'unauthorized', message: 'Authentication required' },
        });
        await waitFor(() => client.closed !== null, 2000, 'the close');
        expect(client.closed?.code).toBe(4401);
      }
    });

    it('refuses other paths with 404', async () => {
      const refused = await refusedStatus(
        `ws://127.0.0.1:${server.port}/ws/chat?token=${server.issueToken('alice')}`,
      );
      expect(refused.status).toBe(404);
    });

    it('answers ping with pong carrying the timestamp (the server time without one)', async () => {
      const alice = await ready('alice');
      alice.send({ type: 'ping', payload: { timestamp: 1704067200 } });
      expect(await alice.nextOfType('pong')).toEqual({
        type: 'pong',
        payload: { timestamp: 1704067200 },
      });
      alice.send({ type: 'ping' });
      const second = await alice.nth('pong', 2);
      expect(
        Math.abs((second['payload'] as { timestamp: number }).timestamp - Date.now() / 1000),
      ).toBeLessThan(5);
    });

    it('sends no heartbeat frames (WebSocket pings only) and drops events it has no frame for', async () => {
      await server.stop();
      server = await startServer({ dialect: 'chat-api', control: true, heartbeatIntervalMs: 20 });
      const alice = await ready('alice');
      const published = await request(`${server.httpUrl}/api/v1/control/publish`, {
        body: { type: 'notification', user_id: 'alice', payload: { id: 'n1', type: 'like' } },
      });
      expect(published.status).toBe(200);
      await sleep(80);
      expect(alice.frames.map((frame) => frame.type)).toEqual([
        'connection.success',
        'status.bulk',
      ]);
      expect(alice.closed).toBeNull();
    });
  });

  describe('messages', () => {
    it('message.send → message.sent {tempId, message} to the sender, message.new to the receiver', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      alice.send({
        type: 'message.send',
        payload: {
          conversationId: CONVERSATION,
          type: 'text',
          content: 'Hello there!',
          tempId: 'temp-123',
        },
      });
      const sent = await alice.nextOfType('message.sent');
      expect(sent).toEqual({
        type: 'message.sent',
        payload: {
          tempId: 'temp-123',
          message: {
            id: expect.any(String),
            conversationId: CONVERSATION,
            senderId: 'alice',
            type: 'text',
            content: 'Hello there!',
            isRead: false,
            createdAt: expect.stringMatching(ISO),
          },
        },
      });
      const id = (sent['payload'] as { message: { id: string } }).message.id;
      expect(await bob.nextOfType('message.new')).toEqual({
        type: 'message.new',
        payload: {
          message: {
            id,
            conversationId: CONVERSATION,
            senderId: 'alice',
            sender: { id: 'alice', username: 'alice', displayName: 'alice' },
            type: 'text',
            content: 'Hello there!',
            isRead: false,
            createdAt: expect.stringMatching(ISO),
          },
        },
      });
      expect(alice.ofType('message.new')).toEqual([]);
      expect(bob.ofType('message.sent')).toEqual([]);
    });

    it('answers a resend with the same tempId again, without storing it twice', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      const frame = {
        type: 'message.send',
        payload: { conversationId: CONVERSATION, content: 'once', tempId: 'temp-9' },
      };
      alice.send(frame);
      const first = await alice.nth('message.sent', 1);
      alice.send(frame);
      const second = await alice.nth('message.sent', 2);
      expect(second).toEqual(first);
      await bob.nextOfType('message.new');
      await sleep(50);
      expect(bob.ofType('message.new')).toHaveLength(1);
    });

    it('reaches an open conversation once the receiver took part in it', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      bob.send({ type: 'typing.start', payload: { conversationId: 'open-1' } });
      await sleep(30);
      alice.send({
        type: 'message.send',
        payload: { conversationId: 'open-1', content: 'hi', tempId: 't1' },
      });
      const received = await bob.nextOfType('message.new');
      expect(received['payload']).toMatchObject({ message: { conversationId: 'open-1' } });
    });

    it('a message sent through the control API reaches both sides as message.new', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      const answer = await request(`${server.httpUrl}/api/v1/control/messages`, {
        body: { user_id: 'bob', conversation_id: CONVERSATION, content: 'from the backend' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body['message']).toMatchObject({
        sender_id: 'bob',
        content: 'from the backend',
      });
      expect((await alice.nextOfType('message.new'))['payload']).toMatchObject({
        message: { senderId: 'bob', content: 'from the backend' },
      });
      await bob.nextOfType('message.new');
    });
  });

  describe('typing', () => {
    it('typing.start / typing.stop reach the other participant as {conversationId, userId}', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      alice.send({ type: 'typing.start', payload: { conversationId: CONVERSATION } });
      expect(await bob.nextOfType('typing.start')).toEqual({
        type: 'typing.start',
        payload: { conversationId: CONVERSATION, userId: 'alice' },
      });
      alice.send({ type: 'typing.stop', payload: { conversationId: CONVERSATION } });
      expect(await bob.nextOfType('typing.stop')).toEqual({
        type: 'typing.stop',
        payload: { conversationId: CONVERSATION, userId: 'alice' },
      });
      expect(alice.ofType('typing.start')).toEqual([]);
    });
  });

  describe('read receipts', () => {
    it('message.read → message.read_ack to the reader, message.read_update to the sender', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      alice.send({
        type: 'message.send',
        payload: { conversationId: CONVERSATION, content: 'read me', tempId: 't-r' },
      });
      await bob.nextOfType('message.new');
      bob.send({ type: 'message.read', payload: { conversationId: CONVERSATION } });
      expect(await bob.nextOfType('message.read_ack')).toEqual({
        type: 'message.read_ack',
        payload: { conversationId: CONVERSATION, readAt: expect.stringMatching(ISO) },
      });
      expect(await alice.nextOfType('message.read_update')).toEqual({
        type: 'message.read_update',
        payload: {
          conversationId: CONVERSATION,
          readBy: 'bob',
          readAt: expect.stringMatching(ISO),
        },
      });
      // Nothing left unread: the reader is answered, the sender told nothing new.
      bob.send({ type: 'message.read', payload: { conversationId: CONVERSATION } });
      await bob.nth('message.read_ack', 2);
      await sleep(60);
      expect(alice.ofType('message.read_update')).toHaveLength(1);
    });
  });

  describe('presence', () => {
    it('user.online when someone connects, user.offline when they leave; never one’s own', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      expect(await alice.nextOfType('user.online')).toEqual({
        type: 'user.online',
        payload: { userId: 'bob', isOnline: true, lastSeen: expect.stringMatching(ISO) },
      });
      await bob.close();
      expect(await alice.nextOfType('user.offline')).toEqual({
        type: 'user.offline',
        payload: { userId: 'bob', isOnline: false, lastSeen: expect.stringMatching(ISO) },
      });
      expect(alice.ofType('user.online').every((frame) => frame['payload'] !== undefined)).toBe(
        true,
      );
      expect(
        alice.frames.some(
          (frame) =>
            (frame['payload'] as { userId?: string } | undefined)?.userId === 'alice' &&
            frame.type.startsWith('user.'),
        ),
      ).toBe(false);
    });
  });

  describe('blocking', () => {
    it('block.add → block.added; messages between them are refused with blocked until block.remove', async () => {
      const alice = await ready('alice');
      const bob = await ready('bob');
      bob.send({ type: 'block.add', payload: { username: 'alice' } });
      expect(await bob.nextOfType('block.added')).toEqual({
        type: 'block.added',
        payload: { username: 'alice', blockedAt: expect.stringMatching(ISO) },
      });
      const send = (tempId: string) =>
        alice.send({
          type: 'message.send',
          payload: { conversationId: CONVERSATION, content: 'hey', tempId },
        });
      send('b1');
      expect(await alice.nextOfType('error')).toEqual({
        type: 'error',
        error: { code: 'blocked', message: 'You cannot send messages to this user' },
      });
      bob.send({ type: 'message.send', payload: { conversationId: CONVERSATION, content: 'x' } });
      expect(errorOf(await bob.nextOfType('error')).code).toBe('blocked');
      bob.send({ type: 'block.remove', payload: { username: 'alice' } });
      expect(await bob.nextOfType('block.removed')).toEqual({
        type: 'block.removed',
        payload: { username: 'alice', unblockedAt: expect.stringMatching(ISO) },
      });
      send('b2');
      expect((await alice.nextOfType('message.sent'))['payload']).toMatchObject({ tempId: 'b2' });
      await bob.nextOfType('message.new');
    });

    it('refuses to block oneself', async () => {
      const alice = await ready('alice');
      alice.send({ type: 'block.add', payload: { username: 'alice' } });
      expect(errorOf(await alice.nextOfType('error')).code).toBe('validation_error');
    });
  });

  describe('bad input', () => {
    it.each([
      ['not JSON', '{oops'],
      ['an array', '[1,2]'],
      ['no type', JSON.stringify({ payload: {} })],
      ['an unknown type', JSON.stringify({ type: 'message.explode', payload: {} })],
      ['no payload', JSON.stringify({ type: 'message.send' })],
      ['no conversationId', JSON.stringify({ type: 'message.send', payload: { content: 'x' } })],
      [
        'empty content',
        JSON.stringify({ type: 'message.send', payload: { conversationId: 'c', content: ' ' } }),
      ],
      [
        'media',
        JSON.stringify({
          type: 'message.send',
          payload: { conversationId: 'c', type: 'image', media: [] },
        }),
      ],
      [
        'a non-string tempId',
        JSON.stringify({
          type: 'message.send',
          payload: { conversationId: 'c', content: 'x', tempId: 5 },
        }),
      ],
      ['typing without conversationId', JSON.stringify({ type: 'typing.start', payload: {} })],
      ['block.add without username', JSON.stringify({ type: 'block.add', payload: {} })],
      [
        'a __proto__ payload',
        '{"type":"message.read","payload":{"__proto__":{"conversationId":"c"}}}',
      ],
    ])('answers %s with validation_error and keeps the socket open', async (_what, text) => {
      const alice = await ready('alice');
      alice.send(text);
      const error = await alice.nextOfType('error');
      expect(Object.keys(error).sort()).toEqual(['error', 'type']);
      expect(errorOf(error)).toEqual({ code: 'validation_error', message: expect.any(String) });
      alice.send({ type: 'ping', payload: { timestamp: 1 } });
      await alice.nextOfType('pong');
      expect(alice.closed).toBeNull();
    });

    it('answers a conversation the user is not in with conversation_not_found', async () => {
      const carol = await ready('carol');
      carol.send({
        type: 'message.send',
        payload: { conversationId: CONVERSATION, content: 'let me in', tempId: 'c1' },
      });
      expect(errorOf(await carol.nextOfType('error')).code).toBe('conversation_not_found');
      carol.send({ type: 'message.read', payload: { conversationId: CONVERSATION } });
      expect(errorOf(await carol.nth('error', 2)).code).toBe('conversation_not_found');
    });

    it('answers a flood with rate_limit_exceeded', async () => {
      await server.stop();
      server = await startServer({ dialect: 'chat-api', maxMessagesPerSecond: 2 });
      const alice = await ready('alice');
      for (let i = 0; i < 4; i++) alice.send({ type: 'ping' });
      expect(errorOf(await alice.nextOfType('error')).code).toBe('rate_limit_exceeded');
    });
  });
});
