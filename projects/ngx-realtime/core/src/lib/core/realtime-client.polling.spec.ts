import type {
  RealtimeClientOptions,
  RealtimeError,
  RealtimeMessage,
  RecoveryEvent,
} from 'ngx-realtime';
import {
  ackOf,
  createHarness,
  feedEvent,
  postIds,
  settle,
  type FakeSocket,
  type Harness,
} from '../../../../spec-support/client-harness';
import { longPolling } from '../transport/long-polling';

const POLL = '/api/v1/realtime/poll';
const SEND = '/api/v1/realtime/send';
const SEND_URL = `https://rt.example.test${SEND}`;

/** A poll response body with `feed_update` events numbered `from`..`to`. */
function pollBody(from: number, to: number, extra: Record<string, unknown> = {}) {
  const events = [];
  for (let n = from; n <= to; n++) events.push(feedEvent(`p${n}`, { id: `e${n}` }));
  return { events, last_poll_id: to, has_more: false, ...extra };
}

/** Sent frames over HTTP, parsed from the POST bodies. */
function postedTypes(h: Harness): unknown[] {
  return h.http
    .to(SEND)
    .map(
      (request) => (JSON.parse(request.init.body ?? '{}') as { payload: { n?: number } }).payload.n,
    );
}

describe('RealtimeClient: long polling', () => {
  let h: Harness;
  let seen: RealtimeMessage[];

  function setUp(options: Partial<RealtimeClientOptions> = {}): void {
    h = createHarness({
      userId: 'u1',
      reconnect: { maxAttempts: 2, jitter: 'none' },
      polling: longPolling({ mode: 'fallback' }),
      ...options,
    });
    seen = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
  }

  /** Connects and lets every socket attempt fail until the fallback starts. */
  async function fallBackToPolling(): Promise<void> {
    h.client.connect();
    h.sockets.last.serverClose();
    h.advanceToRetry().serverClose();
    h.advanceToRetry().serverClose();
    await settle();
  }

  /** Moves fake time to the next background socket probe and returns its socket. */
  async function advanceToProbe(): Promise<FakeSocket> {
    const due = h.client.stats.nextRetryAt;
    if (due === null) throw new Error('no probe scheduled');
    const before = h.sockets.count;
    await jest.advanceTimersByTimeAsync(due - Date.now());
    expect(h.sockets.count).toBe(before + 1);
    return h.sockets.last;
  }

  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  it('falls back to polling once the reconnect budget is spent', async () => {
    setUp();
    await fallBackToPolling();
    expect(h.sockets.count).toBe(3);
    expect(h.client.status).toBe('polling');
    expect(h.client.stats.transport).toBe('polling');
    const poll = h.http.next(POLL);
    expect(poll.url.origin).toBe('https://rt.example.test');
    expect(poll.init.method).toBe('GET');
    expect(poll.authorization).toBe('Bearer tok-secret-1');
    expect(poll.param('last_poll_id')).toBe('0');
    expect(poll.param('timeout')).toBe('30');
    expect(poll.param('user_id')).toBe('u1');
  });

  it('delivers polled events and moves the cursor, pacing polls at minIntervalMs', async () => {
    setUp();
    await fallBackToPolling();
    h.http.next(POLL).respond(200, pollBody(1, 2));
    await settle();
    expect(postIds(seen)).toEqual(['p1', 'p2']);
    expect(h.client.stats.framesIn).toBe(2);
    expect(h.http.pending(POLL)).toEqual([]);
    await jest.advanceTimersByTimeAsync(2_000);
    const next = h.http.next(POLL);
    expect(next.param('last_poll_id')).toBe('2');
  });

  it('counts, reports and drops invalid polled events, keeping the valid ones', async () => {
    setUp();
    await fallBackToPolling();
    const body = pollBody(1, 2);
    body.events.splice(1, 0, { id: 'bad', type: 'feed_update', payload: { post_id: 7 } });
    h.http.next(POLL).respond(200, body);
    await settle();
    expect(postIds(seen)).toEqual(['p1', 'p2']);
    expect(h.client.stats.decodeErrors).toBe(1);
    expect(h.errors.map((error) => error.code)).toEqual(['invalid_message']);
  });

  it('probes the WebSocket meanwhile and moves back to it without losing or repeating an event', async () => {
    setUp();
    await fallBackToPolling();
    h.http.next(POLL).respond(200, pollBody(1, 2));
    await settle();
    await jest.advanceTimersByTimeAsync(2_000);
    const hanging = h.http.next(POLL);
    const probe = await advanceToProbe();
    expect(probe.queryToken).toBe('tok-secret-1');
    probe.open();
    expect(h.client.status).toBe('connected');
    expect(h.client.stats.transport).toBe('websocket');
    expect(hanging.aborted).toBe(true);
    expect(probe.only('subscribe').payload).toEqual({ channel: 'feed:updates' });
    probe.receive(feedEvent('p2', { id: 'e2' }));
    probe.receive(feedEvent('p3', { id: 'e3' }));
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3']);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(h.http.pending()).toEqual([]);
  });

  it('catches up by sequence number on the way back to the WebSocket', async () => {
    setUp();
    await fallBackToPolling();
    h.http.next(POLL).respond(200, {
      events: [1, 2].map((seq) => feedEvent(`p${seq}`, { id: `e${seq}`, seq })),
      last_poll_id: 2,
    });
    await settle();
    const probe = await advanceToProbe();
    probe.open();
    const request = probe.only('get_missed_messages');
    expect(request.payload).toEqual({ last_sequence: 2 });
    probe.receive(feedEvent('p4', { id: 'e4', seq: 4 }));
    probe.receive(
      ackOf(request, {
        messages: [2, 3].map((seq) => feedEvent(`p${seq}`, { id: `e${seq}`, seq })),
      }),
    );
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('keeps probing with a failing WebSocket and keeps polling', async () => {
    setUp();
    await fallBackToPolling();
    (await advanceToProbe()).serverClose();
    expect(h.client.status).toBe('polling');
    (await advanceToProbe()).serverClose();
    expect(h.client.status).toBe('polling');
    expect(h.http.pending(POLL)).toHaveLength(1);
  });

  it('a wake-up probes the WebSocket at once', async () => {
    setUp({ reconnect: { maxAttempts: 2, jitter: 'none', initialDelayMs: 20_000 } });
    await fallBackToPolling();
    const before = h.sockets.count;
    h.lifecycle.wake('online');
    expect(h.sockets.count).toBe(before + 1);
    h.sockets.last.open();
    expect(h.client.status).toBe('connected');
  });

  it('reconnect() stops polling and tries the WebSocket with a fresh budget', async () => {
    setUp();
    await fallBackToPolling();
    const poll = h.http.next(POLL);
    h.client.reconnect();
    expect(poll.aborted).toBe(true);
    expect(h.client.status).toBe('reconnecting');
    h.sockets.last.serverClose();
    expect(h.client.status).toBe('reconnecting');
    expect(h.client.stats.attempt).toBe(1);
  });

  it('disconnect() stops polling for good', async () => {
    setUp();
    await fallBackToPolling();
    const poll = h.http.next(POLL);
    h.client.disconnect();
    expect(poll.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(h.http.requests).toHaveLength(1);
    expect(h.client.status).toBe('disconnected');
  });

  it('resumes from the last cursor after a 401 and a token refresh', async () => {
    setUp({ polling: longPolling({ mode: 'only' }) });
    h.client.connect();
    await settle();
    h.http.next(POLL).respond(200, pollBody(1, 5));
    await jest.advanceTimersByTimeAsync(2_000);
    h.http.next(POLL).respond(401);
    await settle();
    const retry = h.http.next(POLL);
    expect(retry.param('last_poll_id')).toBe('5');
    retry.respond(200, pollBody(6, 6));
    await settle();
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(h.client.status).toBe('polling');
  });

  it('`only` mode never opens a WebSocket', async () => {
    setUp({ polling: longPolling({ mode: 'only' }) });
    h.client.connect();
    expect(h.client.status).toBe('polling');
    await settle();
    h.http.next(POLL).respond(200, pollBody(1, 1));
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(h.sockets.count).toBe(0);
    expect(postIds(seen)).toEqual(['p1']);
  });

  it('a failing poll is reported and retried with backoff', async () => {
    setUp({ polling: longPolling({ mode: 'only' }) });
    h.client.connect();
    await settle();
    h.http.next(POLL).respond(503);
    await settle();
    expect(h.errors.map((error) => error.code)).toEqual(['polling_failed']);
    expect(h.http.pending(POLL)).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(h.http.pending(POLL)).toHaveLength(1);
    expect(h.client.status).toBe('polling');
  });

  describe('sends while polling', () => {
    it('stay in the outbox without a sendUrl, and go out on the WebSocket later', async () => {
      setUp();
      await fallBackToPolling();
      const receipt = h.client.send({
        type: 'typing_start',
        payload: { conversation_id: 'c', n: 1 },
      });
      expect(receipt.queued).toBe(true);
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 2 } });
      await settle();
      expect(h.http.to(SEND)).toEqual([]);
      expect(h.http.requests.every((request) => request.init.method === 'GET')).toBe(true);
      expect(h.client.stats.outboxDepth).toBe(2);
      const probe = await advanceToProbe();
      probe.open();
      expect(probe.framesOf('typing_start').map((frame) => frame.payload['n'])).toEqual([1, 2]);
    });

    it('go out by POST to sendUrl, one at a time and in order', async () => {
      setUp({ polling: longPolling({ mode: 'fallback', sendUrl: SEND_URL }) });
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 1 } });
      await fallBackToPolling();
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 2 } });
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 3 } });
      await settle();
      expect(h.http.pending(SEND)).toHaveLength(1);
      const post = h.http.next(SEND);
      expect(post.init.method).toBe('POST');
      expect(post.init.headers).toMatchObject({
        Authorization: 'Bearer tok-secret-1',
        'Content-Type': 'application/json',
      });
      post.respond(200, { status: 'success' });
      await settle();
      h.http.next(SEND).respond(200, { status: 'success' });
      await settle();
      h.http.next(SEND).respond(200, { status: 'success' });
      await settle();
      expect(postedTypes(h)).toEqual([1, 2, 3]);
      expect(h.client.stats.outboxDepth).toBe(0);
      expect(h.client.stats.framesOut).toBe(3);
    });

    it('settle an acknowledged send with the POST answer', async () => {
      setUp({ polling: longPolling({ mode: 'fallback', sendUrl: SEND_URL }) });
      await fallBackToPolling();
      const values: unknown[] = [];
      const failures: RealtimeError[] = [];
      h.client
        .sendWithAck({ type: 'message', payload: { content: 'a' } })
        .subscribe((value) => values.push(value));
      h.client
        .sendWithAck({ type: 'message', payload: { content: 'b' } })
        .subscribe({ error: (error: RealtimeError) => failures.push(error) });
      await settle();
      h.http.next(SEND).respond(200, { status: 'success', data: { id: 'srv-1' } });
      await settle();
      h.http.next(SEND).respond(200, { status: 'error', error: { code: 'RATE_LIMITED' } });
      await settle();
      expect(values).toEqual([{ id: 'srv-1' }]);
      expect(failures).toEqual([
        expect.objectContaining({ code: 'server_error', serverCode: 'RATE_LIMITED' }),
      ]);
    });

    it('keep their place after a failed POST and retry after the next poll', async () => {
      setUp({ polling: longPolling({ mode: 'fallback', sendUrl: SEND_URL }) });
      await fallBackToPolling();
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 1 } });
      h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 2 } });
      await settle();
      h.http.next(SEND).respond(500);
      await settle();
      expect(h.errors.map((error) => error.code)).toEqual(['polling_failed']);
      expect(h.client.stats.outboxDepth).toBe(2);
      h.http.next(POLL).respond(200, pollBody(1, 1));
      await settle();
      h.http.next(SEND).respond(200, {});
      await settle();
      h.http.next(SEND).respond(200, {});
      await settle();
      expect(postedTypes(h)).toEqual([1, 1, 2]);
      expect(h.client.stats.outboxDepth).toBe(0);
    });
  });

  it('a POST that fails after the WebSocket came back does not strand the outbox', async () => {
    setUp({ polling: longPolling({ mode: 'fallback', sendUrl: SEND_URL }) });
    await fallBackToPolling();
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 1 } });
    await settle();
    const post = h.http.next(SEND);
    const probe = await advanceToProbe();
    probe.open();
    post.respond(503);
    await settle();
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c', n: 2 } });
    expect(probe.framesOf('typing_start').map((frame) => frame.payload['n'])).toEqual([1, 2]);
    expect(h.client.stats.outboxDepth).toBe(0);
  });

  it('abandons a catch-up in flight when polling takes over', async () => {
    setUp();
    const recoveries: RecoveryEvent[] = [];
    h.client.recovery$.subscribe((event) => recoveries.push(event));
    const first = h.connectOpen();
    first.receive(feedEvent('p1', { id: 'e1', seq: 1 }));
    first.serverClose();
    const second = h.advanceToRetry();
    second.open();
    expect(second.framesOf('get_missed_messages')).toHaveLength(1);
    second.receive(feedEvent('p3', { id: 'e3', seq: 3 }));
    second.serverClose();
    h.advanceToRetry().serverClose();
    h.advanceToRetry().serverClose();
    await settle();
    expect(h.client.status).toBe('polling');
    expect(recoveries.map(({ verdict, reason }) => [verdict, reason])).toEqual([
      ['failed', 'transport_changed'],
    ]);
    expect(postIds(seen)).toEqual(['p1', 'p3']);
  });
});
