import type { ReferenceServer } from '../src/server';
import { refusedStatus, startServer, TestClient, waitFor, type Received } from './support';

describe('reference server: connection, auth and core frames', () => {
  let server: ReferenceServer;
  const clients: TestClient[] = [];
  const connect = async (user = 'alice', options?: Parameters<typeof TestClient.connect>[2]) => {
    const client = await TestClient.connect(server, server.issueToken(user), options);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.stop();
  });

  it('accepts a token in the query, the subprotocol or the Authorization header', async () => {
    const byQuery = await connect('alice');
    const byProtocol = await connect('bob', {
      protocols: ['bearer', server.issueToken('bob')],
      query: false,
    });
    const byHeader = await connect('carol', {
      headers: { Authorization: `Bearer ${server.issueToken('carol')}` },
      query: false,
    });
    expect(byProtocol.socket.protocol).toBe('bearer');
    for (const [client, user] of [
      [byQuery, 'alice'],
      [byProtocol, 'bob'],
      [byHeader, 'carol'],
    ] as const) {
      const hello = await client.next((frame) => frame.type === 'connect');
      expect(hello.payload['user_id']).toBe(user);
    }
  });

  it('refuses missing, invalid and expired tokens with 401 and the spec bodies', async () => {
    expect(await refusedStatus(server.url)).toEqual({
      status: 401,
      body: JSON.stringify({ error: 'missing token', code: 'MISSING_TOKEN' }),
    });
    expect((await refusedStatus(`${server.url}?token=nope`)).body).toContain('INVALID_TOKEN');
    const expired = server.issueToken('alice', -10);
    expect((await refusedStatus(`${server.url}?token=${expired}`)).body).toContain('TOKEN_EXPIRED');
  });

  it('refuses origins outside the allow-list', async () => {
    const token = server.issueToken('alice');
    const refused = await refusedStatus(`${server.url}?token=${token}`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    await connect('alice', { headers: { Origin: 'http://localhost:4200' } });
  });

  it('allows at most maxConnectionsPerUser sockets per user', async () => {
    await server.stop();
    server = await startServer({ maxConnectionsPerUser: 2 });
    await connect('alice');
    await connect('alice');
    const refused = await refusedStatus(`${server.url}?token=${server.issueToken('alice')}`);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('MAX_CONNECTIONS');
    await connect('bob');
  });

  it('acks frames, answers malformed ones with INVALID_MESSAGE and stays open', async () => {
    const client = await connect();
    client.socket.send('{not json');
    client.socket.send(JSON.stringify({ id: 'x1', type: '', payload: {}, ack_id: 'x1' }));
    client.socket.send(JSON.stringify({ id: 'x2', type: 'mystery', payload: {}, ack_id: 'x2' }));
    await waitFor(() => client.ofType('error').length === 3);
    expect(client.ofType('error').map((frame) => frame.payload['code'])).toEqual([
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
    ]);
    expect(client.ofType('error').map((frame) => frame.ack_id)).toEqual([undefined, 'x1', 'x2']);
    const answer = await client.request('heartbeat', {});
    expect(answer).toMatchObject({ type: 'ack', payload: { status: 'success' } });
    expect(client.closed).toBeNull();
  });

  it('subscribes to known channels and refuses unknown ones with CHANNEL_NOT_FOUND', async () => {
    const client = await connect();
    expect((await client.request('subscribe', { channel: 'notifications' })).type).toBe('ack');
    const refused = await client.request('subscribe', { channel: 'nowhere' });
    expect(refused).toMatchObject({
      type: 'error',
      payload: { code: 'CHANNEL_NOT_FOUND', details: { channel: 'nowhere' } },
    });
  });

  it('rate-limits a flood of client frames with RATE_LIMITED and keeps the socket', async () => {
    await server.stop();
    server = await startServer({ maxMessagesPerSecond: 5 });
    const client = await connect();
    for (let i = 0; i < 8; i++) client.send('heartbeat', {}, { ack: false });
    await waitFor(() => client.ofType('error').length === 3);
    expect(client.ofType('error')[0].payload['code']).toBe('RATE_LIMITED');
    expect(client.closed).toBeNull();
  });

  it('closes a socket that sends a frame over the size limit with 1009', async () => {
    await server.stop();
    server = await startServer({ maxFrameBytes: 1024 });
    const client = await connect();
    client.socket.send('x'.repeat(2048));
    await waitFor(() => client.closed !== null);
    expect(client.closed?.code).toBe(1009);
  });

  it('stamps events with a per-user increasing seq and replays them on get_missed_messages', async () => {
    const client = await connect();
    for (let i = 1; i <= 3; i++)
      server.hub.deliverToUser(
        'alice',
        'notification',
        { id: `n${i}`, type: 'like' },
        { channel: 'notifications' },
      );
    await waitFor(() => client.ofType('notification').length === 3);
    expect(client.ofType('notification').map((frame) => frame.seq)).toEqual([1, 2, 3]);
    const reply = await client.request('get_missed_messages', { last_sequence: 1 });
    const data = reply.payload['data'] as { messages: { seq: number }[]; complete: boolean };
    expect(data.messages.map((event) => event.seq)).toEqual([2, 3]);
    expect(data.complete).toBe(true);
  });

  it('says when the log no longer covers the range, and when the epoch changed', async () => {
    await server.stop();
    server = await startServer({ eventLogSize: 2 });
    const client = await connect();
    for (let i = 1; i <= 5; i++)
      server.hub.deliverToUser('alice', 'notification', { id: `n${i}`, type: 'like' });
    const trimmed = (await client.request('get_missed_messages', { last_sequence: 1 })).payload[
      'data'
    ] as { complete: boolean; messages: unknown[] };
    expect(trimmed.complete).toBe(false);
    expect(trimmed.messages).toHaveLength(2);
    const ahead = (await client.request('get_missed_messages', { last_sequence: 99 })).payload[
      'data'
    ] as { complete: boolean };
    expect(ahead.complete).toBe(false);
    const otherEpoch = (
      await client.request('get_missed_messages', { last_sequence: 3, epoch: 'old' })
    ).payload['data'] as { complete: boolean };
    expect(otherEpoch.complete).toBe(false);
  });

  it('acks a resent message again without applying it twice', async () => {
    const client = await connect();
    const first = await client.request(
      'subscribe',
      { channel: 'notifications' },
      { id: 'same-id' },
    );
    expect(first.type).toBe('ack');
    // Undo the effect behind the server's back: a second application would redo it.
    server.hub.session('alice').channels.delete('notifications');
    const again = await client.request(
      'subscribe',
      { channel: 'notifications' },
      { id: 'same-id' },
    );
    expect(again.type).toBe('ack');
    expect(again.payload['data']).toEqual(first.payload['data']);
    expect(server.hub.session('alice').channels.has('notifications')).toBe(false);
  });

  it('sends heartbeats and closes connections that stay silent', async () => {
    await server.stop();
    server = await startServer({ heartbeatIntervalMs: 30, staleAfterMs: 100 });
    const client = await connect();
    await client.next((frame) => frame.type === 'heartbeat');
    // A ws client answers pings automatically, so silence needs a client that cannot pong.
    client.socket.pause();
    await waitFor(() => server.hub.session('alice').connections.size === 0, 3000, 'stale close');
  });

  it('restarts with memory cleared and a new epoch', async () => {
    const client = await connect();
    const hello = await client.next((frame) => frame.type === 'connect');
    server.hub.deliverToUser('alice', 'notification', { id: 'n1', type: 'like' });
    server.restart();
    await waitFor(() => client.closed !== null);
    const again = await connect();
    const hello2 = await again.next((frame) => frame.type === 'connect');
    expect(hello2.payload['epoch']).not.toBe(hello.payload['epoch']);
    expect(hello2.payload['last_sequence']).toBe(0);
  });

  it('closes a socket with 4401 TOKEN_EXPIRED when its token expires', async () => {
    const client = await TestClient.connect(server, server.issueToken('alice', 1));
    clients.push(client);
    await waitFor(() => client.closed !== null, 3000, 'expiry close');
    expect(client.closed).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });
  });

  it('chains every event frame of a socket to the previous one with prev_seq', async () => {
    const client = await connect();
    server.hub.deliverToUser('alice', 'notification', { id: 'n1', type: 'like' });
    server.faults.add({ kind: 'drop', remaining: 1 });
    server.hub.deliverToUser('alice', 'notification', { id: 'n2', type: 'like' });
    server.hub.deliverToUser('alice', 'notification', { id: 'n3', type: 'like' });
    await waitFor(() => client.ofType('notification').length === 2);
    const received = client.ofType('notification') as (Received & { prev_seq?: number })[];
    expect(received.map((frame) => [frame.seq, frame.prev_seq])).toEqual([
      [1, 0],
      [3, 2], // seq 2 was dropped: prev_seq reveals it
    ]);
  });

  it("starts a new socket's chain at the user's latest sequence number", async () => {
    server.hub.deliverToUser('alice', 'notification', { id: 'n1', type: 'like' });
    const client = await connect();
    server.hub.deliverToUser('alice', 'notification', { id: 'n2', type: 'like' });
    const frame = (await client.next((f) => f.type === 'notification')) as Received & {
      prev_seq?: number;
    };
    expect([frame.seq, frame.prev_seq]).toEqual([2, 1]);
  });
});
