/*
 * Conformance of the Listings dialect adapter: a mock-socket server that follows
 * /work/shared/spec/listings-chat-websocket.md frame by frame (flat frames, numeric ids,
 * `connected`, `ping` / `pong`, `typing`, `mark_read`, `new_message`, `message_read`), the
 * engine on top of it, then MessagesRealtime and PresenceRealtime unchanged on top of that.
 * Fake timers drive the engine, the services and mock-socket's delivery delays.
 */
import { ErrorHandler } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { WebSocket as MockWebSocket } from 'mock-socket';
import {
  listingsProtocol,
  MessagesRealtime,
  PresenceRealtime,
  provideRealtime,
  RealtimeBackend,
  RealtimeClient,
  RealtimeError,
  webSocketFactory,
  WebSocketService,
  withMessages,
  withPolling,
  withPresence,
  withProtocol,
  type ChatMessage,
  type HttpResponseLike,
  type RealtimeClientOptions,
  type RealtimeMessage,
  type WebSocketConstructor,
  type WebSocketLike,
} from 'ngx-realtime';
import { LISTINGS_TS, LISTINGS_WS_URL, ListingsMockServer } from './support/listings-mock-server';
import { longPolling } from '../core/src/lib/transport/long-polling';

/** Lets mock-socket deliver what is in flight (it delays every hop by 4 ms). */
const tick = (ms = 20) => jest.advanceTimersByTimeAsync(ms);

const mockSockets = webSocketFactory(MockWebSocket as unknown as WebSocketConstructor);

function createListingsClient(options: Partial<RealtimeClientOptions> = {}): RealtimeClient {
  return new RealtimeClient({
    url: LISTINGS_WS_URL,
    token: () => 'jwt-1',
    protocol: listingsProtocol({ maxFrameBytes: 8_192 }),
    webSocket: mockSockets,
    fetch: () => Promise.reject(new Error('the Listings dialect has no HTTP endpoints')),
    lifecycle: null,
    heartbeat: false,
    ...options,
  });
}

describe('integration: the Listings dialect under RealtimeClient', () => {
  let server: ListingsMockServer;
  let client: RealtimeClient;
  let events: RealtimeMessage[];
  let errors: RealtimeError[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date(LISTINGS_TS) });
    server = new ListingsMockServer();
    events = [];
    errors = [];
  });

  afterEach(() => {
    client.destroy();
    server.stop();
    jest.useRealTimers();
  });

  async function connect(options: Partial<RealtimeClientOptions> = {}): Promise<void> {
    client = createListingsClient(options);
    client.errors$.subscribe((error) => errors.push(error));
    for (const type of ['connect', 'message', 'read_receipt', 'typing_start', 'typing_stop'])
      client.events(type).subscribe((event) => events.push(event));
    client.connect();
    await tick();
  }

  it('connects with ?token=, reads `connected` as the greeting and sends nothing itself', async () => {
    await connect();
    expect(client.status).toBe('connected');
    expect(server.last.url.pathname).toBe('/ws/chat');
    expect(server.last.url.searchParams.get('token')).toBe('jwt-1');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'connect',
        payload: { user_id: '6', timestamp: LISTINGS_TS },
      }),
    ]);
    expect(server.last.received).toEqual([]);
  });

  it('pings on the heartbeat interval and stays up on `pong`', async () => {
    await connect({ heartbeat: { intervalMs: 1_000 } });
    await tick(5_000);
    expect(client.status).toBe('connected');
    expect(server.connections).toHaveLength(1);
    expect(server.last.framesOf('ping').length).toBeGreaterThanOrEqual(4);
    expect(server.last.framesOf('ping')[0]).toEqual({ type: 'ping' });
  });

  it('declares the link dead when pongs stop, and reconnects', async () => {
    await connect({ heartbeat: { intervalMs: 1_000 } });
    server.answerPings = false;
    await tick(4_000);
    expect(server.connections.length).toBeGreaterThanOrEqual(2);
    expect(server.connections[0].closed).toBe(true);
  });

  it('maps every server event, numeric ids to strings and chat_id to conversation_id', async () => {
    await connect();
    server.last.newMessage(789, 3, 5, 'Hello!');
    server.last.typing(3, 5, true);
    server.last.typing(3, 5, false);
    server.last.messageRead(3, 456, 6);
    await tick();
    expect(
      events.slice(1).map(({ type, channel, payload }) => ({ type, channel, payload })),
    ).toEqual([
      {
        type: 'message',
        channel: 'conversation:3',
        payload: {
          id: '789',
          conversation_id: '3',
          sender_id: '5',
          receiver_id: '6',
          content: 'Hello!',
          created_at: LISTINGS_TS,
        },
      },
      {
        type: 'typing_start',
        channel: 'conversation:3',
        payload: { conversation_id: '3', user_id: '5', is_typing: true },
      },
      {
        type: 'typing_stop',
        channel: 'conversation:3',
        payload: { conversation_id: '3', user_id: '5', is_typing: false },
      },
      {
        type: 'read_receipt',
        channel: 'conversation:3',
        payload: { conversation_id: '3', message_ids: ['456'], user_id: '6', read_at: LISTINGS_TS },
      },
    ]);
  });

  it('drops a repeated new_message or message_read, but never a repeated typing frame', async () => {
    await connect();
    for (let i = 0; i < 2; i++) {
      server.last.newMessage(789, 3, 5, 'Hello!');
      server.last.messageRead(3, 789, 6);
      server.last.typing(3, 5, true);
    }
    await tick();
    expect(events.slice(1).map((event) => event.type)).toEqual([
      'message',
      'read_receipt',
      'typing_start',
      'typing_start',
    ]);
  });

  it('gives channel streams their chat without any subscribe frame', async () => {
    await connect();
    const chat3: RealtimeMessage[] = [];
    const subscription = client.channel('conversation:3').subscribe((event) => chat3.push(event));
    server.last.newMessage(1, 3, 5, 'in 3');
    server.last.newMessage(2, 4, 5, 'in 4');
    server.last.typing(3, 5, true);
    await tick();
    subscription.unsubscribe();
    await tick();
    expect(chat3.map((event) => event.type)).toEqual(['message', 'typing_start']);
    expect(server.last.received).toEqual([]);
  });

  it('writes typing and read receipts as Listings frames', async () => {
    await connect();
    client.send({ type: 'typing_start', payload: { conversation_id: '3' } });
    client.send({ type: 'typing_stop', payload: { conversation_id: '3' } });
    client.send({
      type: 'read_receipt',
      payload: { conversation_id: '3', message_ids: ['455', '456'] },
    });
    await tick();
    expect(server.last.received).toEqual([
      { type: 'typing', chat_id: 3, is_typing: true },
      { type: 'typing', chat_id: 3, is_typing: false },
      { type: 'mark_read', chat_id: 3, message_id: 456, message_ids: [455, 456] },
    ]);
  });

  it('fails sendWithAck at once with not_supported: nothing hangs, nothing is written', async () => {
    await connect();
    const outcome = jest.fn();
    client
      .sendWithAck({ type: 'send_message', payload: { conversation_id: '3', content: 'hi' } })
      .subscribe({ next: outcome, error: outcome });
    expect(outcome).toHaveBeenCalledWith(expect.objectContaining({ code: 'not_supported' }));
    expect(client.stats.pendingAcks).toBe(0);
    await tick();
    expect(server.last.received).toEqual([]);
  });

  it('refuses a plain send the dialect cannot express, synchronously and before queueing', async () => {
    await connect();
    expect(() =>
      client.send({ type: 'send_message', payload: { conversation_id: '3', content: 'hi' } }),
    ).toThrow(expect.objectContaining({ code: 'not_supported' }));
    expect(() =>
      client.send({ type: 'typing_start', payload: { conversation_id: 'abc' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_message' }));
    await tick();
    expect(client.stats.outboxDepth).toBe(0);
    expect(server.last.received).toEqual([]);
  });

  it('refuses polling and missed-messages at once: the dialect has no HTTP endpoints', async () => {
    expect(() => createListingsClient({ polling: longPolling({ mode: 'fallback' }) })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
    await connect();
    await expect(client.getMissedMessages(0)).rejects.toMatchObject({ code: 'not_supported' });
  });

  it('reports malformed, unknown, invalid and oversized frames as typed errors and stays up', async () => {
    await connect();
    server.last.send('{"type":"new_message",');
    server.last.send({ type: 'self_destruct', in: 3 });
    server.last.send({ type: 'typing', chat_id: '3', user_id: 5, is_typing: true });
    server.last.send({ type: 'new_message', chat_id: 3, message: { id: 1 } });
    server.last.newMessage(9, 3, 5, 'x'.repeat(10_000));
    server.last.send('{"__proto__":{"type":"connected","user_id":1}}');
    server.last.send('[]');
    server.last.newMessage(10, 3, 5, 'still here');
    await tick();
    expect(errors.map((error) => error.code)).toEqual([
      'malformed_frame',
      'unknown_type',
      'invalid_message',
      'invalid_message',
      'frame_too_large',
      'invalid_message',
      'invalid_message',
    ]);
    expect(client.stats.decodeErrors).toBe(7);
    expect(client.status).toBe('connected');
    expect(events.at(-1)?.payload).toMatchObject({ id: '10', content: 'still here' });
    expect(({} as Record<string, unknown>)['type']).toBeUndefined();
  });

  it('types error frames and keeps the connection', async () => {
    await connect();
    server.last.send({ type: 'error', code: 'chat_not_found', message: 'no chat 99' });
    server.last.send({ type: 'error', error: 'invalid message format' });
    await tick();
    expect(errors).toEqual([
      expect.objectContaining({ code: 'conversation_not_found', serverCode: 'chat_not_found' }),
      expect.objectContaining({ code: 'server_error', serverCode: 'ERROR' }),
    ]);
    expect(client.status).toBe('connected');
  });

  it('treats an auth error frame as refused credentials: reconnects with a fresh token', async () => {
    let issued = 0;
    await connect({ token: () => `jwt-${++issued}` });
    server.last.send({ type: 'error', code: 'unauthorized', message: 'token expired' });
    await tick(100);
    expect(
      server.connections.map((connection) => connection.url.searchParams.get('token')),
    ).toEqual(['jwt-1', 'jwt-2']);
    expect(server.connections[0].closed).toBe(true);
    expect(client.status).toBe('connected');
    expect(errors).toEqual([]);
  });
});

/** The backend of the Angular layer, wired to mock-socket; the dialect has no HTTP. */
class MockSocketBackend extends RealtimeBackend {
  openSocket(url: string, protocols?: string[]): WebSocketLike {
    return mockSockets(url, protocols);
  }

  fetch(): Promise<HttpResponseLike> {
    return Promise.reject(new Error('the Listings dialect has no HTTP endpoints'));
  }

  lifecycle(): null {
    return null;
  }
}

describe('integration: MessagesRealtime and PresenceRealtime on the Listings dialect', () => {
  let server: ListingsMockServer;
  let handled: unknown[];
  let chat: MessagesRealtime;

  beforeEach(async () => {
    jest.useFakeTimers({ now: new Date(LISTINGS_TS) });
    server = new ListingsMockServer();
    handled = [];
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          {
            url: LISTINGS_WS_URL,
            token: () => 'jwt-1',
            heartbeat: false,
            reportToErrorHandler: false,
          },
          withProtocol(listingsProtocol()),
          withMessages({ receiptBatchMs: 50 }),
          withPresence(),
        ),
        { provide: RealtimeBackend, useClass: MockSocketBackend },
        {
          provide: ErrorHandler,
          useValue: { handleError: (error: unknown) => handled.push(error) },
        },
      ],
    });
    const realtime = TestBed.inject(WebSocketService);
    chat = TestBed.inject(MessagesRealtime);
    realtime.connect();
    await tick();
    expect(realtime.userId()).toBe('6');
    chat.openConversation('3');
    await tick();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    jest.useRealTimers();
  });

  it('opens a chat without a frame and lists its messages, others unread, own ones sent', async () => {
    server.last.newMessage(789, 3, 5, 'Hello!');
    server.last.newMessage(790, 3, 6, 'Hi, sent from my phone');
    await tick();
    expect(chat.messages('3')()).toEqual([
      expect.objectContaining({ id: '789', senderId: '5', mine: false, status: 'delivered' }),
      expect.objectContaining({ id: '790', senderId: '6', mine: true, status: 'sent' }),
    ]);
    expect(chat.unreadCount('3')()).toBe(1);
    expect(server.last.received).toEqual([]);
  });

  it('sends one mark_read for what the user read and drops the unread count', async () => {
    server.last.newMessage(789, 3, 5, 'one');
    server.last.newMessage(791, 3, 5, 'two');
    await tick();
    chat.markAllRead('3');
    expect(chat.unreadCount('3')()).toBe(0);
    await tick(100);
    expect(server.last.received).toEqual([
      { type: 'mark_read', chat_id: 3, message_id: 791, message_ids: [789, 791] },
    ]);
  });

  it('moves the user’s own message to read on message_read by the other participant', async () => {
    server.last.newMessage(790, 3, 6, 'mine');
    await tick();
    server.last.messageRead(3, 790, 5);
    await tick();
    expect(chat.messages('3')()[0]).toMatchObject({ id: '790', status: 'read' });
  });

  it('takes message_read by the user’s other device as read here too', async () => {
    server.last.newMessage(789, 3, 5, 'theirs');
    await tick();
    expect(chat.unreadCount('3')()).toBe(1);
    server.last.messageRead(3, 789, 6);
    await tick();
    expect(chat.unreadCount('3')()).toBe(0);
  });

  it('sends the user’s typing as typing frames and shows the other participant’s', async () => {
    const typing = chat.typing('3');
    typing.input();
    await tick();
    typing.stop();
    await tick();
    expect(server.last.received).toEqual([
      { type: 'typing', chat_id: 3, is_typing: true },
      { type: 'typing', chat_id: 3, is_typing: false },
    ]);

    server.last.typing(3, 5, true);
    await tick();
    expect(chat.typingUsers('3')()).toEqual([{ userId: '5' }]);
    server.last.typing(3, 5, false);
    await tick();
    expect(chat.typingUsers('3')()).toEqual([]);
  });

  it('fails sendMessage at once with not_supported (Listings sends over REST), writing nothing', async () => {
    const sent = chat.sendMessage('3', 'hello');
    expect(sent?.status).toBe('sending');
    expect(chat.messages('3')()).toEqual([
      expect.objectContaining({
        key: sent?.key,
        status: 'failed',
        error: expect.any(RealtimeError),
      }),
    ]);
    expect(chat.messages('3')()[0].error?.code).toBe('not_supported');
    await tick();
    expect(server.last.received).toEqual([]);

    // The app sent it through the REST API instead: the server's echo lists it as sent.
    server.last.newMessage(800, 3, 6, 'hello');
    await tick();
    const failed = chat
      .messages('3')()
      .find((message) => message.key === sent?.key);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(chat.discard(failed as ChatMessage)).toBe(true);
    expect(chat.messages('3')()).toEqual([
      expect.objectContaining({ id: '800', mine: true, status: 'sent' }),
    ]);
  });

  it('reports setReadReceipts, which the dialect cannot tell the server, without throwing', async () => {
    chat.setReadReceipts(false);
    expect(chat.readReceiptsEnabled()).toBe(false);
    expect(handled).toEqual([expect.objectContaining({ code: 'not_supported' })]);
    await tick();
    expect(server.last.received).toEqual([]);
  });

  it('refuses withPolling() with the Listings protocol: it has no polling endpoints', () => {
    expect(() =>
      provideRealtime({ url: LISTINGS_WS_URL }, withProtocol(listingsProtocol()), withPolling()),
    ).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });

  it('leaves presence unknown: the dialect has none, and nothing hangs or goes out', async () => {
    const presence = TestBed.inject(PresenceRealtime);
    const peer = presence.presence('5');
    await tick(60_000);
    expect(peer()).toMatchObject({ userId: '5', status: 'unknown' });
    presence.setStatus('busy');
    await tick();
    expect(server.last.received).toEqual([]);
    expect(TestBed.inject(WebSocketService).status()).toBe('connected');
  });
});
