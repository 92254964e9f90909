/*
 * The engine against a mock-socket server that speaks SocialHub frames. Fake timers drive
 * both the engine and mock-socket's internal delivery delays, so nothing waits on wall time.
 */
import { WebSocket as MockWebSocket } from 'mock-socket';
import {
  webSocketFactory,
  type RealtimeClient,
  type RealtimeError,
  type RealtimeMessage,
  type WebSocketConstructor,
} from 'ngx-realtime';
import {
  createClient,
  feedUpdate,
  SocialHubMockServer,
  type WireFrame,
} from './support/socialhub-mock-server';

/** Lets mock-socket deliver what is in flight (it delays every hop by 4 ms). */
const tick = (ms = 20) => jest.advanceTimersByTimeAsync(ms);

function postIds(events: readonly RealtimeMessage[]): string[] {
  return events.map((event) => String((event.payload as { post_id: string }).post_id));
}

function types(frames: readonly WireFrame[]): string[] {
  return frames.map((item) => item.type);
}

describe('integration: RealtimeClient over a mock-socket SocialHub server', () => {
  let server: SocialHubMockServer;
  let client: RealtimeClient;

  beforeEach(() => {
    jest.useFakeTimers();
    server = new SocialHubMockServer();
  });

  afterEach(() => {
    client.destroy();
    server.stop();
    jest.useRealTimers();
  });

  it('connects', async () => {
    client = createClient();
    client.connect();
    expect(client.status).toBe('connecting');
    await tick();
    expect(client.status).toBe('connected');
    expect(server.open).toHaveLength(1);
  });

  it('sends the token as the `token` query parameter by default', async () => {
    client = createClient({ token: () => 'jwt-query' });
    client.connect();
    await tick();
    expect(server.last.queryToken).toBe('jwt-query');
    expect(server.last.protocols).toEqual([]);
  });

  it('sends the token as `Sec-WebSocket-Protocol: bearer, <token>` when asked', async () => {
    client = createClient({ token: () => 'jwt-header', auth: { placement: 'protocol' } });
    client.connect();
    await tick();
    expect(client.status).toBe('connected');
    expect(server.last.protocols).toEqual(['bearer', 'jwt-header']);
    expect(server.last.url.search).toBe('');
  });

  it('refreshes the token once after a 4401 close, then gives up as unauthorized', async () => {
    let issued = 0;
    client = createClient({ token: () => `jwt-${++issued}` });
    server.onConnection = (connection) => connection.close(4401, 'token expired');
    client.connect();
    await tick(100);
    expect(server.connections.map((connection) => connection.queryToken)).toEqual([
      'jwt-1',
      'jwt-2',
    ]);
    expect(client.status).toBe('unauthorized');
    await tick(10 * 60_000);
    expect(server.connections).toHaveLength(2);
  });

  it('subscribes once for two listeners, again after a reconnect, and leaves after the last', async () => {
    client = createClient();
    const first: RealtimeMessage[] = [];
    const second: RealtimeMessage[] = [];
    const a = client.channel('feed:updates').subscribe((event) => first.push(event));
    const b = client.channel('feed:updates').subscribe((event) => second.push(event));
    client.connect();
    await tick();
    expect(types(server.last.received)).toEqual(['subscribe']);
    expect(server.last.received[0].payload).toEqual({ channel: 'feed:updates' });
    server.last.send(feedUpdate('p1'));

    server.last.close(1006, 'network');
    await tick(1_100);
    expect(client.status).toBe('connected');
    expect(server.connections).toHaveLength(2);
    expect(types(server.last.received)).toEqual(['subscribe']);
    server.last.send(feedUpdate('p2'));
    expect(postIds(first)).toEqual(['p1', 'p2']);
    expect(postIds(second)).toEqual(['p1', 'p2']);

    a.unsubscribe();
    await tick();
    expect(server.last.framesOf('unsubscribe')).toEqual([]);
    b.unsubscribe();
    await tick();
    expect(server.last.framesOf('unsubscribe').map((item) => item.payload)).toEqual([
      { channel: 'feed:updates' },
    ]);
  });

  it('flushes the outbox in order after the subscriptions were restored', async () => {
    client = createClient();
    client.channel('feed:updates').subscribe();
    for (const n of [1, 2, 3]) client.send({ type: 'typing_start', payload: { n } });
    client.connect();
    await tick();
    expect(types(server.last.received)).toEqual([
      'subscribe',
      'typing_start',
      'typing_start',
      'typing_start',
    ]);

    server.stop();
    await tick();
    expect(client.status).toBe('reconnecting');
    for (const n of [4, 5])
      expect(client.send({ type: 'typing_start', payload: { n } }).queued).toBe(true);
    server.start();
    await tick(2_000);
    expect(client.status).toBe('connected');
    const received = server.last.received;
    expect(types(received)).toEqual(['subscribe', 'typing_start', 'typing_start']);
    expect(received.slice(1).map((item) => item.payload['n'])).toEqual([4, 5]);
  });

  describe('acknowledged sends settle exactly once', () => {
    beforeEach(() => {
      server.onFrame = (received, connection) => {
        const content = received.payload['content'];
        if (content === 'ok') {
          connection.ack(received, { stored: true });
          connection.ack(received, { stored: 'again' });
        } else if (content === 'bad') {
          connection.refuse(received, 'INVALID_MESSAGE', 'rejected by the server');
          connection.ack(received);
        }
      };
    });

    async function settleOf(content: string) {
      const outcome = { values: [] as unknown[], errors: [] as RealtimeError[], completed: 0 };
      client
        .sendWithAck({ type: 'message', payload: { conversation_id: 'c1', content } })
        .subscribe({
          next: (value) => outcome.values.push(value),
          error: (error: RealtimeError) => outcome.errors.push(error),
          complete: () => outcome.completed++,
        });
      await tick(30_000);
      return outcome;
    }

    beforeEach(async () => {
      client = createClient({ ackTimeoutMs: 5_000 });
      client.connect();
      await tick();
    });

    it('with the ack data', async () => {
      expect(await settleOf('ok')).toEqual({
        values: [{ stored: true }],
        errors: [],
        completed: 1,
      });
    });

    it('with a typed server error', async () => {
      const outcome = await settleOf('bad');
      expect(outcome.values).toEqual([]);
      expect(outcome.errors).toEqual([
        expect.objectContaining({ code: 'server_error', serverCode: 'INVALID_MESSAGE' }),
      ]);
    });

    it('with a timeout', async () => {
      const outcome = await settleOf('silent');
      expect(outcome.values).toEqual([]);
      expect(outcome.errors.map((error) => error.code)).toEqual(['ack_timeout']);
      expect(client.stats.pendingAcks).toBe(0);
    });
  });

  it('reconnects when the server stops answering heartbeats', async () => {
    client = createClient({ heartbeat: { intervalMs: 1_000 } });
    client.connect();
    await tick();
    await tick(10_000);
    expect(server.connections).toHaveLength(1);
    expect(server.last.framesOf('heartbeat').length).toBeGreaterThanOrEqual(9);
    expect(client.stats.rttMs).not.toBeNull();

    server.answerHeartbeats = false;
    await tick(2_000);
    expect(server.connections[0].closed).toBe(true);
    await tick(1_100);
    expect(server.connections).toHaveLength(2);
    expect(client.status).toBe('connected');
  });

  it('keeps every backoff delay within [0, ceiling] and under 30 s, for a seeded random', async () => {
    let seed = 99;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return (seed - 1) / 2_147_483_646;
    };
    let replicaSeed = 99;
    const replica = () => {
      replicaSeed = (replicaSeed * 16_807) % 2_147_483_647;
      return (replicaSeed - 1) / 2_147_483_646;
    };
    const openedAt: number[] = [];
    const factory = webSocketFactory(MockWebSocket as unknown as WebSocketConstructor);
    client = createClient({
      random,
      reconnect: { maxAttempts: Infinity },
      webSocket: (url, protocols) => {
        openedAt.push(Date.now());
        return factory(url, protocols);
      },
    });
    const scheduled: number[] = [];
    client.changes$.subscribe(() => {
      const due = client.stats.nextRetryAt;
      if (due !== null && client.stats.attempt > scheduled.length) scheduled.push(due - Date.now());
    });
    server.stop();
    client.connect();
    await tick(10 * 60_000);
    expect(scheduled.length).toBeGreaterThan(20);
    scheduled.forEach((delay, n) => {
      const ceiling = Math.min(30_000, 1_000 * 2 ** n);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(delay).toBe(Math.floor(replica() * ceiling));
    });
    expect(Math.max(...scheduled)).toBeLessThanOrEqual(30_000);
    // Each attempt really waited that long: mock-socket fails an upgrade 4 ms after it
    // starts, and a zero delay still takes the fake clock's 1 ms minimum.
    openedAt.slice(1).forEach((at, n) => {
      const waited = at - openedAt[n] - 4;
      expect(waited).toBeGreaterThanOrEqual(scheduled[n]);
      expect(waited).toBeLessThanOrEqual(Math.max(1, scheduled[n]));
    });

    server.start();
    await tick(30_100);
    expect(client.status).toBe('connected');
  });
});
