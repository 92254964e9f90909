import { SOCIALHUB_EVENT_VALIDATORS } from '../../ngx-realtime/core/src/lib/protocol/socialhub-events';
import type { ServerOptions } from '../src/config';
import type { ServerContext } from '../src/features/feature';
import type { ReferenceServer } from '../src/server';
import { startServer, TestClient, type Received } from './support';

/**
 * Every frame `client` received whose type the client library validates, checked against
 * the library's own payload validators (the library drops events that fail them). Returns
 * the complaints, so `expect(invalidEvents(client)).toEqual([])` names the culprit.
 */
export function invalidEvents(client: TestClient): string[] {
  const validators: Readonly<Record<string, (payload: Record<string, unknown>) => string | null>> =
    SOCIALHUB_EVENT_VALIDATORS;
  return client.frames.flatMap((frame: Received) => {
    const validate = validators[frame.type];
    // An event type the client does not know is dropped by it as `unknown_type`.
    const problem = validate === undefined ? 'unknown to the client' : validate(frame.payload);
    return problem === null ? [] : [`${frame.type}: ${problem}`];
  });
}

/** The server's own context, as features and the HTTP layer see it. */
export function contextOf(server: ReferenceServer): ServerContext {
  return {
    hub: server.hub,
    config: server.config,
    faults: server.faults,
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      timer.unref();
      return timer;
    },
  };
}

/**
 * A server per test plus the clients connected to it; `stop()` (in afterEach) checks that
 * every event the clients got is valid for the library, closes them and stops the server.
 */
export class DomainHarness {
  server!: ReferenceServer;
  readonly clients: TestClient[] = [];

  async start(options: Partial<ServerOptions> = {}): Promise<ReferenceServer> {
    this.server = await startServer(options);
    return this.server;
  }

  /** Restarts the server with other options (the clients of the old one are closed). */
  async restartWith(options: Partial<ServerOptions>): Promise<ReferenceServer> {
    await this.stop();
    return this.start(options);
  }

  get context(): ServerContext {
    return contextOf(this.server);
  }

  /** Connects `userId` and waits for the `connect` frame. */
  async connect(userId: string): Promise<TestClient> {
    const client = await TestClient.connect(this.server, this.server.issueToken(userId));
    this.clients.push(client);
    await client.next((frame) => frame.type === 'connect');
    return client;
  }

  /** Connects `userId` and joins `conversation:{conversationId}` (acked). */
  async joined(userId: string, conversationId: string): Promise<TestClient> {
    const client = await this.connect(userId);
    const answer = await client.request('conversation_join', { conversation_id: conversationId });
    if (answer.type !== 'ack') throw new Error(`${userId} could not join ${conversationId}`);
    return client;
  }

  async stop(): Promise<void> {
    const clients = this.clients.splice(0);
    const problems = clients.flatMap((client) => invalidEvents(client));
    await Promise.all(clients.map((client) => client.close()));
    await this.server.stop();
    if (problems.length > 0)
      throw new Error(`Events the library would drop: ${problems.join('; ')}`);
  }
}

/** The `data` of an ack frame (fails loudly on an error frame). */
export function ackData<T = Record<string, unknown>>(frame: Received): T {
  if (frame.type !== 'ack') throw new Error(`Expected an ack, got ${JSON.stringify(frame)}`);
  return frame.payload['data'] as T;
}
