/*
 * A mock-socket server that speaks SocialHub frames, for the integration suites: it acks
 * subscribe and heartbeat frames (both can be switched off), records what every connection
 * sent and saw on the upgrade (URL, subprotocols), and lets a test push frames or close.
 */
import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import {
  RealtimeClient,
  webSocketFactory,
  type RealtimeClientOptions,
  type WebSocketConstructor,
} from 'ngx-realtime';

/** Where the mock server listens. */
export const WS_URL = 'ws://realtime.test/ws';

/** A frame as it travels on the wire. */
export interface WireFrame {
  readonly id: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly timestamp?: string;
  readonly seq?: number;
}

let frameCounter = 0;

/** A valid server frame. */
export function frame(
  type: string,
  payload: object,
  extras: Partial<Pick<WireFrame, 'id' | 'channel' | 'ack_id' | 'seq'>> = {},
): WireFrame {
  return {
    id: extras.id ?? `srv-${++frameCounter}`,
    type,
    payload: payload as Record<string, unknown>,
    channel: extras.channel,
    ack_id: extras.ack_id,
    seq: extras.seq,
    timestamp: new Date().toISOString(),
  };
}

/** A `feed_update` on `feed:updates`. */
export function feedUpdate(postId: string, extras: Partial<Pick<WireFrame, 'id' | 'seq'>> = {}) {
  return frame(
    'feed_update',
    { type: 'new_post', post_id: postId },
    { channel: 'feed:updates', ...extras },
  );
}

/** One client connection as the server sees it. */
export class ServerConnection {
  /** Frames the client sent on this connection, in order. */
  readonly received: WireFrame[] = [];
  closed = false;

  constructor(
    private readonly socket: Client,
    /** The upgrade URL, query string included. */
    readonly url: URL,
    /** The `Sec-WebSocket-Protocol` values the client offered. */
    readonly protocols: readonly string[],
  ) {}

  /** The `token` query parameter of the upgrade. */
  get queryToken(): string | null {
    return this.url.searchParams.get('token');
  }

  /** Frames of one type the client sent here. */
  framesOf(type: string): WireFrame[] {
    return this.received.filter((item) => item.type === type);
  }

  /** Pushes a frame (objects are JSON-encoded, strings go out as they are). */
  send(data: object | string): void {
    this.socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** Acknowledges a frame the client sent. */
  ack(sent: WireFrame, data?: unknown): void {
    this.send(frame('ack', { ack_id: sent.ack_id, status: 'success', data }));
  }

  /** Refuses a frame the client sent with an `error` frame. */
  refuse(sent: WireFrame, code: string, message: string): void {
    this.send(frame('error', { code, message }, { ack_id: sent.ack_id }));
  }

  /** Ends the connection from the server side. */
  close(code = 1000, reason = ''): void {
    this.closed = true;
    this.socket.close({ code, reason, wasClean: code === 1000 });
  }
}

/** The SocialHub mock server. */
export class SocialHubMockServer {
  readonly connections: ServerConnection[] = [];
  /** Ack heartbeat frames (turn off to simulate a server that stopped answering). */
  answerHeartbeats = true;
  /** Called for every frame other than subscribe / unsubscribe / heartbeat. */
  onFrame: (received: WireFrame, connection: ServerConnection) => void = () => undefined;
  /** Called for every new connection, before any frame (close it here to refuse it). */
  onConnection: (connection: ServerConnection) => void = () => undefined;
  private server: Server | null = null;
  private readonly offered: string[][] = [];

  constructor(readonly url = WS_URL) {
    this.start();
  }

  /** Starts listening (again). */
  start(): void {
    if (this.server !== null) return;
    const server = new Server(this.url, {
      mock: false,
      selectProtocol: (protocols) => {
        this.offered.push([...protocols]);
        return protocols.includes('bearer') ? 'bearer' : '';
      },
    });
    server.on('connection', (socket) => {
      const connection = new ServerConnection(
        socket,
        new URL(socket.url),
        this.offered.shift() ?? [],
      );
      this.connections.push(connection);
      socket.on('close', () => (connection.closed = true));
      socket.on('message', (data) => this.receive(connection, String(data)));
      this.onConnection(connection);
    });
    this.server = server;
  }

  /** Stops listening and drops every open connection (new upgrades then fail). */
  stop(): void {
    this.server?.close({ code: 1006, reason: 'server down', wasClean: false });
    this.server?.stop();
    this.server = null;
  }

  /** The latest connection. */
  get last(): ServerConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no connection yet');
    return connection;
  }

  /** Connections still open. */
  get open(): ServerConnection[] {
    return this.connections.filter((connection) => !connection.closed);
  }

  private receive(connection: ServerConnection, raw: string): void {
    const received = JSON.parse(raw) as WireFrame;
    connection.received.push(received);
    switch (received.type) {
      case 'subscribe':
      case 'unsubscribe':
        connection.ack(received);
        return;
      case 'heartbeat':
        if (this.answerHeartbeats) connection.ack(received);
        return;
      default:
        this.onFrame(received, connection);
    }
  }
}

/** A client wired to the mock-socket WebSocket, with no lifecycle events and heartbeats off. */
export function createClient(options: Partial<RealtimeClientOptions> = {}): RealtimeClient {
  return new RealtimeClient({
    url: WS_URL,
    token: () => 'jwt-1',
    webSocket: webSocketFactory(MockWebSocket as unknown as WebSocketConstructor),
    fetch: (url, init) => fetch(url, init),
    lifecycle: null,
    heartbeat: false,
    ...options,
  });
}

/**
 * Waits (real timers) until `condition` holds, polling every 5 ms; fails after `timeoutMs`.
 * Only a guard against hanging: tests assert on state, never on how long it took.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 3_000,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
