import type { ServerOptions } from '../src/config';
import type { ReferenceServer } from '../src/server';
import { abortRequests, request } from './http-support';
import { refusedStatus, startServer, TestClient, waitFor } from './support';

const CONTROL = '/api/v1/control';

describe('reference server: test-control API', () => {
  let server: ReferenceServer;
  const clients: TestClient[] = [];

  const connect = async (user: string) => {
    const client = await TestClient.connect(server, server.issueToken(user));
    clients.push(client);
    await client.next((frame) => frame.type === 'connect');
    return client;
  };
  const control = (path: string, body?: object | string) =>
    request(`${server.httpUrl}${CONTROL}/${path}`, { body });
  const notification = (user: string, id: string) =>
    control('publish', {
      user_id: user,
      type: 'notification',
      channel: 'notifications',
      payload: { id, type: 'like' },
    });
  const ids = (client: TestClient, type = 'notification') =>
    client.ofType(type).map((frame) => frame.payload['id']);

  const restartWith = async (options: Partial<ServerOptions>) => {
    await server.stop();
    server = await startServer(options);
  };

  beforeEach(async () => {
    server = await startServer({ control: true });
  });

  afterEach(async () => {
    abortRequests();
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.stop();
  });

  describe('availability', () => {
    it('does not exist without the control flag', async () => {
      await restartWith({});
      for (const path of ['restart', 'connections', 'faults', 'nowhere']) {
        expect((await control(path)).status).toBe(404);
      }
      expect((await control('restart', {})).status).toBe(404);
    });

    it('answers unknown routes with 404, other methods with 405, bad JSON with 400', async () => {
      expect((await control('nowhere', {})).status).toBe(404);
      const wrongMethod = await control('restart');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('POST');
      expect(await control('restart', '{nope')).toMatchObject({
        status: 400,
        body: { code: 'INVALID_MESSAGE' },
      });
    });
  });

  describe('publish', () => {
    it('delivers an event to one user, logged with the next seq', async () => {
      const alice = await connect('alice');
      const reply = await notification('alice', 'n1');
      expect(reply).toMatchObject({
        status: 200,
        body: { delivered: 1, event: { type: 'notification', seq: 1, channel: 'notifications' } },
      });
      const frame = await alice.next((received) => received.type === 'notification');
      expect(frame).toMatchObject({ seq: 1, payload: { id: 'n1', type: 'like' } });
      expect(frame.id).toBe((reply.body['event'] as { id: string }).id);
    });

    it('reaches sockets that did not join the channel only when direct', async () => {
      const alice = await connect('alice');
      const event = { user_id: 'alice', type: 'typing_start', channel: 'conversation:c9' };
      await control('publish', { ...event, payload: { n: 1 } });
      await control('publish', { ...event, payload: { n: 2 }, direct: true });
      await alice.next((frame) => frame.type === 'typing_start');
      expect(alice.ofType('typing_start').map((frame) => frame.payload['n'])).toEqual([2]);
      expect(server.hub.session('alice').log.latest).toBe(2);
    });

    it('publishes on a channel to every user who wants it, but except_user_id', async () => {
      const alice = await connect('alice');
      const bob = await connect('bob');
      const carol = await connect('carol');
      const reply = await control('publish', {
        channel: 'notifications',
        type: 'notification',
        payload: { id: 'n1', type: 'like' },
        except_user_id: 'carol',
      });
      expect(reply.body).toEqual({ delivered: 2 });
      await alice.next((frame) => frame.type === 'notification');
      await bob.next((frame) => frame.type === 'notification');
      expect(server.hub.session('carol').log.latest).toBe(0);
      expect(carol.ofType('notification')).toHaveLength(0);
    });

    it('validates its input', async () => {
      for (const body of [
        { user_id: 'alice', payload: {} },
        { type: 'notification', payload: {} },
        { type: 'notification', user_id: 'alice', payload: [1] },
        { type: 'notification', user_id: '' },
        { type: 'notification', user_id: 'alice', direct: 'yes' },
      ]) {
        const reply = await control('publish', body);
        expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_MESSAGE' } });
      }
    });
  });

  describe('notifications', () => {
    it('creates notifications in the inbox: counted, and markable read with echoes', async () => {
      const tab1 = await connect('alice');
      const tab2 = await connect('alice');
      const first = await control('notifications', { user_id: 'alice', message: 'Hi' });
      expect(first.body['notification']).toEqual({
        id: expect.any(String),
        type: 'mention',
        message: 'Hi',
        read: false,
        created_at: expect.any(String),
        unread_count: 1,
      });
      await control('notifications', { user_id: 'alice', id: 'n2', type: 'like' });
      await waitFor(() => tab2.ofType('notification').length === 2);
      expect(tab2.ofType('notification')[1].payload).toMatchObject({ id: 'n2', unread_count: 2 });

      const id = (first.body['notification'] as { id: string }).id;
      const read = await tab1.request('notification_read', { notification_id: id });
      expect(read.payload).toMatchObject({ data: { unread_count: 1 } });
      const echo = await tab2.next((frame) => frame.type === 'notification_read');
      expect(echo.payload).toMatchObject({ notification_id: id, unread_count: 1 });
    });

    it('validates its input', async () => {
      for (const body of [
        { message: 'no user' },
        { user_id: 'alice', type: 7 },
        { user_id: 'alice', message: ['x'] },
        { user_id: 'alice', created_at: 'soon' },
      ]) {
        const reply = await control('notifications', body);
        expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_MESSAGE' } });
      }
    });
  });

  describe('faults', () => {
    it('drops the next N event frames of a user, and only theirs', async () => {
      const alice = await connect('alice');
      const bob = await connect('bob');
      const added = await control('faults', { kind: 'drop', count: 2, user_id: 'alice' });
      expect(added.body).toEqual({
        pending: [{ kind: 'drop', remaining: 2, user_id: 'alice' }],
        refuse_upgrades: false,
      });
      await notification('bob', 'b1');
      for (const id of ['a1', 'a2', 'a3']) await notification('alice', id);
      await alice.next((frame) => frame.payload['id'] === 'a3');
      await bob.next((frame) => frame.payload['id'] === 'b1');
      expect(ids(alice)).toEqual(['a3']);
      expect(alice.ofType('notification')[0].seq).toBe(3);
      expect((await control('faults')).body).toEqual({ pending: [], refuse_upgrades: false });
    });

    it('duplicates the next event frame (same id and seq)', async () => {
      const alice = await connect('alice');
      await control('faults', { kind: 'duplicate' });
      await notification('alice', 'a1');
      await notification('alice', 'a2');
      await alice.next((frame) => frame.payload['id'] === 'a2');
      expect(ids(alice)).toEqual(['a1', 'a1', 'a2']);
      const [first, second] = alice.ofType('notification');
      expect(second).toEqual(first);
    });

    it('delays the next event frames, so later ones overtake them', async () => {
      const alice = await connect('alice');
      await control('faults', { kind: 'delay', count: 1, delay_ms: [100, 150] });
      await notification('alice', 'late');
      // In-process, right after: far inside the delay even on a busy machine.
      server.hub.deliverToUser('alice', 'notification', { id: 'early', type: 'like' });
      await waitFor(() => alice.ofType('notification').length === 2, 3000, 'both frames');
      expect(ids(alice)).toEqual(['early', 'late']);
      expect(alice.ofType('notification').map((frame) => frame.seq)).toEqual([2, 1]);
    });

    it('never touches acks, and clears pending rules on request', async () => {
      const alice = await connect('alice');
      await control('upgrades', { refuse: true });
      await control('faults', { kind: 'drop', count: 5 });
      const ack = await alice.request('heartbeat', {});
      expect(ack.type).toBe('ack');
      expect((await control('faults/clear', {})).body).toEqual({
        pending: [],
        refuse_upgrades: true,
      });
      await notification('alice', 'a1');
      await alice.next((frame) => frame.payload['id'] === 'a1');
    });

    it('validates fault rules', async () => {
      for (const body of [
        { kind: 'explode' },
        { kind: 'drop', count: 0 },
        { kind: 'drop', count: 1.5 },
        { kind: 'delay' },
        { kind: 'delay', delay_ms: -1 },
        { kind: 'delay', delay_ms: [50, 10] },
        { kind: 'delay', delay_ms: [1, 2, 3] },
        { kind: 'delay', delay_ms: 10_000_000 },
      ]) {
        const reply = await control('faults', body);
        expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_MESSAGE' } });
      }
      expect((await control('faults')).body['pending']).toEqual([]);
    });
  });

  describe('kill', () => {
    it('closes a user’s sockets with a close frame, code and reason', async () => {
      const alice = await connect('alice');
      const bob = await connect('bob');
      const reply = await control('kill', { user_id: 'alice', code: 4000, reason: 'bye' });
      expect(reply.body).toEqual({ killed: 1 });
      await waitFor(() => alice.closed !== null, 3000, 'the close');
      expect(alice.closed).toEqual({ code: 4000, reason: 'bye' });
      expect(bob.closed).toBeNull();
    });

    it('closes with 1012 by default', async () => {
      const alice = await connect('alice');
      await control('kill', {});
      await waitFor(() => alice.closed !== null, 3000, 'the close');
      expect(alice.closed?.code).toBe(1012);
    });

    it('drops every connection without a close frame on terminate', async () => {
      const alice = await connect('alice');
      const bob = await connect('bob');
      const reply = await control('kill', { terminate: true });
      expect(reply.body).toEqual({ killed: 2 });
      await waitFor(() => alice.closed !== null && bob.closed !== null, 3000, 'the drops');
      expect(alice.closed?.code).toBe(1006);
      expect(bob.closed?.code).toBe(1006);
    });

    it('refuses close codes that cannot be sent and overlong reasons', async () => {
      for (const body of [
        { code: 1005 },
        { code: 999 },
        { code: 2000 },
        { reason: 'x'.repeat(124) },
      ]) {
        expect((await control('kill', body)).status).toBe(400);
      }
    });
  });

  describe('upgrades', () => {
    it('refuses WebSocket upgrades with 503 until allowed again; open sockets stay', async () => {
      const alice = await connect('alice');
      expect((await control('upgrades', { refuse: true })).body).toEqual({ refuse_upgrades: true });
      const refused = await refusedStatus(`${server.url}?token=${server.issueToken('bob')}`);
      expect(refused.status).toBe(503);
      expect(alice.closed).toBeNull();
      expect((await control('upgrades', { refuse: false })).body).toEqual({
        refuse_upgrades: false,
      });
      await connect('bob');
      expect((await control('upgrades', {})).status).toBe(400);
    });
  });

  describe('restart', () => {
    it('clears memory, starts a new epoch and drops the sockets', async () => {
      const alice = await connect('alice');
      const before = server.hub.epoch;
      await notification('alice', 'n1');
      await control('faults', { kind: 'drop', count: 3 });
      const reply = await control('restart', {});
      expect(reply.body).toEqual({ epoch: server.hub.epoch });
      expect(server.hub.epoch).not.toBe(before);
      await waitFor(() => alice.closed !== null, 3000, 'the drop');
      expect((await control('faults')).body['pending']).toEqual([]);
      const again = await connect('alice');
      const hello = again.ofType('connect')[0];
      expect(hello.payload).toMatchObject({ epoch: server.hub.epoch, last_sequence: 0 });
    });

    it('answers held polls at once so polling clients see the new log', async () => {
      const token = server.issueToken('alice');
      await notification('alice', 'n1');
      const poll = (cursor: number) =>
        request(`${server.httpUrl}/api/v1/realtime/poll?last_poll_id=${cursor}&timeout=30`, {
          token,
        });
      const behind = poll(1);
      const fresh = request(`${server.httpUrl}/api/v1/realtime/poll?timeout=30`, {
        token: server.issueToken('bob'),
      });
      await waitFor(
        () =>
          server.hub.session('alice').pollWaiters.size === 1 &&
          server.hub.session('bob').pollWaiters.size === 1,
        3000,
        'the held polls',
      );
      await control('restart', {});
      expect((await behind).body).toEqual({ events: [], last_poll_id: 0, has_more: false });
      // Bob's cursor (0) is valid in the new log too: his poll waits on, now for the new one.
      await waitFor(() => server.hub.session('bob').pollWaiters.size === 1, 3000, 'bob waiting');
      await notification('bob', 'b1');
      const bobs = await fresh;
      expect(bobs.body).toMatchObject({ last_poll_id: 1 });
    });
  });

  describe('inspection', () => {
    it('reads what the server received from a user, from an index on', async () => {
      const alice = await connect('alice');
      alice.send('heartbeat', {}, { id: 'h1', ack: false });
      await alice.request('heartbeat', {}, { id: 'h2' });
      const first = await control('received?user_id=alice');
      expect(first.body).toMatchObject({ user_id: 'alice', next: 2 });
      expect((first.body['frames'] as { id: string }[]).map((frame) => frame.id)).toEqual([
        'h1',
        'h2',
      ]);
      expect(first.body['frames']).toContainEqual(
        expect.objectContaining({ id: 'h2', type: 'heartbeat', ack_id: 'h2', payload: {} }),
      );
      await alice.request('heartbeat', {}, { id: 'h3' });
      const newer = await control('received?user_id=alice&since=2');
      expect((newer.body['frames'] as { id: string }[]).map((frame) => frame.id)).toEqual(['h3']);
      expect(newer.body['next']).toBe(3);
      expect((await control('received?user_id=nobody')).body).toEqual({
        user_id: 'nobody',
        frames: [],
        next: 0,
      });
      expect([...server.hub.sessions()].map((session) => session.userId)).toEqual(['alice']);
      expect((await control('received')).status).toBe(400);
      expect((await control('received?user_id=alice&since=-1')).status).toBe(400);
    });

    it('lists the open connections, optionally of one user', async () => {
      const alice = await connect('alice');
      await connect('bob');
      await alice.request('subscribe', { channel: 'notifications' });
      const all = await control('connections');
      const list = all.body['connections'] as { user_id: string; subscriptions: string[] }[];
      expect(list.map((connection) => connection.user_id).sort()).toEqual(['alice', 'bob']);
      const mine = await control('connections?user_id=alice');
      expect(mine.body['connections']).toEqual([
        { id: expect.any(String), user_id: 'alice', open: true, subscriptions: ['notifications'] },
      ]);
    });
  });

  describe('conversations', () => {
    it('sets and clears the members of a conversation', async () => {
      const set = await control('conversations', { conversation_id: 'c1', members: ['alice'] });
      expect(set.body).toEqual({ conversation_id: 'c1', members: ['alice'] });
      expect((await control('conversations?conversation_id=c1')).body).toEqual(set.body);
      const bob = await connect('bob');
      const refused = await bob.request('subscribe', { channel: 'conversation:c1' });
      expect(refused).toMatchObject({ type: 'error', payload: { code: 'FORBIDDEN' } });
      const alice = await connect('alice');
      expect((await alice.request('subscribe', { channel: 'conversation:c1' })).type).toBe('ack');

      const open = await control('conversations', { conversation_id: 'c1', members: [] });
      expect(open.body).toEqual({ conversation_id: 'c1', members: null });
      expect((await bob.request('subscribe', { channel: 'conversation:c1' })).type).toBe('ack');
      for (const body of [
        { members: ['a'] },
        { conversation_id: 'c1' },
        { conversation_id: 'c1', members: [1] },
      ]) {
        expect((await control('conversations', body)).status).toBe(400);
      }
    });
  });
});
