/*
 * A mock-socket server that follows the Chat API WebSocket text frame by frame
 * (/work/shared/spec/chat-api-websocket-status.md): `connection.success` on open, `pong` for
 * every app-level `ping`, `message.sent` with the `tempId` for every `message.send` (or an
 * `error {code, message}` when told to refuse), `message.read_ack` for `message.read`,
 * `block.added` / `block.removed`. It records what each connection sent and lets a test push
 * any other frame.
 */
import { Server, type Client } from 'mock-socket';

/** Where the mock server listens (the dialect's endpoint). */
export const CHAT_API_WS_URL = 'ws://chat-api.test/chat/ws';

/** The fixed server time the mock stamps on what it creates. */
export const CHAT_API_TS = '2024-01-01T11:00:00.000Z';

/** A Chat API frame as it travels on the wire. */
export interface ChatApiWireFrame {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A stored message in the dialect's camelCase shape. */
export function wireMessage(
  id: string,
  senderId: string,
  content: string,
  conversationId = 'conv-001',
  createdAt = CHAT_API_TS,
): Record<string, unknown> {
  return { id, conversationId, senderId, type: 'text', content, isRead: false, createdAt };
}

/** One client connection as the server sees it. */
export class ChatApiConnection {
  /** Frames the client sent on this connection, in order. */
  readonly received: ChatApiWireFrame[] = [];
  closed = false;

  constructor(
    private readonly socket: Client,
    /** The upgrade URL, query string included. */
    readonly url: URL,
  ) {}

  /** Frames of one type the client sent here. */
  framesOf(type: string): ChatApiWireFrame[] {
    return this.received.filter((frame) => frame.type === type);
  }

  /** Pushes `{type, payload}`. */
  push(type: string, payload: object): void {
    this.send({ type, payload });
  }

  /** Pushes a frame (objects are JSON-encoded, strings go out as they are). */
  send(data: object | string): void {
    this.socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** Pushes `error {code, message}` (the dialect puts it beside `type`, not in `payload`). */
  error(code: string, message: string): void {
    this.send({ type: 'error', error: { code, message } });
  }

  /** Ends the connection from the server side. */
  close(code = 1000, reason = ''): void {
    this.closed = true;
    this.socket.close({ code, reason, wasClean: code === 1000 });
  }
}

/** The Chat API mock server. */
export class ChatApiMockServer {
  readonly connections: ChatApiConnection[] = [];
  /** The user id `connection.success` names. */
  userId = 'me';
  /** Answer `ping` with `pong` (turn off to simulate a server that stopped answering). */
  answerPings = true;
  /** Refuse every `message.send` with this error code instead of confirming it. */
  refuseSendsWith: string | null = null;
  /** Called for every new connection, before the greeting (return false: no greeting). */
  onConnection: (connection: ChatApiConnection) => boolean = () => true;
  private server: Server | null = null;
  private stored = 0;

  constructor(readonly url = CHAT_API_WS_URL) {
    const server = new Server(this.url, { mock: false });
    server.on('connection', (socket) => {
      const connection = new ChatApiConnection(socket, new URL(socket.url));
      this.connections.push(connection);
      socket.on('close', () => (connection.closed = true));
      socket.on('message', (data) => this.receive(connection, String(data)));
      if (!this.onConnection(connection)) return;
      connection.push('connection.success', { userId: this.userId, connectedAt: CHAT_API_TS });
    });
    this.server = server;
  }

  /** Stops listening and drops every open connection. */
  stop(): void {
    this.server?.close({ code: 1006, reason: 'server down', wasClean: false });
    this.server?.stop();
    this.server = null;
  }

  /** The latest connection. */
  get last(): ChatApiConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no connection yet');
    return connection;
  }

  private receive(connection: ChatApiConnection, raw: string): void {
    const frame = JSON.parse(raw) as ChatApiWireFrame;
    connection.received.push(frame);
    const { payload } = frame;
    switch (frame.type) {
      case 'ping':
        if (this.answerPings) connection.push('pong', { timestamp: payload['timestamp'] });
        return;
      case 'message.send':
        if (this.refuseSendsWith !== null) {
          connection.error(this.refuseSendsWith, 'You cannot send messages to this user');
          return;
        }
        connection.push('message.sent', {
          tempId: payload['tempId'],
          message: wireMessage(
            `msg-${++this.stored}`,
            this.userId,
            String(payload['content']),
            String(payload['conversationId']),
          ),
        });
        return;
      case 'message.read':
        connection.push('message.read_ack', {
          conversationId: payload['conversationId'],
          readAt: CHAT_API_TS,
        });
        return;
      case 'block.add':
        connection.push('block.added', { username: payload['username'], blockedAt: CHAT_API_TS });
        return;
      case 'block.remove':
        connection.push('block.removed', {
          username: payload['username'],
          unblockedAt: CHAT_API_TS,
        });
        return;
      default:
      // typing.start / typing.stop: relayed to the other participant, nothing back.
    }
  }
}
