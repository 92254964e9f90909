import type { WebSocketLike } from 'ngx-realtime';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * An in-memory WebSocket driven by {@link RealtimeTestingController}: what the client sends is
 * recorded, what the test emits is delivered synchronously.
 */
export class FakeSocket implements WebSocketLike {
  readyState = CONNECTING;
  binaryType = 'blob';
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  /** Frames the client wrote, in order. */
  readonly sent: string[] = [];

  constructor(
    readonly url: string,
    readonly protocols: readonly string[],
    private readonly onSend: (socket: FakeSocket, frame: string) => void,
  ) {}

  get isOpen(): boolean {
    return this.readyState === OPEN;
  }

  get isClosed(): boolean {
    return this.readyState === CLOSED;
  }

  send(data: string): void {
    if (this.readyState !== OPEN)
      throw new Error('FakeSocket: send() on a socket that is not open');
    this.sent.push(data);
    this.onSend(this, data);
  }

  /** The client closes the socket. */
  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }

  /** The server accepts the connection. */
  acceptConnection(): void {
    if (this.readyState !== CONNECTING) return;
    this.readyState = OPEN;
    this.onopen?.({});
  }

  /** The server delivers one text frame. */
  deliver(frame: string): void {
    if (this.readyState === OPEN) this.onmessage?.({ data: frame });
  }

  /** The server (or the network) ends the connection. */
  drop(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }
}
