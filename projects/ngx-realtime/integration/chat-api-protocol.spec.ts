/*
 * Conformance of the Chat API dialect adapter: a mock-socket server that follows
 * /work/shared/spec/chat-api-websocket-status.md frame by frame (`connection.success`,
 * `message.send` / `message.sent` with `tempId`, `message.new`, `error {code, message}`,
 * `message.read` / `message.read_ack` / `message.read_update`, `user.online` /
 * `user.offline`, `status.bulk`, `typing.start` / `typing.stop`, `ping` / `pong`,
 * `block.add` / `block.remove`), with WebSocketService, MessagesRealtime and
 * PresenceRealtime unchanged on top, set up with `withProtocol(chatApiProtocol())`.
 * Fake timers drive the engine, the services and mock-socket's delivery delays.
 */
import { ErrorHandler } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { WebSocket as MockWebSocket } from 'mock-socket';
import {
  chatApiProtocol,
  createSocialHubProtocol,
  isRealtimeError,
  MessagesRealtime,
  PresenceRealtime,
  provideRealtime,
  RealtimeBackend,
  RealtimeError,
  webSocketFactory,
  WebSocketService,
  withMessages,
  withPolling,
  withPresence,
  withProtocol,
  type ChatMessage,
  type RealtimeConfig,
  type RealtimeMessage,
  type WebSocketConstructor,
} from 'ngx-realtime';
import { firstValueFrom } from 'rxjs';
import {
  CHAT_API_TS,
  CHAT_API_WS_URL,
  ChatApiMockServer,
  wireMessage,
} from './support/chat-api-mock-server';

/** Lets mock-socket deliver what is in flight (it delays every hop by 4 ms). */
const tick = (ms = 20) => jest.advanceTimersByTimeAsync(ms);

const mockSockets = webSocketFactory(MockWebSocket as unknown as WebSocketConstructor);

const backend: RealtimeBackend = {
  openSocket: (url, protocols) => mockSockets(url, protocols),
  fetch: () => Promise.reject(new Error('the Chat API has no HTTP endpoints')),
  lifecycle: () => null,
};

const statuses = (messages: readonly ChatMessage[]) =>
  messages.map((message) => `${message.id}:${message.status}`);

describe('integration: the Chat API dialect under WebSocketService and the domain services', () => {
  let server: ChatApiMockServer;
  let reported: RealtimeError[];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date(CHAT_API_TS) });
    server = new ChatApiMockServer();
    reported = [];
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    jest.useRealTimers();
  });

  function setup(config: Partial<RealtimeConfig> = {}) {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          {
            url: CHAT_API_WS_URL,
            token: () => 'jwt-1',
            heartbeat: false,
            reportToErrorHandler: false,
            ...config,
          },
          withProtocol(chatApiProtocol({ maxFrameBytes: 8_192 })),
          withMessages({ receiptBatchMs: 100 }),
          withPresence(),
        ),
        { provide: RealtimeBackend, useValue: backend },
        { provide: ErrorHandler, useValue: { handleError: () => undefined } },
      ],
    });
    const realtime = TestBed.inject(WebSocketService);
    realtime.errors.subscribe((error) => reported.push(error));
    return {
      realtime,
      chat: TestBed.inject(MessagesRealtime),
      presence: TestBed.inject(PresenceRealtime),
    };
  }

  async function connected(config: Partial<RealtimeConfig> = {}) {
    const services = setup(config);
    services.realtime.connect();
    await tick();
    expect(services.realtime.status()).toBe('connected');
    return services;
  }

  it('connects with ?token= to /chat/ws and takes the user id from connection.success', async () => {
    const { realtime } = await connected();
    expect(server.last.url.pathname).toBe('/chat/ws');
    expect(server.last.url.searchParams.get('token')).toBe('jwt-1');
    expect(realtime.userId()).toBe('me');
  });

  it('joins conversations without a frame (the dialect has no channels)', async () => {
    const { chat, presence } = await connected();
    chat.openConversation('conv-001');
    presence.presence('friend');
    await tick();
    expect(server.last.received).toEqual([]);
    expect(reported).toEqual([]);
  });

  it('send_message → message.send with tempId; message.sent settles it with the stored message', async () => {
    const { chat } = await connected();
    chat.openConversation('conv-001');
    const sent = chat.sendMessage('conv-001', 'Hello there!');
    expect(sent?.status).toBe('sending');
    await tick();
    expect(server.last.framesOf('message.send')).toEqual([
      {
        type: 'message.send',
        payload: {
          conversationId: 'conv-001',
          type: 'text',
          content: 'Hello there!',
          tempId: sent?.key,
        },
      },
    ]);
    expect(chat.messages('conv-001')()).toEqual([
      expect.objectContaining({
        key: sent?.key,
        id: 'msg-1',
        status: 'sent',
        mine: true,
        senderId: 'me',
        createdAt: CHAT_API_TS,
      }),
    ]);
  });

  it.each(['blocked', 'validation_error', 'send_failed', 'conversation_not_found'])(
    'an error `%s` fails the send at once with that typed code',
    async (code) => {
      const { chat } = await connected();
      server.refuseSendsWith = code;
      chat.openConversation('conv-001');
      const sent = chat.sendMessage('conv-001', 'hi');
      await tick();
      const [message] = chat.messages('conv-001')();
      expect(message.key).toBe(sent?.key);
      expect(message.status).toBe('failed');
      expect(isRealtimeError(message.error, code as RealtimeError['code'])).toBe(true);
      expect(message.error?.serverCode).toBe(code);
      // Settled by the refusal, not by the ack timeout; and not reported twice.
      expect(reported).toEqual([]);

      server.refuseSendsWith = null;
      expect(chat.retry(message)).toBe(true);
      await tick();
      expect(statuses(chat.messages('conv-001')())).toEqual(['msg-1:sent']);
    },
  );

  it('message.new → a message from someone else, unread; markRead → message.read', async () => {
    const { chat } = await connected();
    chat.openConversation('conv-001');
    await tick();
    server.last.push('message.new', {
      message: {
        ...wireMessage('msg-9', 'user-789', 'Hello!'),
        sender: { id: 'user-789', username: 'somchai', displayName: 'สมชาย', avatar: 'https://a' },
      },
    });
    await tick();
    const [message] = chat.messages('conv-001')();
    expect(message).toMatchObject({
      id: 'msg-9',
      senderId: 'user-789',
      content: 'Hello!',
      mine: false,
      status: 'delivered',
      sender: {
        id: 'user-789',
        username: 'somchai',
        display_name: 'สมชาย',
        avatar_url: 'https://a',
      },
    });
    expect(chat.unreadCount('conv-001')()).toBe(1);

    chat.markRead('conv-001', ['msg-9']);
    expect(chat.unreadCount('conv-001')()).toBe(0);
    await tick(150);
    expect(server.last.framesOf('message.read')).toEqual([
      { type: 'message.read', payload: { conversationId: 'conv-001' } },
    ]);
    // The server's message.read_ack answered it: nothing to report.
    await tick();
    expect(reported).toEqual([]);
  });

  it('message.read_update moves the own messages it covers to read', async () => {
    const { chat } = await connected();
    chat.openConversation('conv-001');
    chat.sendMessage('conv-001', 'one');
    chat.sendMessage('conv-001', 'two');
    await tick();
    expect(statuses(chat.messages('conv-001')())).toEqual(['msg-1:sent', 'msg-2:sent']);
    server.last.push('message.read_update', {
      conversationId: 'conv-001',
      readBy: 'user-456',
      readAt: '2024-01-01T11:05:00Z',
    });
    await tick();
    expect(statuses(chat.messages('conv-001')())).toEqual(['msg-1:read', 'msg-2:read']);
  });

  it('typing: input → typing.start, idle → typing.stop; the peer’s typing.start/stop show and clear', async () => {
    const { chat } = await connected();
    chat.openConversation('conv-001');
    chat.typing('conv-001').input();
    await tick();
    expect(server.last.framesOf('typing.start')).toEqual([
      { type: 'typing.start', payload: { conversationId: 'conv-001' } },
    ]);
    chat.typing('conv-001').stop();
    await tick();
    expect(server.last.framesOf('typing.stop')).toEqual([
      { type: 'typing.stop', payload: { conversationId: 'conv-001' } },
    ]);

    server.last.push('typing.start', { conversationId: 'conv-001', userId: 'user-456' });
    await tick();
    expect(chat.typingUsers('conv-001')()).toEqual([{ userId: 'user-456' }]);
    server.last.push('typing.stop', { conversationId: 'conv-001', userId: 'user-456' });
    await tick();
    expect(chat.typingUsers('conv-001')()).toEqual([]);
  });

  it('presence: user.online / user.offline drive PresenceRealtime; get_presence fails at once', async () => {
    const { presence, realtime } = await connected();
    const friend = presence.presence('user-456');
    await tick();
    // No `get_presence` frame: the dialect has no presence request, and nothing waits for one.
    expect(server.last.received).toEqual([]);
    expect(realtime.stats().pendingAcks).toBe(0);
    expect(friend().status).toBe('unknown');

    server.last.push('user.online', { userId: 'user-456', isOnline: true, lastSeen: CHAT_API_TS });
    await tick();
    expect(friend()).toEqual({
      userId: 'user-456',
      status: 'online',
      lastSeen: new Date(CHAT_API_TS),
    });
    server.last.push('user.offline', {
      userId: 'user-456',
      isOnline: false,
      lastSeen: '2024-01-01T11:30:00Z',
    });
    await tick();
    expect(friend()).toEqual({
      userId: 'user-456',
      status: 'offline',
      lastSeen: new Date('2024-01-01T11:30:00Z'),
    });
  });

  it('status.bulk is delivered as `status.bulk` with canonical presences', async () => {
    const { realtime } = await connected();
    const bulk: RealtimeMessage[] = [];
    realtime.on('status.bulk').subscribe((event) => bulk.push(event));
    server.last.push('status.bulk', {
      users: [
        { userId: 'a', isOnline: true, lastSeen: CHAT_API_TS },
        { userId: 'b', isOnline: false },
      ],
    });
    await tick();
    expect(bulk.map((event) => event.payload)).toEqual([
      {
        presence: [
          { user_id: 'a', status: 'online', last_seen: CHAT_API_TS },
          { user_id: 'b', status: 'offline' },
        ],
      },
    ]);
  });

  it('sendWithAck of a frame the dialect never confirms fails at once with not_supported', async () => {
    const { realtime } = await connected();
    for (const type of ['typing_start', 'get_presence', 'set_presence']) {
      const error = await firstValueFrom(
        realtime.sendWithAck({ type, payload: { conversation_id: 'conv-001' } }),
      ).catch((caught: unknown) => caught);
      expect(isRealtimeError(error, 'not_supported')).toBe(true);
    }
    expect(() => realtime.send({ type: 'set_presence', payload: { status: 'busy' } })).toThrow(
      expect.objectContaining({ code: 'not_supported' }),
    );
    await tick();
    expect(server.last.received).toEqual([]);
  });

  it('block.add / block.remove: sendWithAck settles with block.added / block.removed', async () => {
    const { realtime } = await connected();
    const added = firstValueFrom(
      realtime.sendWithAck({ type: 'block.add', payload: { username: 'spammer123' } }),
    );
    await tick();
    await expect(added).resolves.toEqual({ username: 'spammer123', blocked_at: CHAT_API_TS });
    const removed = firstValueFrom(
      realtime.sendWithAck({ type: 'block.remove', payload: { username: 'spammer123' } }),
    );
    await tick();
    await expect(removed).resolves.toEqual({ username: 'spammer123', unblocked_at: CHAT_API_TS });
    expect(server.last.received.map((frame) => frame.type)).toEqual(['block.add', 'block.remove']);
  });

  it('an acknowledged read receipt settles with message.read_ack', async () => {
    const { realtime } = await connected();
    const ack = firstValueFrom(
      realtime.sendWithAck({
        type: 'read_receipt',
        payload: { conversation_id: 'conv-001', message_ids: [] },
      }),
    );
    await tick();
    await expect(ack).resolves.toEqual({ conversation_id: 'conv-001', read_at: CHAT_API_TS });
  });

  it('heartbeat: app-level ping with a unix timestamp, pong keeps the link and measures the RTT', async () => {
    const { realtime } = await connected({ heartbeat: { intervalMs: 1_000 } });
    await tick(3_500);
    const pings = server.last.framesOf('ping');
    expect(pings.length).toBeGreaterThanOrEqual(3);
    expect(pings[0]).toEqual({ type: 'ping', payload: { timestamp: expect.any(Number) } });
    expect(realtime.status()).toBe('connected');
    expect(server.connections).toHaveLength(1);
    await tick(100);
    expect(realtime.stats().rttMs).not.toBeNull();

    server.answerPings = false;
    await tick(4_000);
    expect(server.connections.length).toBeGreaterThanOrEqual(2);
    expect(server.connections[0].closed).toBe(true);
  });

  it('malformed, unknown and invalid frames are typed errors; the connection stays up', async () => {
    const { realtime, chat } = await connected();
    chat.openConversation('conv-001');
    server.last.send('{not json');
    server.last.push('message.deleted', { messageId: 'x' });
    server.last.push('message.new', { message: { id: 'x' } });
    server.last.send({ type: 'error', error: 'boom' });
    server.last.push('typing.start', { conversationId: 'c'.repeat(9_000), userId: 'u' });
    server.last.send(
      '{"type":"typing.start","payload":{"__proto__":{"polluted":1},"conversationId":"c","userId":"u"}}',
    );
    await tick();
    expect(reported.map((error) => error.code)).toEqual([
      'malformed_frame',
      'unknown_type',
      'invalid_message',
      'invalid_message',
      'frame_too_large',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(realtime.status()).toBe('connected');
    expect(server.connections).toHaveLength(1);

    server.last.push('message.new', { message: wireMessage('msg-5', 'user-789', 'still here') });
    await tick();
    expect(
      chat
        .messages('conv-001')()
        .map((message) => message.id),
    ).toEqual(['msg-5']);
  });

  it('a server error nobody waits for is reported with its typed code', async () => {
    await connected();
    server.last.error('blocked', 'You cannot send messages to this user');
    server.last.error('rate_limit_exceeded', 'Too many messages');
    await tick();
    expect(reported.map((error) => [error.code, error.serverCode])).toEqual([
      ['blocked', 'blocked'],
      ['server_error', 'rate_limit_exceeded'],
    ]);
  });

  it('error `unauthorized` refreshes the token once, then stops as unauthorized', async () => {
    let issued = 0;
    server.onConnection = (connection) => {
      connection.error('unauthorized', 'Authentication required');
      return false;
    };
    const { realtime } = setup({ token: () => `jwt-${++issued}` });
    realtime.connect();
    await tick(100);
    expect(
      server.connections.map((connection) => connection.url.searchParams.get('token')),
    ).toEqual(['jwt-1', 'jwt-2']);
    expect(realtime.status()).toBe('unauthorized');
  });

  it('queued sends go out after the connection opens and still settle by tempId', async () => {
    const { chat, realtime } = setup();
    chat.openConversation('conv-001');
    const first = chat.sendMessage('conv-001', 'queued 1');
    const second = chat.sendMessage('conv-001', 'queued 2');
    realtime.connect();
    await tick();
    expect(server.last.framesOf('message.send').map((frame) => frame.payload['tempId'])).toEqual([
      first?.key,
      second?.key,
    ]);
    expect(statuses(chat.messages('conv-001')())).toEqual(['msg-1:sent', 'msg-2:sent']);
  });
});

describe('withProtocol', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('throws invalid_config in dev mode when combined with withPolling() on a protocol without polling', () => {
    expect(() =>
      provideRealtime({ url: CHAT_API_WS_URL }, withProtocol(chatApiProtocol()), withPolling()),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message: expect.stringContaining('"chat-api"'),
      }),
    );
    expect(() =>
      provideRealtime({ url: CHAT_API_WS_URL, protocol: chatApiProtocol() }, withPolling()),
    ).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    expect(() =>
      provideRealtime(
        { url: CHAT_API_WS_URL },
        withProtocol(createSocialHubProtocol()),
        withPolling(),
      ),
    ).not.toThrow();
  });

  it('rejects a second withProtocol()', () => {
    expect(() =>
      provideRealtime(
        { url: CHAT_API_WS_URL },
        withProtocol(chatApiProtocol()),
        withProtocol(chatApiProtocol()),
      ),
    ).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });

  it('takes precedence over RealtimeConfig.protocol', async () => {
    jest.useFakeTimers({ now: new Date(CHAT_API_TS) });
    const server = new ChatApiMockServer();
    try {
      TestBed.configureTestingModule({
        providers: [
          provideRealtime(
            { url: CHAT_API_WS_URL, heartbeat: false, protocol: createSocialHubProtocol() },
            withProtocol(chatApiProtocol()),
          ),
          { provide: RealtimeBackend, useValue: backend },
        ],
      });
      const realtime = TestBed.inject(WebSocketService);
      realtime.connect();
      await tick();
      // A SocialHub codec would reject `connection.success` (no id, no timestamp).
      expect(realtime.userId()).toBe('me');
    } finally {
      server.stop();
      jest.useRealTimers();
    }
  });
});
