import { request as httpRequest } from 'node:http';
import type { ServerOptions } from '../src/config';
import type { ReferenceServer } from '../src/server';
import { abortRequests, manualClock, recordingLogger, request } from './http-support';
import { startServer, TestClient, waitFor } from './support';

const POLL = '/api/v1/realtime/poll';
const MISSED = '/api/v1/realtime/poll/missed';
const SEND = '/api/v1/realtime/send';

interface PolledEvent {
  readonly id: string;
  readonly type: string;
  readonly channel?: string;
  readonly payload: Record<string, unknown>;
  readonly timestamp: string;
  readonly seq: number;
}

describe('reference server: HTTP polling', () => {
  let server: ReferenceServer;
  const clients: TestClient[] = [];

  const restartWith = async (options: Partial<ServerOptions>) => {
    await server.stop();
    server = await startServer(options);
  };
  const url = (path: string) => `${server.httpUrl}${path}`;
  const notify = (user: string, n: number) =>
    server.hub.deliverToUser(
      user,
      'notification',
      { id: `n${n}`, type: 'like' },
      { channel: 'notifications' },
    );
  const events = (body: Record<string, unknown>) => body['events'] as PolledEvent[];
  const waiters = (user: string) => server.hub.session(user).pollWaiters.size;

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    abortRequests();
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.stop();
  });

  describe('authentication', () => {
    it('refuses missing, invalid and expired tokens with 401 and the spec bodies', async () => {
      for (const path of [`${POLL}?timeout=0`, `${MISSED}?last_sequence=0`]) {
        expect(await request(url(path))).toMatchObject({
          status: 401,
          body: { error: 'missing token', code: 'MISSING_TOKEN' },
        });
        expect(await request(url(path), { token: 'nope' })).toMatchObject({
          status: 401,
          body: { error: 'invalid token', code: 'INVALID_TOKEN' },
        });
        expect(await request(url(path), { token: server.issueToken('alice', -10) })).toMatchObject({
          status: 401,
          body: { error: 'token expired', code: 'TOKEN_EXPIRED' },
        });
      }
      const send = await request(url(SEND), { body: { id: 'm1', type: 'heartbeat', payload: {} } });
      expect(send).toMatchObject({ status: 401, body: { code: 'MISSING_TOKEN' } });
    });

    it('never authenticates by a bare user_id, and refuses a user_id that is not the token’s', async () => {
      notify('alice', 1);
      const bare = await request(url(`${POLL}?user_id=alice&timeout=0`));
      expect(bare.status).toBe(401);
      const token = server.issueToken('bob');
      const other = await request(url(`${POLL}?user_id=alice&timeout=0`), { token });
      expect(other).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const posted = await request(url(POLL), { token, body: { user_id: 'alice', timeout: 0 } });
      expect(posted.status).toBe(403);
      const own = await request(url(`${POLL}?user_id=bob&timeout=0`), { token });
      expect(own.status).toBe(200);
    });

    it('accepts the token in the query as well', async () => {
      notify('alice', 1);
      const token = server.issueToken('alice');
      const reply = await request(url(`${POLL}?token=${token}&timeout=0`));
      expect(reply.status).toBe(200);
      expect(events(reply.body)).toHaveLength(1);
    });

    it('writes no token to the log', async () => {
      const logger = recordingLogger();
      await restartWith({ logger });
      const token = server.issueToken('alice');
      await request(url(`${POLL}?token=${token}&timeout=0`));
      await request(url(`${POLL}?timeout=0&user_id=mallory`), { token });
      await request(url(`${POLL}?timeout=0`), { token: `${token}x` });
      await request(url(`${POLL}?timeout=0`), { token: server.issueToken('alice', -1) });
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const line of logger.lines) expect(line).not.toMatch(/eyJ/);
    });
  });

  describe('GET and POST /poll', () => {
    it('answers at once with the events after the cursor, as envelopes with seq', async () => {
      for (let n = 1; n <= 3; n++) notify('alice', n);
      const token = server.issueToken('alice');
      const all = await request(url(`${POLL}?last_poll_id=0&timeout=30`), { token });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ last_poll_id: 3, has_more: false });
      expect(events(all.body).map((event) => event.seq)).toEqual([1, 2, 3]);
      expect(events(all.body)[0]).toEqual({
        id: expect.any(String),
        type: 'notification',
        channel: 'notifications',
        payload: { id: 'n1', type: 'like' },
        timestamp: expect.any(String),
        seq: 1,
      });
      const rest = await request(url(`${POLL}?last_poll_id=2`), { token });
      expect(events(rest.body).map((event) => event.seq)).toEqual([3]);
      const posted = await request(url(POLL), { token, body: { last_poll_id: 1, timeout: 30 } });
      expect(posted.body).toMatchObject({ last_poll_id: 3, has_more: false });
      expect(events(posted.body).map((event) => event.seq)).toEqual([2, 3]);
      const asText = await request(url(POLL), { token, body: { last_poll_id: '2' } });
      expect(events(asText.body).map((event) => event.seq)).toEqual([3]);
    });

    it('holds the request until an event for the user arrives', async () => {
      const token = server.issueToken('alice');
      const held = request(url(`${POLL}?last_poll_id=0&timeout=30`), { token });
      await waitFor(() => waiters('alice') === 1, 3000, 'the held poll');
      notify('bob', 1);
      expect(waiters('alice')).toBe(1);
      const event = notify('alice', 2);
      const reply = await held;
      expect(reply.body).toMatchObject({ last_poll_id: 1, has_more: false });
      expect(events(reply.body)).toEqual([JSON.parse(JSON.stringify(event))]);
      expect(waiters('alice')).toBe(0);
    });

    it('is woken by events that reach the user’s sockets too (channel publish)', async () => {
      const socket = await TestClient.connect(server, server.issueToken('alice'));
      clients.push(socket);
      const token = server.issueToken('alice');
      const held = request(url(POLL), { token, body: { last_poll_id: 0, timeout: 30 } });
      await waitFor(() => waiters('alice') === 1, 3000, 'the held poll');
      server.hub.publish('notifications', 'notification', { id: 'n9', type: 'mention' });
      const reply = await held;
      expect(events(reply.body).map((event) => event.payload['id'])).toEqual(['n9']);
      const live = await socket.next((frame) => frame.type === 'notification');
      expect(live.seq).toBe(events(reply.body)[0].seq);
    });

    it('answers with no events and the same cursor when the hold runs out', async () => {
      await restartWith({ pollMaxTimeoutSeconds: 0.05 });
      notify('alice', 1);
      const token = server.issueToken('alice');
      const reply = await request(url(`${POLL}?last_poll_id=1&timeout=30`), { token });
      expect(reply.body).toEqual({ events: [], last_poll_id: 1, has_more: false });
      expect(waiters('alice')).toBe(0);
      const none = await request(url(`${POLL}?last_poll_id=1&timeout=0`), { token });
      expect(none.body).toEqual({ events: [], last_poll_id: 1, has_more: false });
    });

    it('forgets the waiter of a request the client abandons', async () => {
      const token = server.issueToken('alice');
      const controller = new AbortController();
      const held = request(url(`${POLL}?timeout=30`), { token, signal: controller.signal });
      await waitFor(() => waiters('alice') === 1, 3000, 'the held poll');
      controller.abort();
      await expect(held).rejects.toThrow();
      await waitFor(() => waiters('alice') === 0, 3000, 'the waiter to go');
      notify('alice', 1);
    });

    it('lets the server stop while a poll is held', async () => {
      const token = server.issueToken('alice');
      const held = request(url(`${POLL}?timeout=30`), { token });
      await waitFor(() => waiters('alice') === 1, 3000, 'the held poll');
      await server.stop();
      await expect(held).rejects.toThrow();
      await waitFor(() => waiters('alice') === 0, 3000, 'the waiter to go');
      server = await startServer();
    });

    it('refuses a POST body over 16 KiB with 413', async () => {
      const token = server.issueToken('alice');
      const reply = await request(url(POLL), { token, body: { pad: 'x'.repeat(17 * 1024) } });
      expect(reply).toMatchObject({ status: 413, body: { code: 'INVALID_MESSAGE' } });
    });

    it('caps a response at 100 events and says has_more', async () => {
      await restartWith({ eventLogSize: 500 });
      for (let n = 1; n <= 150; n++) notify('alice', n);
      const token = server.issueToken('alice');
      const first = await request(url(`${POLL}?last_poll_id=0`), { token });
      expect(events(first.body)).toHaveLength(100);
      expect(first.body).toMatchObject({ last_poll_id: 100, has_more: true });
      const second = await request(url(`${POLL}?last_poll_id=100`), { token });
      expect(events(second.body)).toHaveLength(50);
      expect(second.body).toMatchObject({ last_poll_id: 150, has_more: false });
    });

    it('moves a cursor from before a restart back at once', async () => {
      for (let n = 1; n <= 3; n++) notify('alice', n);
      server.restart();
      const token = server.issueToken('alice');
      const reset = await request(url(`${POLL}?last_poll_id=3&timeout=30`), { token });
      expect(reset.body).toEqual({ events: [], last_poll_id: 0, has_more: false });
      notify('alice', 4);
      const after = await request(url(`${POLL}?last_poll_id=7&timeout=30`), { token });
      expect(after.body).toMatchObject({ last_poll_id: 1 });
      expect(events(after.body).map((event) => event.payload['id'])).toEqual(['n4']);
    });

    it('refuses malformed parameters with 400 and other methods with 405', async () => {
      const token = server.issueToken('alice');
      for (const query of [
        'last_poll_id=abc',
        'last_poll_id=-1',
        'last_poll_id=1.5',
        'timeout=x',
      ]) {
        const reply = await request(url(`${POLL}?${query}`), { token });
        expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_MESSAGE' } });
      }
      expect((await request(url(POLL), { token, body: '{nope' })).status).toBe(400);
      expect((await request(url(POLL), { token, body: '[1]' })).status).toBe(400);
      expect((await request(url(POLL), { token, body: { timeout: -1 } })).status).toBe(400);
      const put = await request(url(POLL), { token, method: 'PUT' });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, POST');
      expect(
        (await request(url(`${MISSED}?last_sequence=0`), { token, method: 'POST' })).status,
      ).toBe(405);
    });

    it('answers CORS for allowed origins and exposes the rate-limit headers', async () => {
      const token = server.issueToken('alice');
      const reply = await request(url(`${POLL}?timeout=0`), {
        token,
        headers: { Origin: 'http://localhost:4200' },
      });
      expect(reply.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
      expect(reply.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Reset');
      const foreign = await request(url(`${POLL}?timeout=0`), {
        token,
        headers: { Origin: 'https://evil.example' },
      });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('rate limit', () => {
    it('allows pollsPerMinute requests a minute, then 429 with Retry-After', async () => {
      const clock = manualClock();
      await restartWith({ pollsPerMinute: 3, clock });
      const token = server.issueToken('alice');
      const poll = () => request(url(`${POLL}?timeout=0`), { token });
      const resetAt = String(Math.ceil((clock.now() + 60_000) / 1000));
      for (const remaining of ['2', '1']) {
        const reply = await poll();
        expect(reply.status).toBe(200);
        expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
        expect(reply.headers.get('x-ratelimit-remaining')).toBe(remaining);
        expect(reply.headers.get('x-ratelimit-reset')).toBe(resetAt);
        clock.advance(10_000);
      }
      // The missed-messages endpoint spends the same budget.
      const missed = await request(url(`${MISSED}?last_sequence=0`), { token });
      expect(missed.headers.get('x-ratelimit-remaining')).toBe('0');
      const refused = await poll();
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect(refused.headers.get('retry-after')).toBe('40');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('x-ratelimit-reset')).toBe(resetAt);

      const bob = await request(url(`${POLL}?timeout=0`), { token: server.issueToken('bob') });
      expect(bob.status).toBe(200);
      clock.advance(40_000);
      const again = await poll();
      expect(again.status).toBe(200);
      expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
    });
  });

  describe('GET /poll/missed', () => {
    it('returns the events after last_sequence with complete, epoch and last_sequence', async () => {
      for (let n = 1; n <= 4; n++) notify('alice', n);
      const token = server.issueToken('alice');
      const reply = await request(url(`${MISSED}?last_sequence=2`), { token });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        complete: true,
        epoch: server.hub.epoch,
        last_sequence: 4,
      });
      expect((reply.body['messages'] as PolledEvent[]).map((event) => event.seq)).toEqual([3, 4]);
      const otherEpoch = await request(url(`${MISSED}?last_sequence=2&epoch=old`), { token });
      expect(otherEpoch.body['complete']).toBe(false);
      const sameEpoch = await request(url(`${MISSED}?last_sequence=2&epoch=${server.hub.epoch}`), {
        token,
      });
      expect(sameEpoch.body['complete']).toBe(true);
    });

    it('says when the log no longer covers the range', async () => {
      await restartWith({ eventLogSize: 2 });
      for (let n = 1; n <= 5; n++) notify('alice', n);
      const token = server.issueToken('alice');
      const reply = await request(url(`${MISSED}?last_sequence=1`), { token });
      expect(reply.body).toMatchObject({ complete: false, last_sequence: 5 });
      expect(reply.body['messages']).toHaveLength(2);
    });

    it('requires a valid last_sequence', async () => {
      const token = server.issueToken('alice');
      expect((await request(url(MISSED), { token })).status).toBe(400);
      expect((await request(url(`${MISSED}?last_sequence=x`), { token })).status).toBe(400);
    });
  });

  describe('POST /send (extension)', () => {
    const frame = (id: string, type: string, payload: object = {}, ack = true) => ({
      id,
      type,
      payload,
      ...(ack ? { ack_id: id } : {}),
      timestamp: new Date().toISOString(),
    });

    it('runs a frame and answers with the ack payload', async () => {
      const token = server.issueToken('alice');
      const acked = await request(url(SEND), { token, body: frame('m1', 'heartbeat') });
      expect(acked).toMatchObject({
        status: 200,
        body: { ack_id: 'm1', status: 'success', data: { timestamp: expect.any(String) } },
      });
      const unacked = await request(url(SEND), {
        token,
        body: frame('m2', 'heartbeat', {}, false),
      });
      expect(unacked).toMatchObject({ status: 200, body: { status: 'success' } });
      expect(server.hub.session('alice').received.map((received) => received.id)).toEqual([
        'm1',
        'm2',
      ]);
    });

    it('answers catch-up requests like the socket does', async () => {
      for (let n = 1; n <= 3; n++) notify('alice', n);
      const token = server.issueToken('alice');
      const reply = await request(url(SEND), {
        token,
        body: frame('m1', 'get_missed_messages', { last_sequence: 1 }),
      });
      const data = reply.body['data'] as { messages: PolledEvent[]; complete: boolean };
      expect(data.messages.map((event) => event.seq)).toEqual([2, 3]);
      expect(data.complete).toBe(true);
    });

    it('answers a refused frame with 200 and the typed error, so the client does not retry it', async () => {
      const token = server.issueToken('alice');
      const reply = await request(url(SEND), { token, body: frame('m1', 'mystery') });
      expect(reply).toMatchObject({
        status: 200,
        body: { ack_id: 'm1', status: 'error', error: { code: 'INVALID_MESSAGE' } },
      });
    });

    it('refuses bodies that are not a client frame with 400', async () => {
      const token = server.issueToken('alice');
      const notJson = await request(url(SEND), { token, body: '{nope' });
      expect(notJson).toMatchObject({
        status: 400,
        body: { status: 'error', error: { code: 'INVALID_MESSAGE' } },
      });
      const noType = await request(url(SEND), {
        token,
        body: { id: 'x', payload: {}, ack_id: 'x' },
      });
      expect(noType).toMatchObject({
        status: 400,
        body: { ack_id: 'x', status: 'error', error: { code: 'INVALID_MESSAGE' } },
      });
      expect((await request(url(SEND), { token })).status).toBe(405);
    });

    it('refuses a body over maxFrameBytes with 413', async () => {
      await restartWith({ maxFrameBytes: 1024 });
      const token = server.issueToken('alice');
      const big = frame('m1', 'heartbeat', { padding: 'x'.repeat(2048) });
      const reply = await request(url(SEND), { token, body: big });
      expect(reply).toMatchObject({ status: 413, body: { code: 'INVALID_MESSAGE' } });
      expect(server.hub.session('alice').received).toHaveLength(0);
    });

    it('refuses a streamed body without Content-Length once it passes maxFrameBytes', async () => {
      await restartWith({ maxFrameBytes: 1024 });
      const status = await new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(url(SEND), {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.issueToken('alice')}` },
        });
        outgoing.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        outgoing.on('error', reject);
        // Chunked: the server only learns the size while reading.
        for (let i = 0; i < 8; i++) outgoing.write('x'.repeat(512));
        outgoing.end();
      });
      expect(status).toBe(413);
    });

    it('acks a resent message again without running it twice', async () => {
      const token = server.issueToken('alice');
      const ask = frame('same', 'get_missed_messages', { last_sequence: 0 });
      const first = await request(url(SEND), { token, body: ask });
      notify('alice', 1);
      // Run again, it would now list the new event.
      const again = await request(url(SEND), { token, body: ask });
      expect(again.body).toEqual(first.body);
      expect(again.body['data']).toMatchObject({ messages: [] });
    });
  });
});
