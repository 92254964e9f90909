import {
  createSocialHubProtocol,
  RealtimeClient,
  type RealtimeError,
  type RealtimeProtocol,
} from 'ngx-realtime';
import {
  ackOf,
  createHarness,
  feedEvent,
  type Harness,
} from '../../../../spec-support/client-harness';
import { longPolling } from '../transport/long-polling';

describe('RealtimeClient: states, streams, stats and destroy()', () => {
  let h: Harness;

  beforeEach(() => {
    jest.useFakeTimers();
    h = createHarness();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  describe('states and transitions', () => {
    it('starts disconnected and does nothing until connect()', () => {
      expect(h.client.status).toBe('disconnected');
      expect(h.statuses).toEqual(['disconnected']);
      jest.advanceTimersByTime(60_000);
      expect(h.sockets.count).toBe(0);
    });

    it('goes connecting → connected when the socket opens', () => {
      h.client.connect();
      expect(h.client.status).toBe('connecting');
      expect(h.client.stats.transport).toBeNull();
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
      expect(h.client.stats.transport).toBe('websocket');
      expect(h.statuses).toEqual(['disconnected', 'connecting', 'connected']);
    });

    it('ignores connect() while connecting or connected', () => {
      h.client.connect();
      h.client.connect();
      expect(h.sockets.count).toBe(1);
      h.sockets.last.open();
      h.client.connect();
      expect(h.sockets.count).toBe(1);
      expect(h.client.status).toBe('connected');
    });

    it('goes reconnecting after a server close and connected again after the retry', () => {
      const first = h.connectOpen();
      first.serverClose(1006);
      expect(h.client.status).toBe('reconnecting');
      expect(h.client.stats.transport).toBeNull();
      jest.advanceTimersByTime(1_000);
      expect(h.sockets.count).toBe(2);
      h.sockets.last.open();
      expect(h.statuses).toEqual([
        'disconnected',
        'connecting',
        'connected',
        'reconnecting',
        'connected',
      ]);
    });

    it('disconnect() closes the socket cleanly and stays disconnected', () => {
      const socket = h.connectOpen();
      h.client.disconnect();
      expect(h.client.status).toBe('disconnected');
      expect(socket.closedByClient).toEqual({ code: 1000, reason: 'client_initiated' });
      jest.advanceTimersByTime(10 * 60_000);
      expect(h.sockets.count).toBe(1);
    });

    it('connect() after disconnect() opens a new socket', () => {
      h.connectOpen();
      h.client.disconnect();
      h.connectOpen();
      expect(h.sockets.count).toBe(2);
      expect(h.client.status).toBe('connected');
    });

    it('reconnect() replaces a live socket at once', () => {
      const first = h.connectOpen();
      h.client.reconnect();
      expect(first.closedByClient?.code).toBe(1000);
      expect(h.client.status).toBe('reconnecting');
      expect(h.sockets.count).toBe(2);
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
    });

    it('reconnect() from disconnected connects', () => {
      h.client.reconnect();
      expect(h.client.status).toBe('connecting');
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
    });

    it('a socket that never opens is given up after connectTimeoutMs and retried', () => {
      h.client.destroy();
      h = createHarness({ connectTimeoutMs: 3_000 });
      h.client.connect();
      const first = h.sockets.last;
      jest.advanceTimersByTime(2_999);
      expect(h.client.status).toBe('connecting');
      jest.advanceTimersByTime(1);
      expect(first.closedByClient).not.toBeNull();
      expect(h.client.status).toBe('reconnecting');
    });

    it('rejects contradicting options with invalid_config', () => {
      const bad = [
        { url: 'http://rt.example.test/ws' },
        { url: 'not a url' },
        { url: 'wss://rt.example.test/ws', ackTimeoutMs: 0 },
        {
          url: 'wss://rt.example.test/ws',
          polling: longPolling({ mode: 'fallback', timeoutSeconds: 31 }),
        },
        { url: 'wss://rt.example.test/ws', heartbeat: { intervalMs: 100, deadAfterMs: 50 } },
        { url: 'wss://rt.example.test/ws', reconnect: { factor: 0.5 } },
        { url: 'wss://rt.example.test/ws', outbox: { limit: -1 } },
      ] as const;
      for (const options of bad) {
        expect(() => new RealtimeClient({ ...options, lifecycle: null })).toThrow(
          expect.objectContaining({ code: 'invalid_config' }),
        );
      }
    });
  });

  describe('stats, changes$ and destroy()', () => {
    it('counts frames, outbox depth, pending acks, reconnects and outages', () => {
      expect(h.client.stats).toMatchObject({
        transport: null,
        framesIn: 0,
        framesOut: 0,
        outboxDepth: 0,
        pendingAcks: 0,
        reconnects: 0,
        attempt: 0,
        nextRetryAt: null,
        lastOutageMs: null,
        decodeErrors: 0,
        lastSequence: null,
        lastRecovery: null,
        rttMs: null,
      });
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c1' } });
      h.client.sendWithAck({ type: 'message', payload: { content: 'hi' } }).subscribe();
      expect(h.client.stats.outboxDepth).toBe(2);
      expect(h.client.stats.pendingAcks).toBe(1);

      const socket = h.connectOpen();
      expect(h.client.stats.outboxDepth).toBe(0);
      expect(h.client.stats.framesOut).toBe(2);
      socket.receive(ackOf(socket.only('message')));
      socket.receive(feedEvent('p1', { seq: 4 }));
      expect(h.client.stats).toMatchObject({ framesIn: 2, pendingAcks: 0, lastSequence: 4 });

      const lostAt = Date.now();
      socket.serverClose();
      expect(h.client.stats.attempt).toBe(1);
      const retryAt = h.client.stats.nextRetryAt;
      expect(retryAt).not.toBeNull();
      expect(retryAt! - lostAt).toBeGreaterThanOrEqual(0);
      expect(retryAt! - lostAt).toBeLessThanOrEqual(1_000);
      jest.advanceTimersByTime(retryAt! - lostAt);
      expect(h.client.stats.reconnects).toBe(1);
      expect(h.client.stats.nextRetryAt).toBeNull();
      jest.advanceTimersByTime(250);
      h.sockets.last.open();
      expect(h.client.stats.lastOutageMs).toBe(retryAt! - lostAt + 250);
    });

    it('measures the heartbeat round trip', () => {
      h.client.destroy();
      h = createHarness({ heartbeat: { intervalMs: 1_000 } });
      const socket = h.connectOpen();
      jest.advanceTimersByTime(1_000);
      const beat = socket.only('heartbeat');
      jest.advanceTimersByTime(40);
      socket.receive(ackOf(beat));
      expect(h.client.stats.rttMs).toBe(40);
    });

    it('changes$ fires when the stats move', () => {
      let changes = 0;
      h.client.changes$.subscribe(() => changes++);
      h.client.connect();
      expect(changes).toBeGreaterThan(0);
      const before = changes;
      h.sockets.last.open();
      h.sockets.last.receive(feedEvent('p1'));
      expect(changes).toBeGreaterThan(before);
    });

    it('destroy() closes the socket, completes every stream and stops listening', () => {
      const completed: string[] = [];
      const done = (name: string) => ({ complete: () => completed.push(name) });
      h.client.status$.subscribe(done('status$'));
      h.client.errors$.subscribe(done('errors$'));
      h.client.recovery$.subscribe(done('recovery$'));
      h.client.changes$.subscribe(done('changes$'));
      h.client.messages$.subscribe(done('messages$'));
      h.client.channel('feed:updates').subscribe(done('channel'));
      h.client.events('feed_update').subscribe(done('events'));
      const socket = h.connectOpen();
      h.client.destroy();
      expect(completed.sort()).toEqual(
        ['changes$', 'channel', 'errors$', 'events', 'messages$', 'recovery$', 'status$'].sort(),
      );
      expect(socket.closedByClient?.code).toBe(1000);
      expect(h.lifecycle.listening).toBe(false);
      h.client.connect();
      h.client.reconnect();
      expect(h.sockets.count).toBe(1);
      expect(() => h.client.send({ type: 'typing_start', payload: {} })).toThrow(
        expect.objectContaining({ code: 'unavailable' }),
      );
      h.client.destroy();
    });
  });

  describe('platform and protocol capabilities', () => {
    it('reports `unavailable` where the platform has no WebSocket and no fetch', async () => {
      const platform = globalThis as { WebSocket?: unknown; fetch?: unknown };
      const saved = { WebSocket: platform.WebSocket, fetch: platform.fetch };
      delete platform.WebSocket;
      delete platform.fetch;
      try {
        h.client.destroy();
        h = createHarness({ webSocket: undefined, fetch: undefined });
      } finally {
        platform.WebSocket = saved.WebSocket;
        platform.fetch = saved.fetch;
      }
      h.client.connect();
      expect(h.errors.map((error) => error.code)).toEqual(['unavailable']);
      expect(h.client.status).toBe('reconnecting');
      await expect(h.client.getMissedMessages(1)).rejects.toMatchObject({ code: 'unavailable' });
    });

    it('follows a dialect without acks, catch-up or polling', async () => {
      const base = createSocialHubProtocol();
      const bare: RealtimeProtocol = Object.assign(Object.create(base) as RealtimeProtocol, {
        name: 'bare',
        capabilities: { ...base.capabilities, acks: false, missedMessages: false, polling: false },
      });
      h.client.destroy();
      h = createHarness({ protocol: bare, heartbeat: { intervalMs: 1_000 } });
      h.client.channel('feed:updates').subscribe();
      const socket = h.connectOpen();
      socket.receive(feedEvent('p1', { seq: 1 }));
      jest.advanceTimersByTime(1_000);
      expect(socket.only('subscribe').ack_id).toBeUndefined();
      expect(socket.only('heartbeat').ack_id).toBeUndefined();

      let failure: RealtimeError | undefined;
      h.client.sendWithAck({ type: 'message', payload: {} }).subscribe({
        error: (error) => (failure = error),
      });
      expect(failure?.code).toBe('not_supported');
      await expect(h.client.getMissedMessages(1)).rejects.toMatchObject({ code: 'not_supported' });
      expect(
        () =>
          new RealtimeClient({
            url: 'wss://x.test/ws',
            protocol: bare,
            polling: longPolling({ mode: 'only' }),
          }),
      ).toThrow(expect.objectContaining({ code: 'invalid_config' }));

      socket.serverClose();
      const next = h.advanceToRetry();
      next.open();
      expect(next.framesOf('get_missed_messages')).toEqual([]);
    });
  });
});
