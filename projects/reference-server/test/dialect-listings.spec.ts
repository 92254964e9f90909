import type { ReferenceServer } from '../src/server';
import { closeAll, DialectClient, sleep, type WireFrame } from './dialect-support';
import { request } from './http-support';
import { refusedStatus, startServer } from './support';

/** RFC 3339 with whole seconds, as the Listings text's timestamps. */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
/** Seller 5 and buyer 6 talk in chat 3. */
const SELLER = '5';
const BUYER = '6';
const CHAT = 3;

/**
 * The reference server with `dialect: 'listings'`, spoken to frame by frame as the Listings
 * text (listings-chat-websocket.md) shows: `/ws/chat?token=`, flat frames, numeric ids.
 */
describe('reference server: Listings dialect', () => {
  let server: ReferenceServer;
  const clients: DialectClient[] = [];

  beforeEach(async () => {
    server = await startServer({
      dialect: 'listings',
      control: true,
      readReceiptBatchMs: 20,
      conversations: { [String(CHAT)]: [SELLER, BUYER] },
    });
  });
  afterEach(async () => {
    await closeAll(clients);
    await server.stop();
  });

  const ready = async (user: string) => {
    const client = await DialectClient.connect(
      server,
      '/ws/chat',
      server.issueToken(user),
      clients,
    );
    await client.nextOfType('connected');
    return client;
  };
  /** The seller sends a message the way the Listings backend does: outside the socket. */
  const sellerSends = async (content: string) => {
    const answer = await request(`${server.httpUrl}/api/v1/control/messages`, {
      body: { user_id: SELLER, conversation_id: String(CHAT), content },
    });
    expect(answer.status).toBe(200);
  };
  const messageOf = (frame: WireFrame) => frame['message'] as Record<string, unknown>;

  describe('connection', () => {
    it('greets with connected {user_id, timestamp} with a numeric user id', async () => {
      expect(server.url).toMatch(/\/ws\/chat$/);
      const buyer = await ready(BUYER);
      expect(buyer.frames[0]).toEqual({
        type: 'connected',
        user_id: 6,
        timestamp: expect.stringMatching(RFC3339),
      });
    });

    it('gives a user id that is not a number a stable numeric alias', async () => {
      const first = await ready('alice');
      const second = await ready('alice');
      const id = first.frames[0]['user_id'];
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(second.frames[0]['user_id']).toBe(id);
    });

    it('takes the token from ?token= only: a header or nothing is refused with 401', async () => {
      const token = server.issueToken(BUYER);
      const url = `ws://127.0.0.1:${server.port}/ws/chat`;
      expect((await refusedStatus(url)).status).toBe(401);
      expect(
        (await refusedStatus(url, { headers: { Authorization: `Bearer ${token}` } })).status,
      ).toBe(401);
      expect((await refusedStatus(`${url}?token=nope`)).status).toBe(401);
      expect(
        (await refusedStatus(`ws://127.0.0.1:${server.port}/chat/ws?token=${token}`)).status,
      ).toBe(404);
    });

    it('answers ping with pong {timestamp}', async () => {
      const buyer = await ready(BUYER);
      buyer.send({ type: 'ping' });
      expect(await buyer.nextOfType('pong')).toEqual({
        type: 'pong',
        timestamp: expect.stringMatching(RFC3339),
      });
    });

    it('sends nothing the Listings text lacks: no presence, heartbeats or notifications', async () => {
      await server.stop();
      server = await startServer({ dialect: 'listings', control: true, heartbeatIntervalMs: 20 });
      const buyer = await ready(BUYER);
      await ready(SELLER);
      await request(`${server.httpUrl}/api/v1/control/publish`, {
        body: { type: 'notification', user_id: BUYER, payload: { id: 'n1', type: 'like' } },
      });
      await sleep(80);
      expect(buyer.frames.map((frame) => frame.type)).toEqual(['connected']);
      expect(buyer.closed).toBeNull();
    });
  });

  describe('messages', () => {
    it('the control route also answers the message as the Listings REST API would', async () => {
      const buyer = await ready(BUYER);
      const answer = await request(`${server.httpUrl}/api/v1/control/messages`, {
        body: { user_id: SELLER, conversation_id: String(CHAT), content: 'Is it sold?' },
      });
      const received = messageOf(await buyer.nextOfType('new_message'));
      // The same message id as the socket's echo, so a client can match its send to it.
      expect(answer.body['listings']).toEqual({
        id: received['id'],
        chat_id: CHAT,
        sender_id: 5,
        content: 'Is it sold?',
        created_at: received['created_at'],
      });
    });

    it('new_message {chat_id, message {id, chat_id, sender_id, receiver_id, content, created_at}}', async () => {
      const buyer = await ready(BUYER);
      const seller = await ready(SELLER);
      await sellerSends('Hello!');
      const received = await buyer.nextOfType('new_message');
      expect(received).toEqual({
        type: 'new_message',
        chat_id: CHAT,
        message: {
          id: expect.any(Number),
          chat_id: CHAT,
          sender_id: 5,
          receiver_id: 6,
          content: 'Hello!',
          created_at: expect.stringMatching(ISO),
        },
        timestamp: expect.stringMatching(RFC3339),
      });
      // The seller's own sockets hear it too (sent from elsewhere, as through the REST API).
      expect(messageOf(await seller.nextOfType('new_message'))['id']).toBe(
        messageOf(received)['id'],
      );
      await sellerSends('Still there?');
      const second = await buyer.nth('new_message', 2);
      expect(messageOf(second)['id']).toBe((messageOf(received)['id'] as number) + 1);
    });
  });

  describe('typing', () => {
    it('typing {chat_id, is_typing} reaches the other side as typing {chat_id, user_id, is_typing, timestamp}', async () => {
      const buyer = await ready(BUYER);
      const seller = await ready(SELLER);
      buyer.send({ type: 'typing', chat_id: CHAT, is_typing: true });
      expect(await seller.nextOfType('typing')).toEqual({
        type: 'typing',
        chat_id: CHAT,
        user_id: 6,
        is_typing: true,
        timestamp: expect.stringMatching(RFC3339),
      });
      buyer.send({ type: 'typing', chat_id: CHAT, is_typing: false });
      expect((await seller.nth('typing', 2))['is_typing']).toBe(false);
      expect(buyer.ofType('typing')).toEqual([]);
    });

    it('reaches members of a chat given members after they connected', async () => {
      const buyer = await ready(BUYER);
      const seller = await ready(SELLER);
      await request(`${server.httpUrl}/api/v1/control/conversations`, {
        body: { conversation_id: '77', members: [SELLER, BUYER] },
      });
      seller.send({ type: 'typing', chat_id: 77, is_typing: true });
      expect((await buyer.nextOfType('typing'))['chat_id']).toBe(77);
    });
  });

  describe('read receipts', () => {
    it('mark_read {message_id} → message_read {chat_id, message_id, read_by, timestamp} to the sender', async () => {
      const buyer = await ready(BUYER);
      const seller = await ready(SELLER);
      await sellerSends('Is it still for sale?');
      const messageId = messageOf(await buyer.nextOfType('new_message'))['id'];
      buyer.send({ type: 'mark_read', message_id: messageId });
      expect(await seller.nextOfType('message_read')).toEqual({
        type: 'message_read',
        chat_id: CHAT,
        message_id: messageId,
        read_by: 6,
        timestamp: expect.stringMatching(ISO),
      });
      expect(buyer.ofType('message_read')).toEqual([]);
    });

    it('reads the client adapter form {chat_id, message_id, message_ids}: one message_read each', async () => {
      const buyer = await ready(BUYER);
      const seller = await ready(SELLER);
      await sellerSends('one');
      await sellerSends('two');
      const ids = (await buyer.nth('new_message', 2), buyer.ofType('new_message')).map(
        (frame) => messageOf(frame)['id'] as number,
      );
      buyer.send({
        type: 'mark_read',
        chat_id: CHAT,
        message_id: Math.max(...ids),
        message_ids: ids,
      });
      await seller.nth('message_read', 2);
      expect(seller.ofType('message_read').map((frame) => frame['message_id'])).toEqual(ids);
    });
  });

  describe('bad input', () => {
    it.each([
      ['not JSON', 'nope{'],
      ['a number', '42'],
      ['no type', JSON.stringify({ chat_id: CHAT })],
      ['an unknown type', JSON.stringify({ type: 'logout_everyone' })],
      ['a string chat_id', JSON.stringify({ type: 'typing', chat_id: '3', is_typing: true })],
      ['a negative chat_id', JSON.stringify({ type: 'typing', chat_id: -3, is_typing: true })],
      ['no is_typing', JSON.stringify({ type: 'typing', chat_id: CHAT })],
      ['mark_read without message_id', JSON.stringify({ type: 'mark_read' })],
      ['mark_read of an unknown message', JSON.stringify({ type: 'mark_read', message_id: 999 })],
      [
        'mark_read with bad message_ids',
        JSON.stringify({ type: 'mark_read', message_id: 1, message_ids: ['x'] }),
      ],
      ['a prototype key', '{"type":"typing","__proto__":{"chat_id":3},"is_typing":true}'],
    ])('answers %s with an error frame and keeps the socket open', async (_what, text) => {
      const buyer = await ready(BUYER);
      buyer.send(text);
      expect(await buyer.nextOfType('error')).toEqual({
        type: 'error',
        error: expect.any(String),
        code: 'validation_error',
        timestamp: expect.stringMatching(RFC3339),
      });
      buyer.send({ type: 'ping' });
      await buyer.nextOfType('pong');
      expect(buyer.closed).toBeNull();
    });

    it('answers typing in a chat the user is not in with conversation_not_found', async () => {
      const stranger = await ready('9');
      stranger.send({ type: 'typing', chat_id: CHAT, is_typing: true });
      expect((await stranger.nextOfType('error'))['code']).toBe('conversation_not_found');
    });

    it('the control API refuses a message from a non-member with 400', async () => {
      const answer = await request(`${server.httpUrl}/api/v1/control/messages`, {
        body: { user_id: '9', conversation_id: String(CHAT), content: 'hi' },
      });
      expect(answer.status).toBe(400);
      expect(String(answer.body['error'])).toMatch(/FORBIDDEN/);
      const empty = await request(`${server.httpUrl}/api/v1/control/messages`, {
        body: { user_id: SELLER, conversation_id: String(CHAT), content: '' },
      });
      expect(empty.status).toBe(400);
    });
  });
});
