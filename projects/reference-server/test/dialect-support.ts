import WebSocket from 'ws';
import type { ReferenceServer } from '../src/server';
import { waitFor } from './support';

/** A frame a dialect client received, parsed (dialects have no common envelope). */
export type WireFrame = Record<string, unknown> & { readonly type: string };

/**
 * A raw `ws` client speaking a dialect frame by frame: records every frame it receives,
 * sends JSON objects or raw text, and waits for frames by predicate.
 */
export class DialectClient {
  readonly frames: WireFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as WireFrame));
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  /**
   * Connects to `path` of the server (`?token=` unless `headers` carry it) and waits for the
   * open; the client is added to `clients`, for closing in `afterEach`.
   */
  static async connect(
    server: ReferenceServer,
    path: string,
    token: string | null,
    clients: DialectClient[],
    options: { readonly headers?: Record<string, string> } = {},
  ): Promise<DialectClient> {
    const base = `ws://${server.config.host}:${server.port}${path}`;
    const url = token === null ? base : `${base}?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url, { headers: options.headers });
    const client = new DialectClient(socket);
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends an object as JSON, or a string as it is. */
  send(frame: object | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits for the first received frame matching `predicate` (already received ones count). */
  async next(predicate: (frame: WireFrame) => boolean, timeoutMs = 3000): Promise<WireFrame> {
    await waitFor(() => this.frames.some(predicate), timeoutMs, 'a matching frame');
    return this.frames.find(predicate) as WireFrame;
  }

  /** Waits for the first frame of `type`. */
  nextOfType(type: string, timeoutMs = 3000): Promise<WireFrame> {
    return this.next((frame) => frame.type === type, timeoutMs);
  }

  /** Frames of `type` received so far. */
  ofType(type: string): WireFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Waits for the `count`-th frame of `type` and returns it. */
  async nth(type: string, count: number): Promise<WireFrame> {
    await waitFor(() => this.ofType(type).length >= count, 3000, `${count} × ${type}`);
    return this.ofType(type)[count - 1];
  }

  /** Closes cleanly (or drops the connection when the handshake does not finish). */
  async close(): Promise<void> {
    if (this.closed !== null) return;
    this.socket.close();
    try {
      await waitFor(() => this.closed !== null, 1000, 'close');
    } catch {
      this.socket.terminate();
      this.closed = { code: 1006, reason: 'terminated by the test' };
    }
  }
}

/** Closes every client of a test. */
export async function closeAll(clients: DialectClient[]): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.close()));
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
