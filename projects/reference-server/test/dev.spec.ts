import { verifyToken } from '../src/auth/jwt';
import type { ServerOptions } from '../src/config';
import type { ReferenceServer } from '../src/server';
import { abortRequests, recordingLogger, request } from './http-support';
import { SECRET, startServer, TestClient } from './support';

const DEV_TOKEN = '/api/v1/auth/dev-token';

describe('reference server: dev mode', () => {
  let server: ReferenceServer;
  const clients: TestClient[] = [];
  const devToken = (body?: object | string, method?: string) =>
    request(`${server.httpUrl}${DEV_TOKEN}`, { body, method });

  const restartWith = async (options: Partial<ServerOptions>) => {
    await server.stop();
    server = await startServer(options);
  };

  beforeEach(async () => {
    server = await startServer({ dev: true });
  });

  afterEach(async () => {
    abortRequests();
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.stop();
  });

  it('is not reachable without the dev flag', async () => {
    await restartWith({ control: true });
    expect((await devToken({ user_id: 'alice' })).status).toBe(404);
  });

  it('hands out a token signed with the server secret that opens sockets and polls', async () => {
    const reply = await devToken({ user_id: 'alice_01-x' });
    expect(reply).toMatchObject({
      status: 200,
      body: { user_id: 'alice_01-x', expires_in: 3600, token: expect.any(String) },
    });
    const token = reply.body['token'] as string;
    expect(verifyToken(token, SECRET)).toEqual({
      ok: true,
      identity: { userId: 'alice_01-x', expiresAt: expect.any(Number) },
    });
    const socket = await TestClient.connect(server, token);
    clients.push(socket);
    const hello = await socket.next((frame) => frame.type === 'connect');
    expect(hello.payload['user_id']).toBe('alice_01-x');
    const poll = await request(`${server.httpUrl}/api/v1/realtime/poll?timeout=0`, { token });
    expect(poll.status).toBe(200);
  });

  it('honours a requested lifetime within a day', async () => {
    const reply = await devToken({ user_id: 'alice', expires_in: 60 });
    expect(reply.body['expires_in']).toBe(60);
    for (const expiresIn of [0, 86_401, 1.5, '60']) {
      expect((await devToken({ user_id: 'alice', expires_in: expiresIn })).status).toBe(400);
    }
  });

  it('refuses user ids that are empty, long or outside [A-Za-z0-9_-]', async () => {
    for (const userId of ['', 'a'.repeat(65), 'bad id', 'ünïcode', '../x', 42, null]) {
      const reply = await devToken({ user_id: userId });
      expect(reply).toMatchObject({ status: 400, body: { code: 'INVALID_MESSAGE' } });
    }
    expect((await devToken({})).status).toBe(400);
    expect((await devToken('{nope')).status).toBe(400);
    expect((await devToken('[]')).status).toBe(400);
    expect((await devToken({ user_id: 'a'.repeat(64) })).status).toBe(200);
  });

  it('answers other methods with 405', async () => {
    const reply = await devToken(undefined, 'GET');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });

  it('logs the issue without the token', async () => {
    const logger = recordingLogger();
    await restartWith({ dev: true, logger });
    const reply = await devToken({ user_id: 'alice' });
    const token = reply.body['token'] as string;
    const issued = logger.lines.filter((line) => line.includes('dev.token_issued'));
    expect(issued).toHaveLength(1);
    expect(issued[0]).toContain('alice');
    for (const line of logger.lines) expect(line).not.toContain(token);
  });
});
