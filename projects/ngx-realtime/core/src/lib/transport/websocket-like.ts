/**
 * The part of the WebSocket API the engine uses. The browser's `WebSocket`, the `ws`
 * package, jsdom and mock-socket all satisfy it.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the `WebSocket` constants). */
  readonly readyState: number;
  /** How binary frames arrive; the engine exchanges text frames only. */
  binaryType: string;
  /** Called once the connection is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called for each frame received; `data` is a string for text frames. */
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  /** Called once when the connection ends, with the close code and reason. */
  onclose:
    | ((event: {
        readonly code: number;
        readonly reason: string;
        readonly wasClean?: boolean;
      }) => void)
    | null;
  /** Called on a transport error; `onclose` follows. */
  onerror: ((event: unknown) => void) | null;
  /** Writes one text frame; the socket must be open. */
  send(data: string): void;
  /** Closes the connection with an optional close code and reason. */
  close(code?: number, reason?: string): void;
}

/** Opens a socket; the default is `new WebSocket(url, protocols)`. */
export type WebSocketFactory = (url: string, protocols?: string[]) => WebSocketLike;

/** A WebSocket constructor, as `globalThis.WebSocket` or the `ws` package's export. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** Adapts a constructor (browser `WebSocket`, `ws`, mock-socket) to a factory. */
export function webSocketFactory(ctor: WebSocketConstructor): WebSocketFactory {
  return (url, protocols) => (protocols === undefined ? new ctor(url) : new ctor(url, protocols));
}

/** The platform WebSocket, or `null` where there is none (SSR, old Node). */
export function platformWebSocketFactory(): WebSocketFactory | null {
  const ctor = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return typeof ctor === 'function' ? webSocketFactory(ctor) : null;
}

/** `WebSocket.OPEN`. */
export const SOCKET_OPEN = 1;
