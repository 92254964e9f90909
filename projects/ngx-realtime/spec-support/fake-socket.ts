/*
 * A WebSocket the spec drives by hand, and the factory that records every socket the client
 * opens (test support for the RealtimeClient specs; not shipped).
 */
import type { WebSocketFactory, WebSocketLike } from 'ngx-realtime';

/** A frame the client wrote, as the server reads it. */
export interface SentFrame {
  readonly id: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly timestamp?: string;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** A WebSocket the test drives by hand: `open()`, `receive()`, `serverClose()`. */
export class FakeSocket implements WebSocketLike {
  readyState = CONNECTING;
  binaryType = 'blob';
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  /** Raw frames the client wrote, in order. */
  readonly sent: string[] = [];
  /** How the client closed this socket, if it did. */
  closedByClient: { readonly code?: number; readonly reason?: string } | null = null;

  constructor(
    readonly url: string,
    readonly protocols: readonly string[] | undefined,
  ) {}

  /** The `token` query parameter of the upgrade URL. */
  get queryToken(): string | null {
    return new URL(this.url).searchParams.get('token');
  }

  get isOpen(): boolean {
    return this.readyState === OPEN;
  }

  get isClosed(): boolean {
    return this.readyState === CLOSED;
  }

  /** Every frame the client wrote, parsed. */
  get frames(): SentFrame[] {
    return this.sent.map((raw) => JSON.parse(raw) as SentFrame);
  }

  /** Frames of one type, in order. */
  framesOf(type: string): SentFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** The only frame of `type` (throws when there is not exactly one). */
  only(type: string): SentFrame {
    const frames = this.framesOf(type);
    if (frames.length !== 1) throw new Error(`expected one "${type}" frame, got ${frames.length}`);
    return frames[0];
  }

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error('FakeSocket: send() while not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.closedByClient = { code, reason };
    this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
  }

  /** The server accepts the upgrade. */
  open(): void {
    if (this.readyState !== CONNECTING) throw new Error('FakeSocket: open() twice');
    this.readyState = OPEN;
    this.onopen?.({});
  }

  /** The server writes one frame (an object is JSON-encoded). */
  receive(frame: string | object): void {
    if (this.readyState !== OPEN) throw new Error('FakeSocket: receive() while not open');
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The server or the network ends the connection (also before it opened). */
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }

  /** The browser reports an error event, then the close. */
  error(event: unknown, code = 1006): void {
    this.onerror?.(event);
    this.serverClose(code);
  }
}

/** Records every socket the client opens. */
export class FakeSocketFactory {
  readonly sockets: FakeSocket[] = [];
  /** When set, the next constructions throw it (a malformed URL, a blocked port...). */
  throwOnCreate: unknown = null;

  readonly factory: WebSocketFactory = (url, protocols) => {
    if (this.throwOnCreate !== null) throw this.throwOnCreate;
    const socket = new FakeSocket(url, protocols);
    this.sockets.push(socket);
    return socket;
  };

  get count(): number {
    return this.sockets.length;
  }

  /** The latest socket (throws when none was opened). */
  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) throw new Error('no socket was opened');
    return socket;
  }
}
