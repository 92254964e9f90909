/**
 * The part of the WebSocket API the engine uses. The browser's `WebSocket`, the `ws`
 * package, jsdom and mock-socket all satisfy it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose:
    | ((event: {
        readonly code: number;
        readonly reason: string;
        readonly wasClean?: boolean;
      }) => void)
    | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
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
