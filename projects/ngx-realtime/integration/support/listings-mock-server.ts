/*
 * A mock-socket server that follows the Listings chat WebSocket text frame by frame
 * (/work/shared/spec/listings-chat-websocket.md): `connected` on open, `pong` for every
 * `ping`, flat frames, numeric ids. It records what each connection sent and lets a test push
 * `new_message`, `message_read`, `typing` (or anything else) to it.
 */
import { Server } from 'mock-socket';

/** Where the mock Listings server listens (`GET /ws/chat?token=<JWT>`). */
export const LISTINGS_WS_URL = 'ws://listings.test/ws/chat';

/** The time the mock stamps on its frames. */
export const LISTINGS_TS = '2025-11-21T13:00:00Z';

/** A flat Listings frame. */
export type ListingsWireFrame = Readonly<Record<string, unknown>> & { readonly type: string };

/** One client connection as the mock Listings server sees it. */
export class ListingsConnection {
  /** Frames the client sent, parsed, in order (a frame that was not JSON is kept as text). */
  readonly received: (ListingsWireFrame | string)[] = [];
  closed = false;

  constructor(
    private readonly socket: { send(data: string): void; close(options?: object): void },
    /** The upgrade URL, query string included. */
    readonly url: URL,
  ) {}

  /** Frames of one type the client sent here. */
  framesOf(type: string): ListingsWireFrame[] {
    return this.received.filter(
      (frame): frame is ListingsWireFrame => typeof frame !== 'string' && frame.type === type,
    );
  }

  /** Pushes a frame (objects are JSON-encoded, strings go out as they are). */
  send(data: object | string): void {
    this.socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** `new_message` as the spec shows it. */
  newMessage(id: number, chatId: number, senderId: number, content: string): void {
    this.send({
      type: 'new_message',
      chat_id: chatId,
      message: {
        id,
        chat_id: chatId,
        sender_id: senderId,
        receiver_id: senderId === 6 ? 5 : 6,
        content,
        created_at: LISTINGS_TS,
      },
      timestamp: LISTINGS_TS,
    });
  }

  /** `message_read` as the spec shows it. */
  messageRead(chatId: number, messageId: number, readBy: number): void {
    this.send({
      type: 'message_read',
      chat_id: chatId,
      message_id: messageId,
      read_by: readBy,
      timestamp: LISTINGS_TS,
    });
  }

  /** `typing` as the spec shows it. */
  typing(chatId: number, userId: number, isTyping: boolean): void {
    const frame = { type: 'typing', chat_id: chatId, user_id: userId, is_typing: isTyping };
    this.send({ ...frame, timestamp: LISTINGS_TS });
  }

  /** Ends the connection from the server side. */
  close(code = 1000, reason = ''): void {
    this.closed = true;
    this.socket.close({ code, reason, wasClean: code === 1000 });
  }
}

/** The mock Listings server; the signed-in user is 6, as in the spec's examples. */
export class ListingsMockServer {
  readonly connections: ListingsConnection[] = [];
  /** Answer `ping` with `pong` (turn off to simulate a server that stopped answering). */
  answerPings = true;
  private readonly server: Server;

  constructor(
    readonly userId = 6,
    url = LISTINGS_WS_URL,
  ) {
    this.server = new Server(url, { mock: false });
    this.server.on('connection', (socket) => {
      const connection = new ListingsConnection(socket, new URL(socket.url));
      this.connections.push(connection);
      socket.on('close', () => (connection.closed = true));
      socket.on('message', (data) => this.receive(connection, String(data)));
      connection.send({ type: 'connected', user_id: this.userId, timestamp: LISTINGS_TS });
    });
  }

  /** The latest connection. */
  get last(): ListingsConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no connection yet');
    return connection;
  }

  /** Every frame any connection sent, in order. */
  get allReceived(): (ListingsWireFrame | string)[] {
    return this.connections.flatMap((connection) => connection.received);
  }

  /** Stops listening and drops every open connection. */
  stop(): void {
    this.server.close({ code: 1006, reason: 'server down', wasClean: false });
    this.server.stop();
  }

  private receive(connection: ListingsConnection, raw: string): void {
    let frame: ListingsWireFrame | string = raw;
    try {
      frame = JSON.parse(raw) as ListingsWireFrame;
    } catch {
      // Kept as text: the test asserts the client never sends such a frame.
    }
    connection.received.push(frame);
    if (typeof frame !== 'string' && frame.type === 'ping' && this.answerPings) {
      connection.send({ type: 'pong', timestamp: LISTINGS_TS });
    }
  }
}
