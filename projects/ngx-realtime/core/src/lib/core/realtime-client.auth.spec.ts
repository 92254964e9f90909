import type { RealtimeMessage } from 'ngx-realtime';
import {
  ackOf,
  ackErrorOf,
  createHarness,
  errorFrame,
  feedEvent,
  postIds,
  settle,
  type Harness,
} from '../../../../spec-support/client-harness';
import { longPolling } from '../transport/long-polling';

const TEN_MINUTES = 10 * 60_000;

describe('RealtimeClient: auth', () => {
  let h: Harness;
  let issued: string[];

  /** A provider that hands out a new token on every call: t1, t2, ... */
  function rotatingToken(): () => string {
    issued = [];
    return () => {
      const token = `t${issued.length + 1}`;
      issued.push(token);
      return token;
    };
  }

  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  describe('placement and the token provider', () => {
    it('puts the token in the `token` query parameter by default', () => {
      h = createHarness({ token: rotatingToken() });
      const socket = h.connectOpen();
      expect(socket.url).toBe('wss://rt.example.test/ws?token=t1');
      expect(socket.protocols).toBeUndefined();
    });

    it('puts the token in Sec-WebSocket-Protocol as `bearer, <token>` when asked', () => {
      h = createHarness({ token: rotatingToken(), auth: { placement: 'protocol' } });
      const socket = h.connectOpen();
      expect(socket.url).toBe('wss://rt.example.test/ws');
      expect(socket.protocols).toEqual(['bearer', 't1']);
    });

    it('uses a custom query parameter name', () => {
      h = createHarness({ token: rotatingToken(), auth: { queryParam: 'access_token' } });
      expect(new URL(h.connectOpen().url).searchParams.get('access_token')).toBe('t1');
    });

    it('calls the provider on every (re)connect', () => {
      h = createHarness({ token: rotatingToken() });
      h.connectOpen().serverClose();
      h.advanceToRetry().open();
      h.client.reconnect();
      h.sockets.last.open();
      h.client.disconnect();
      h.connectOpen();
      expect(issued).toEqual(['t1', 't2', 't3', 't4']);
      expect(h.sockets.sockets.map((socket) => socket.queryToken)).toEqual(issued);
    });

    it('waits for an async provider', async () => {
      h = createHarness({ token: async () => 'async-token' });
      h.client.connect();
      expect(h.sockets.count).toBe(0);
      await settle();
      expect(h.sockets.last.queryToken).toBe('async-token');
    });

    it('connects without a token when none is configured', () => {
      h = createHarness({ token: undefined });
      expect(h.connectOpen().url).toBe('wss://rt.example.test/ws');
    });

    it('connect(credentials) replaces the configured token for later reconnects too', () => {
      h = createHarness({ token: rotatingToken() });
      h.client.connect({ token: 'given' });
      h.sockets.last.open();
      h.sockets.last.serverClose();
      h.advanceToRetry();
      expect(h.sockets.sockets.map((socket) => socket.queryToken)).toEqual(['given', 'given']);
      expect(issued).toEqual([]);
    });

    it('ends in unauthorized without a socket when the provider returns no token', () => {
      h = createHarness({ token: () => null });
      h.client.connect();
      expect(h.client.status).toBe('unauthorized');
      expect(h.sockets.count).toBe(0);
      expect(h.errors.map((error) => error.code)).toEqual(['unauthorized']);
    });

    it('reports a failing provider and retries with backoff', () => {
      let calls = 0;
      h = createHarness({
        token: () => {
          if (++calls === 1) throw new Error('token service down');
          return 'tok';
        },
      });
      h.client.connect();
      expect(h.sockets.count).toBe(0);
      expect(h.errors.map((error) => error.code)).toEqual(['transport_error']);
      expect(h.client.status).toBe('reconnecting');
      h.advanceToRetry().open();
      expect(h.client.status).toBe('connected');
    });
  });

  describe('an auth rejection refreshes once and retries once', () => {
    it('close code 4401: refresh and retry at once, then unauthorized for good', () => {
      h = createHarness({ token: rotatingToken() });
      h.client.connect();
      h.sockets.last.serverClose(4401, 'token expired');
      expect(h.sockets.count).toBe(2);
      expect(h.sockets.last.queryToken).toBe('t2');
      expect(h.client.status).toBe('connecting');
      h.sockets.last.serverClose(4401, 'token expired');
      expect(h.client.status).toBe('unauthorized');
      expect(h.errors.map((error) => error.code)).toEqual(['unauthorized']);
      h.lifecycle.wake('online');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(2);
      expect(issued).toEqual(['t1', 't2']);
    });

    it('a refused upgrade (HTTP 401) counts as a rejection', () => {
      h = createHarness({ token: rotatingToken() });
      h.client.connect();
      h.sockets.last.error({ message: 'Unexpected server response: 401' });
      expect(h.sockets.count).toBe(2);
      h.sockets.last.error({ message: 'Unexpected server response: 401' });
      expect(h.client.status).toBe('unauthorized');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(2);
    });

    it('an error frame TOKEN_EXPIRED on an open link: refresh, retry, then unauthorized', () => {
      h = createHarness({ token: rotatingToken() });
      const first = h.connectOpen();
      first.receive(errorFrame('TOKEN_EXPIRED', 'Token has expired'));
      expect(first.closedByClient?.code).toBe(1000);
      expect(h.client.status).toBe('reconnecting');
      expect(h.sockets.count).toBe(2);
      const second = h.sockets.last;
      second.open();
      second.receive(errorFrame('TOKEN_EXPIRED', 'Token has expired'));
      expect(h.client.status).toBe('unauthorized');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(2);
      expect(issued).toEqual(['t1', 't2']);
      expect(h.errors.map((error) => error.code)).toEqual(['unauthorized']);
    });

    it('a successful retry restores the connection', () => {
      h = createHarness({ token: rotatingToken() });
      const seen: RealtimeMessage[] = [];
      h.client.channel('feed:updates').subscribe((event) => seen.push(event));
      h.client.connect();
      h.sockets.last.serverClose(4401);
      const socket = h.sockets.last;
      socket.open();
      socket.receive(feedEvent('p1'));
      expect(h.client.status).toBe('connected');
      expect(postIds(seen)).toEqual(['p1']);
    });

    it('a rejection after the server accepted the refreshed token refreshes again', () => {
      h = createHarness({ token: rotatingToken() });
      h.client.channel('feed:updates').subscribe();
      h.client.connect();
      h.sockets.last.serverClose(4401);
      const second = h.sockets.last;
      second.open();
      // The server answers the subscribe: the refreshed token works.
      second.receive(ackOf(second.only('subscribe')));
      jest.advanceTimersByTime(60 * 60_000);
      second.serverClose(4401, 'token expired');
      expect(h.client.status).not.toBe('unauthorized');
      expect(h.sockets.count).toBe(3);
      expect(h.sockets.last.queryToken).toBe('t3');
    });

    it('a subscribe refused with TOKEN_EXPIRED is an auth rejection, not a channel rejection', () => {
      h = createHarness({ token: rotatingToken() });
      let failed = false;
      h.client.channel('feed:updates').subscribe({ error: () => (failed = true) });
      const first = h.connectOpen();
      first.receive(ackErrorOf(first.only('subscribe'), 'TOKEN_EXPIRED'));
      expect(failed).toBe(false);
      expect(h.sockets.count).toBe(2);
      const second = h.sockets.last;
      second.open();
      expect(second.only('subscribe').payload).toEqual({ channel: 'feed:updates' });
      expect(h.errors.map((error) => error.code)).toEqual([]);
    });

    it('connect() after unauthorized starts over with a fresh retry', () => {
      h = createHarness({ token: rotatingToken() });
      h.client.connect();
      h.sockets.last.serverClose(4401);
      h.sockets.last.serverClose(4401);
      expect(h.client.status).toBe('unauthorized');
      h.client.connect();
      expect(h.sockets.count).toBe(3);
      h.sockets.last.serverClose(4401);
      expect(h.sockets.count).toBe(4);
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
    });

    it('a 401 on a poll: refresh, retry, then unauthorized with no further requests', async () => {
      h = createHarness({ token: rotatingToken(), polling: longPolling({ mode: 'only' }) });
      h.client.connect();
      await settle();
      const first = h.http.next('/api/v1/realtime/poll');
      expect(first.authorization).toBe('Bearer t1');
      first.respond(401);
      await settle();
      const second = h.http.next('/api/v1/realtime/poll');
      expect(second.authorization).toBe('Bearer t2');
      second.respond(401);
      await settle();
      expect(h.client.status).toBe('unauthorized');
      await jest.advanceTimersByTimeAsync(TEN_MINUTES);
      expect(h.http.requests).toHaveLength(2);
      expect(h.sockets.count).toBe(0);
      expect(h.errors.map((error) => error.code)).toEqual(['unauthorized']);
    });
  });

  it('never puts the token in an error message', async () => {
    const secret = 'eyJ.secret-token.sig';
    h = createHarness({
      token: () => secret,
      reconnect: { maxAttempts: 1 },
      polling: longPolling({
        mode: 'fallback',
        sendUrl: 'https://rt.example.test/api/v1/realtime/send',
      }),
    });
    h.sockets.throwOnCreate = new SyntaxError(
      `Invalid URL wss://rt.example.test/ws?token=${secret}`,
    );
    h.client.connect();
    h.sockets.throwOnCreate = null;
    h.advanceToRetry().serverClose(1006, `bad token ${secret}`);
    await settle();
    const poll = h.http.next('/api/v1/realtime/poll');
    poll.respond(500, { error: secret });
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c1' } });
    await settle();
    h.http.next('/api/v1/realtime/send').respond(401);
    await settle();
    h.sockets.last.serverClose(4401);
    await settle();
    for (const request of h.http.pending()) request.respond(401);
    await settle();
    expect(h.client.status).toBe('unauthorized');
    expect(h.errors.length).toBeGreaterThanOrEqual(3);
    for (const error of h.errors) {
      expect(String(error)).not.toContain(secret);
      // An app's ErrorHandler logs the cause chain too.
      expect(String(error.cause ?? '')).not.toContain(secret);
      expect(JSON.stringify(error.details ?? {})).not.toContain(secret);
    }
  });
});
