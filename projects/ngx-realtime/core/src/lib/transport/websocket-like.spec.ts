import {
  SOCKET_OPEN,
  platformWebSocketFactory,
  webSocketFactory,
  type WebSocketConstructor,
  type WebSocketLike,
} from './websocket-like';

/** Records how it was constructed. */
class RecordingSocket implements WebSocketLike {
  static calls: unknown[][] = [];
  readonly readyState = 0;
  binaryType = 'blob';
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;

  constructor(...args: unknown[]) {
    RecordingSocket.calls.push(args);
  }

  send(): void {}
  close(): void {}
}

beforeEach(() => {
  RecordingSocket.calls = [];
});

describe('webSocketFactory', () => {
  it('passes only the URL when there are no subprotocols', () => {
    const socket = webSocketFactory(RecordingSocket)('wss://h.example/ws');
    expect(socket).toBeInstanceOf(RecordingSocket);
    expect(RecordingSocket.calls).toEqual([['wss://h.example/ws']]);
  });

  it('passes the subprotocols when given', () => {
    webSocketFactory(RecordingSocket)('wss://h.example/ws', ['bearer', 'jwt']);
    expect(RecordingSocket.calls).toEqual([['wss://h.example/ws', ['bearer', 'jwt']]]);
  });
});

describe('platformWebSocketFactory', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');

  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'WebSocket', original);
    else delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  function setGlobal(value: WebSocketConstructor | undefined): void {
    Object.defineProperty(globalThis, 'WebSocket', { value, configurable: true, writable: true });
  }

  it('uses the global WebSocket constructor', () => {
    setGlobal(RecordingSocket);
    const socket = platformWebSocketFactory()?.('ws://h.example/ws', ['p']);
    expect(socket).toBeInstanceOf(RecordingSocket);
    expect(RecordingSocket.calls).toEqual([['ws://h.example/ws', ['p']]]);
  });

  it('is null where there is no WebSocket (SSR, old Node)', () => {
    setGlobal(undefined);
    expect(platformWebSocketFactory()).toBeNull();
  });

  it('names the OPEN ready state', () => {
    expect(SOCKET_OPEN).toBe(1);
  });
});
