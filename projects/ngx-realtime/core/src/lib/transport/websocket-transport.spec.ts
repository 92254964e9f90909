import { TextEncoder as NodeTextEncoder } from 'node:util';
import type { RealtimeError } from '../errors/realtime-error';
import type { WebSocketLike } from './websocket-like';
import { WebSocketTransport, type CloseInfo, type TransportEvents } from './websocket-transport';

type CloseEvent = Parameters<NonNullable<WebSocketLike['onclose']>>[0];

/** A hand-written socket: the test plays the network by calling the dispatch helpers. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly sent: string[] = [];
  readonly closeCalls: [number | undefined, string | undefined][] = [];
  throwOnClose = false;

  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push([code, reason]);
    if (this.throwOnClose) throw new Error('InvalidStateError');
  }

  // --- the network side ---
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverMessage(data: unknown): void {
    this.onmessage?.({ data });
  }

  serverError(event: unknown): void {
    this.onerror?.(event);
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }
}

interface Recorded {
  readonly open: jest.Mock<void, []>;
  readonly frame: jest.Mock<void, [string, number]>;
  readonly unreadable: jest.Mock<void, [RealtimeError]>;
  readonly closed: jest.Mock<void, [CloseInfo]>;
}

function setup(protocols?: string[]): {
  socket: FakeSocket;
  transport: WebSocketTransport;
  events: Recorded;
} {
  let socket: FakeSocket | undefined;
  const events: Recorded & TransportEvents = {
    open: jest.fn(),
    frame: jest.fn(),
    unreadable: jest.fn(),
    closed: jest.fn(),
  };
  const transport = new WebSocketTransport(
    (url, list) => (socket = new FakeSocket(url, list)),
    'wss://h.example/ws',
    protocols,
    events,
  );
  if (socket === undefined) throw new Error('factory not called');
  return { socket, transport, events };
}

function bytes(...values: number[]): ArrayBuffer {
  // Built in the test realm, as a browser or `ws` would hand it over.
  const buffer = new ArrayBuffer(values.length);
  new Uint8Array(buffer).set(values);
  return buffer;
}

describe('WebSocketTransport', () => {
  it('opens the socket with the URL and subprotocols and asks for ArrayBuffer frames', () => {
    const { socket } = setup(['bearer', 'jwt']);
    expect(socket.url).toBe('wss://h.example/ws');
    expect(socket.protocols).toEqual(['bearer', 'jwt']);
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('reports open and is writable only while the socket is open', () => {
    const { socket, transport, events } = setup();
    expect(transport.open).toBe(false);
    expect(transport.send('early')).toBe(false);
    socket.serverOpen();
    expect(events.open).toHaveBeenCalledTimes(1);
    expect(transport.open).toBe(true);
    expect(transport.send('hello')).toBe(true);
    socket.readyState = 2;
    expect(transport.send('closing')).toBe(false);
    expect(socket.sent).toEqual(['hello']);
  });

  describe('inbound frames', () => {
    it('hands text frames over as they are', () => {
      const { socket, events } = setup();
      socket.serverMessage('{"a":1}');
      expect(events.frame).toHaveBeenCalledWith('{"a":1}');
    });

    it('decodes ArrayBuffer frames as UTF-8', () => {
      const { socket, events } = setup();
      socket.serverMessage(bytes(0x68, 0xc3, 0xa9, 0x21)); // "hé!"
      expect(events.frame).toHaveBeenCalledWith('hé!');
      expect(events.unreadable).not.toHaveBeenCalled();
    });

    it('accepts ArrayBuffers made in another realm', () => {
      const { socket, events } = setup();
      // Node's own TextEncoder builds its buffer outside jsdom's realm.
      const foreign = new NodeTextEncoder().encode('{"b":2}').buffer;
      expect(foreign instanceof ArrayBuffer).toBe(false);
      socket.serverMessage(foreign);
      expect(events.frame).toHaveBeenCalledWith('{"b":2}');
    });

    it('drops ArrayBuffer frames that are not valid UTF-8 as malformed_frame', () => {
      const { socket, events } = setup();
      socket.serverMessage(bytes(0x7b, 0xff, 0xfe, 0x7d));
      socket.serverMessage(bytes(0xc3)); // a truncated sequence
      expect(events.frame).not.toHaveBeenCalled();
      expect(events.unreadable).toHaveBeenCalledTimes(2);
      expect(events.unreadable.mock.calls[0][0].code).toBe('malformed_frame');
    });

    it.each([
      ['a Blob', new Blob(['x'])],
      ['a typed array', new Uint8Array([0x61])],
      ['a number', 42],
      ['null', null],
    ])('drops %s as malformed_frame', (_label, data) => {
      const { socket, events } = setup();
      socket.serverMessage(data);
      expect(events.frame).not.toHaveBeenCalled();
      expect(events.unreadable).toHaveBeenCalledTimes(1);
      expect(events.unreadable.mock.calls[0][0].code).toBe('malformed_frame');
    });
  });

  describe('close reports', () => {
    it.each([4001, 4003, 4401, 4403])('reads close code %i as an auth rejection', (code) => {
      const { socket, events } = setup();
      socket.serverClose(code, '');
      expect(events.closed).toHaveBeenCalledWith({ code, reason: '', authRejected: true });
    });

    it.each([1000, 1001, 1006, 1011, 4000, 4002, 4400, 4500])(
      'reads close code %i as no auth rejection',
      (code) => {
        const { socket, events } = setup();
        socket.serverClose(code, 'token expired');
        expect(events.closed).toHaveBeenCalledWith({
          code,
          reason: 'token expired',
          authRejected: false,
        });
      },
    );

    it.each(['invalid token', 'Unauthorized', 'unauthorised', 'auth failed', 'Forbidden'])(
      'reads 1008 with reason %j as an auth rejection',
      (reason) => {
        const { socket, events } = setup();
        socket.serverClose(1008, reason);
        expect(events.closed).toHaveBeenCalledWith({ code: 1008, reason, authRejected: true });
      },
    );

    it.each(['', 'message too big', 'rate limited'])(
      'reads 1008 with reason %j as no auth rejection',
      (reason) => {
        const { socket, events } = setup();
        socket.serverClose(1008, reason);
        expect(events.closed).toHaveBeenCalledWith({ code: 1008, reason, authRejected: false });
      },
    );

    it.each([
      ['a message', { message: 'Unexpected server response: 401' }],
      ['an error', { error: new Error('Unexpected server response: 403') }],
    ])(
      'reads a refused upgrade reported by ws through %s as an auth rejection',
      (_label, event) => {
        const { socket, events } = setup();
        socket.serverError(event);
        socket.serverClose(1006);
        expect(events.closed).toHaveBeenCalledWith({ code: 1006, reason: '', authRejected: true });
      },
    );

    it.each([
      { message: 'Unexpected server response: 500' },
      { message: 'Unexpected server response: 4011' },
      null,
      undefined,
    ])('does not read the error %j as an auth rejection', (event) => {
      const { socket, events } = setup();
      socket.serverError(event);
      socket.serverClose(1006);
      expect(events.closed).toHaveBeenCalledWith({ code: 1006, reason: '', authRejected: false });
    });

    it('treats a missing close reason as empty', () => {
      const { socket, events } = setup();
      socket.onclose?.({ code: 1006 } as unknown as CloseEvent);
      expect(events.closed).toHaveBeenCalledWith({ code: 1006, reason: '', authRejected: false });
    });

    it('reports closed once and detaches every handler', () => {
      const { socket, transport, events } = setup();
      socket.serverOpen();
      const onclose = socket.onclose;
      socket.serverClose(1006);
      expect(socket.onopen).toBeNull();
      expect(socket.onmessage).toBeNull();
      expect(socket.onclose).toBeNull();
      expect(socket.onerror).toBeNull();
      // An implementation that still fires the handler it held, or fires events late.
      onclose?.({ code: 1000, reason: '' });
      socket.serverClose(1000);
      socket.serverMessage('late');
      socket.serverOpen();
      expect(events.closed).toHaveBeenCalledTimes(1);
      expect(events.frame).not.toHaveBeenCalled();
      expect(events.open).toHaveBeenCalledTimes(1);
      expect(transport.open).toBe(false);
      expect(transport.send('x')).toBe(false);
    });
  });

  describe('close()', () => {
    it('closes with 1000 client_initiated by default and reports nothing', () => {
      const { socket, transport, events } = setup();
      socket.serverOpen();
      transport.close();
      expect(socket.closeCalls).toEqual([[1000, 'client_initiated']]);
      socket.serverClose(1000, 'client_initiated');
      socket.serverMessage('late');
      expect(events.closed).not.toHaveBeenCalled();
      expect(events.frame).not.toHaveBeenCalled();
      expect(transport.open).toBe(false);
    });

    it('passes a given code and reason', () => {
      const { socket, transport } = setup();
      transport.close(4000, 'heartbeat_timeout');
      expect(socket.closeCalls).toEqual([[4000, 'heartbeat_timeout']]);
    });

    it('swallows a socket that throws on close and closes only once', () => {
      const { socket, transport } = setup();
      socket.throwOnClose = true;
      expect(() => transport.close()).not.toThrow();
      transport.close();
      expect(socket.closeCalls).toHaveLength(1);
    });

    it('ignores a close() after the server already closed', () => {
      const { socket, transport, events } = setup();
      socket.serverClose(1006);
      transport.close();
      expect(socket.closeCalls).toEqual([]);
      expect(events.closed).toHaveBeenCalledTimes(1);
    });
  });
});
