/*
 * The long-polling fallback against msw (HTTP) and mock-socket (WebSocket), with real timers
 * and short configured delays; `waitFor` only guards against hanging.
 */
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { RealtimeClient, RealtimeError, RealtimeMessage } from 'ngx-realtime';
import {
  createClient,
  feedUpdate,
  SocialHubMockServer,
  waitFor,
  type WireFrame,
} from './support/socialhub-mock-server';
import { longPolling } from '../core/src/lib/transport/long-polling';

const POLL_URL = 'http://realtime.test/api/v1/realtime/poll';
const SEND_URL = 'http://realtime.test/api/v1/realtime/send';

interface PollRequest {
  readonly authorization: string | null;
  readonly lastPollId: string | null;
  readonly userId: string | null;
}

/** The server's event log: the poll cursor is the number of events already handed out. */
let eventLog: WireFrame[] = [];
let polls: PollRequest[] = [];
let posted: { authorization: string | null; frame: WireFrame }[] = [];

const api = setupServer(
  http.get(POLL_URL, async ({ request }) => {
    const url = new URL(request.url);
    polls.push({
      authorization: request.headers.get('Authorization'),
      lastPollId: url.searchParams.get('last_poll_id'),
      userId: url.searchParams.get('user_id'),
    });
    const cursor = Number(url.searchParams.get('last_poll_id') ?? '0');
    const events = eventLog.slice(cursor);
    // A real long poll holds the request while there is nothing new.
    if (events.length === 0) await delay(30);
    return HttpResponse.json({ events, last_poll_id: cursor + events.length, has_more: false });
  }),
  http.post(SEND_URL, async ({ request }) => {
    const frame = (await request.json()) as WireFrame;
    posted.push({ authorization: request.headers.get('Authorization'), frame });
    return HttpResponse.json({ status: 'success', data: { n: frame.payload['n'] } });
  }),
);

function postIds(events: readonly RealtimeMessage[]): string[] {
  return events.map((event) => String((event.payload as { post_id: string }).post_id));
}

describe('integration: long-polling fallback (msw) and the way back (mock-socket)', () => {
  let server: SocialHubMockServer;
  let client: RealtimeClient;
  let seen: RealtimeMessage[];

  beforeAll(() => api.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => api.close());

  beforeEach(() => {
    eventLog = [];
    polls = [];
    posted = [];
    seen = [];
    // The WebSocket endpoint is down: every upgrade fails.
    server = new SocialHubMockServer();
    server.stop();
  });

  afterEach(() => {
    client.destroy();
    server.stop();
    api.resetHandlers();
  });

  function startClient(sendUrl?: string): void {
    client = createClient({
      token: () => 'poll-token',
      userId: 'u1',
      reconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
      polling: longPolling({ mode: 'fallback', minIntervalMs: 10, timeoutSeconds: 5, sendUrl }),
    });
    client.channel('feed:updates').subscribe((event) => seen.push(event));
    client.connect();
  }

  it('polls after the budget is spent and moves back to the WebSocket without losing or repeating an event', async () => {
    eventLog.push(feedUpdate('p1', { id: 'e1' }), feedUpdate('p2', { id: 'e2' }));
    startClient();
    await waitFor(() => client.status === 'polling', 'the polling fallback');
    await waitFor(() => seen.length === 2, 'the first polled events');
    eventLog.push(feedUpdate('p3', { id: 'e3' }));
    await waitFor(() => seen.length === 3, 'the third polled event');
    expect(client.stats.transport).toBe('polling');

    // Sent while polling without a sendUrl: waits in the outbox for the WebSocket.
    expect(client.send({ type: 'typing_start', payload: { n: 1 } }).queued).toBe(true);

    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.every((poll) => poll.authorization === 'Bearer poll-token')).toBe(true);
    expect(polls.every((poll) => poll.userId === 'u1')).toBe(true);
    expect(polls[0].lastPollId).toBe('0');
    expect(polls.map((poll) => poll.lastPollId)).toContain('2');
    await waitFor(() => polls.some((poll) => poll.lastPollId === '3'), 'a poll from cursor 3');

    // Upgrades work again: the background probe connects. The server replays e3 (already
    // polled) and sends e4.
    server.onConnection = (connection) => {
      connection.send(feedUpdate('p3', { id: 'e3' }));
      connection.send(feedUpdate('p4', { id: 'e4' }));
    };
    server.start();
    await waitFor(() => client.status === 'connected', 'the move back to the WebSocket');
    await waitFor(() => seen.length >= 4, 'the fourth event');
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(client.stats.transport).toBe('websocket');
    await waitFor(() => server.last.framesOf('typing_start').length === 1, 'the queued send');
    expect(server.last.received.map((item) => item.type)).toEqual(['subscribe', 'typing_start']);
    expect(client.stats.outboxDepth).toBe(0);
  });

  it('sends by POST to sendUrl while polling, in order, acknowledged by the response', async () => {
    startClient(SEND_URL);
    await waitFor(() => client.status === 'polling', 'the polling fallback');
    const acked: unknown[] = [];
    const failures: RealtimeError[] = [];
    client.send({ type: 'typing_start', payload: { n: 1 } });
    client.sendWithAck({ type: 'message', payload: { n: 2 } }).subscribe({
      next: (value) => acked.push(value),
      error: (error: RealtimeError) => failures.push(error),
    });
    client.send({ type: 'typing_start', payload: { n: 3 } });
    await waitFor(() => posted.length === 3, 'three POSTs');
    await waitFor(() => acked.length === 1, 'the ack of the POST');
    expect(posted.map((item) => item.frame.payload['n'])).toEqual([1, 2, 3]);
    expect(posted.every((item) => item.authorization === 'Bearer poll-token')).toBe(true);
    expect(posted[1].frame.ack_id).toBe(posted[1].frame.id);
    expect(acked).toEqual([{ n: 2 }]);
    expect(failures).toEqual([]);
    expect(client.stats.outboxDepth).toBe(0);
  });

  it('refreshes the token once after a 401 on a poll, then ends unauthorized', async () => {
    api.use(
      http.get(POLL_URL, ({ request }) => {
        polls.push({
          authorization: request.headers.get('Authorization'),
          lastPollId: null,
          userId: null,
        });
        return new HttpResponse(null, { status: 401 });
      }),
    );
    let issued = 0;
    client = createClient({
      token: () => `jwt-${++issued}`,
      polling: longPolling({ mode: 'only', minIntervalMs: 10 }),
    });
    client.connect();
    await waitFor(() => client.status === 'unauthorized', 'the unauthorized state');
    expect(polls.map((poll) => poll.authorization)).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
  });
});
