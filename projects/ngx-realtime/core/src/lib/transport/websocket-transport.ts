import { RealtimeError } from '../errors/realtime-error';
import { SOCKET_OPEN, type WebSocketFactory, type WebSocketLike } from './websocket-like';

/** How a socket ended. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  /** The server refused the credentials (HTTP 401/403 on the upgrade or an auth close code). */
  readonly authRejected: boolean;
}

/** What a {@link WebSocketTransport} reports; never called after `close()`. */
export interface TransportEvents {
  open(): void;
  frame(text: string): void;
  /** A binary frame that is not valid UTF-8, or a frame of an unexpected kind. */
  unreadable(error: RealtimeError): void;
  closed(info: CloseInfo): void;
}

/**
 * Close codes servers use for "credentials refused": 4001/4003 (widespread convention) and
 * 4401/4403 (HTTP status + 4000). 1008 (policy violation) counts when its reason says so.
 */
const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([4001, 4003, 4401, 4403]);
const AUTH_REASON = /token|auth|unauthori[sz]ed|forbidden/i;
/** Node's `ws` reports a refused upgrade as "Unexpected server response: 401". */
const REFUSED_UPGRADE = /Unexpected server response: (401|403)\b/;

const utf8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true }) : null;

/**
 * One WebSocket, wrapped: frames in and out as text, a single `closed` report, and handlers
 * detached on close so a dead socket can never call back into the engine (no handler ever
 * runs twice per message, however many reconnects happen).
 */
export class WebSocketTransport {
  private socket: WebSocketLike | null;
  private finished = false;
  private upgradeRefused = false;

  constructor(
    factory: WebSocketFactory,
    url: string,
    protocols: string[] | undefined,
    private readonly events: TransportEvents,
  ) {
    const socket = factory(url, protocols);
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.events.open();
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = (event) => {
      if (REFUSED_UPGRADE.test(errorText(event))) this.upgradeRefused = true;
    };
    socket.onclose = (event) => this.finish(event.code, event.reason ?? '');
  }

  /** True while frames can be written. */
  get open(): boolean {
    return this.socket !== null && this.socket.readyState === SOCKET_OPEN;
  }

  /** Writes one frame; false when the socket is not open. */
  send(frame: string): boolean {
    if (!this.open) return false;
    (this.socket as WebSocketLike).send(frame);
    return true;
  }

  /** Closes the socket. No `closed` event follows: the caller already knows. */
  close(code = 1000, reason = 'client_initiated'): void {
    const socket = this.socket;
    this.finished = true;
    this.detach();
    try {
      socket?.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is gone either way.
    }
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : this.decodeBinary(data);
    if (text !== null) this.events.frame(text);
  }

  /** Binary frames carrying UTF-8 JSON are accepted; anything else is reported and dropped. */
  private decodeBinary(data: unknown): string | null {
    // A tag check rather than `instanceof`: buffers from another realm (a worker, jsdom) count too.
    if (Object.prototype.toString.call(data) !== '[object ArrayBuffer]' || utf8 === null) {
      this.events.unreadable(new RealtimeError('malformed_frame', 'Frame dropped: not text'));
      return null;
    }
    try {
      return utf8.decode(data as ArrayBuffer);
    } catch (cause) {
      this.events.unreadable(
        new RealtimeError('malformed_frame', 'Binary frame dropped: not valid UTF-8', { cause }),
      );
      return null;
    }
  }

  private finish(code: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    const authRejected =
      this.upgradeRefused ||
      AUTH_CLOSE_CODES.has(code) ||
      (code === 1008 && AUTH_REASON.test(reason));
    this.events.closed({ code, reason, authRejected });
  }

  private detach(): void {
    const socket = this.socket;
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    this.socket = null;
  }
}

function errorText(event: unknown): string {
  if (typeof event !== 'object' || event === null) return '';
  const { message, error } = event as { message?: unknown; error?: unknown };
  if (typeof message === 'string') return message;
  return error instanceof Error ? error.message : '';
}
