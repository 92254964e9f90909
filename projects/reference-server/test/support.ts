import WebSocket from 'ws';
import { createReferenceServer, type ReferenceServer } from '../src/server';
import type { ServerOptions } from '../src/config';
import { silentLogger } from '../src/logger';

/** A frame the test client received, parsed. */
export interface Received {
  readonly id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly seq?: number;
  readonly timestamp: string;
}

export const SECRET = 'test-secret';

/** Starts a server on a free loopback port with quiet logs; stop it in afterEach. */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<ReferenceServer> {
  const server = createReferenceServer({
    port: 0,
    secret: SECRET,
    logger: silentLogger,
    ...options,
  });
  await server.start();
  return server;
}

/** Polls `condition` every few ms until it holds; fails after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 3000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let counter = 0;

/**
 * A raw `ws` client speaking SocialHub: records every frame it receives, sends frames with
 * ids and (optionally) ack ids, and waits for answers.
 */
export class TestClient {
  readonly frames: Received[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Received));
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  /** Connects with `token` in the query (or as given in `url`) and waits for the open. */
  static async connect(
    server: ReferenceServer,
    token: string | null,
    options: {
      readonly protocols?: string[];
      readonly headers?: Record<string, string>;
      readonly query?: boolean;
    } = {},
  ): Promise<TestClient> {
    const url =
      token !== null && options.query !== false
        ? `${server.url}?token=${encodeURIComponent(token)}`
        : server.url;
    const socket = new WebSocket(url, options.protocols, { headers: options.headers });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends a frame; returns its id (also its ack id when `ack` is true). */
  send(
    type: string,
    payload: object,
    options: { readonly ack?: boolean; readonly id?: string; readonly channel?: string } = {},
  ): string {
    const id = options.id ?? `c${++counter}`;
    this.socket.send(
      JSON.stringify({
        id,
        type,
        payload,
        channel: options.channel,
        ack_id: options.ack === false ? undefined : id,
        timestamp: new Date().toISOString(),
      }),
    );
    return id;
  }

  /** Waits for the first received frame matching `predicate` (already received ones count). */
  async next(predicate: (frame: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    await waitFor(() => this.frames.some(predicate), timeoutMs, 'a matching frame');
    return this.frames.find(predicate) as Received;
  }

  /** Sends with an ack id and waits for the ack or error answering it. */
  async request(
    type: string,
    payload: object,
    options: { readonly id?: string; readonly channel?: string } = {},
  ): Promise<Received> {
    const id = this.send(type, payload, { ...options, ack: true });
    return this.next(
      (frame) =>
        (frame.type === 'ack' && frame.payload['ack_id'] === id) ||
        (frame.type === 'error' && frame.ack_id === id),
    );
  }

  /** Frames of `type` received so far. */
  ofType(type: string): Received[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Closes cleanly, or drops the TCP connection when the close handshake does not finish. */
  async close(): Promise<void> {
    if (this.closed !== null) return;
    this.socket.resume();
    this.socket.close();
    try {
      await waitFor(() => this.closed !== null, 1000, 'close');
    } catch {
      this.socket.terminate();
      this.closed = { code: 1006, reason: 'terminated by the test' };
    }
  }
}

/** Opens a connection that must be refused; resolves with the HTTP status of the refusal. */
export async function refusedStatus(
  url: string,
  options: { readonly protocols?: string[]; readonly headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols, { headers: options.headers });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += String(chunk)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => reject(new Error('connection was accepted')));
    socket.on('error', () => undefined);
  });
}
