import type { WebSocketLike } from 'ngx-realtime';

/** The zone.js API used to mimic a patched WebSocket (absent in zone-less apps). */
interface ZoneLike {
  run<T>(callback: () => T): T;
}

function currentZone(): ZoneLike | null {
  return (globalThis as { Zone?: { current: ZoneLike } }).Zone?.current ?? null;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * An in-memory WebSocket driven by {@link RealtimeTestingController}: what the client sends is
 * recorded, what the test emits is delivered synchronously.
 */
export class FakeSocket implements WebSocketLike {
  /** 0 connecting, 1 open, 3 closed, as on a real socket. */
  readyState = CONNECTING;
  /** Unused: the fake carries text frames only. */
  binaryType = 'blob';
  /** Set by the client; called when the test (or the controller) opens the socket. */
  onopen: WebSocketLike['onopen'] = null;
  /** Set by the client; called for each frame the test delivers. */
  onmessage: WebSocketLike['onmessage'] = null;
  /** Set by the client; called when either side closes the socket. */
  onclose: WebSocketLike['onclose'] = null;
  /** Set by the client; the fake never raises transport errors by itself. */
  onerror: WebSocketLike['onerror'] = null;
  /** Frames the client wrote, in order. */
  readonly sent: string[] = [];
  /**
   * Like a real socket under zone.js, callbacks run in the zone the socket was created in
   * (wherever the test triggers them from).
   */
  private readonly zone = currentZone();

  constructor(
    readonly url: string,
    readonly protocols: readonly string[],
    private readonly onSend: (socket: FakeSocket, frame: string) => void,
  ) {}

  /** Whether the socket is open (frames can be sent and delivered). */
  get isOpen(): boolean {
    return this.readyState === OPEN;
  }

  /** Whether the socket has been closed, by the client or by the test. */
  get isClosed(): boolean {
    return this.readyState === CLOSED;
  }

  /** The client writes a frame: recorded in {@link sent}; throws unless the socket is open. */
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
    this.inZone(() => this.onopen?.({}));
  }

  /** The server delivers one text frame. */
  deliver(frame: string): void {
    if (this.readyState === OPEN) this.inZone(() => this.onmessage?.({ data: frame }));
  }

  /** The server (or the network) ends the connection. */
  drop(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.inZone(() => this.onclose?.({ code, reason, wasClean: code === 1000 }));
  }

  private inZone(callback: () => void): void {
    if (this.zone === null) callback();
    else this.zone.run(callback);
  }
}
