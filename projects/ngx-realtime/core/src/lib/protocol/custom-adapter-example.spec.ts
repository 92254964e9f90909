/*
 * "Writing an adapter for another backend" (docs/protocols.md), kept runnable: a complete
 * adapter for an imaginary dialect, "PipeChat", and the engine running on it over mock-socket.
 *
 * PipeChat frames are flat JSON objects named by `op`:
 *   client → server  {op:'say', room, text, ref}   {op:'join', room, ref}   {op:'leave', room}
 *                    {op:'hb', ref}
 *   server → client  {op:'hello', me}              {op:'said', ref, mid, room, from, text, at}
 *                    {op:'say', mid, room, from, text, at}   {op:'ok', ref}
 *                    {op:'oops', code, text, ref?}
 * The server confirms what carries a `ref` (`said` for `say`, `ok` for `join` and `hb`): that
 * is the dialect's acknowledgement, so `sendWithAck` works on it.
 */
import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import {
  isIsoTimestamp,
  parseJsonSafely,
  RealtimeClient,
  RealtimeError,
  webSocketFactory,
  type AckResolution,
  type DirectMessagePayload,
  type OutgoingMessage,
  type RealtimeMessage,
  type RealtimeProtocol,
  type StampedMessage,
  type WebSocketConstructor,
} from 'ngx-realtime/core';

// ---- the adapter -------------------------------------------------------------------------

type Frame = Readonly<Record<string, unknown>>;

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

function invalid(reason: string): RealtimeError {
  return new RealtimeError('invalid_message', `Invalid PipeChat frame: ${reason}`);
}

/** A PipeChat message (`say` / `said`) as the canonical `message` payload. */
function messagePayload(frame: Frame): DirectMessagePayload {
  const { mid, room, from, text: content, at } = frame;
  if (!text(mid) || !text(room) || !text(from) || typeof content !== 'string')
    throw invalid('a message needs mid, room, from and text');
  if (!isIsoTimestamp(at)) throw invalid('at must be an ISO 8601 date-time');
  return { id: mid, conversation_id: room, sender_id: from, content, created_at: at };
}

/** The room of a canonical `conversation:{id}` channel. */
function roomOf(channel: string): string {
  return channel.replace(/^conversation:/, '');
}

/** PipeChat, as a {@link RealtimeProtocol}. Pure: no I/O, no timers. */
function pipeChatProtocol(): RealtimeProtocol {
  let counter = 0;
  const event = (type: string, payload: object, extra: Partial<RealtimeMessage> = {}) => ({
    id: `pipechat:${++counter}`, // ephemeral: never deduplicated
    type,
    payload,
    timestamp: new Date().toISOString(),
    ...extra,
  });
  return {
    name: 'pipechat',
    capabilities: {
      acks: true,
      heartbeat: true,
      channels: true,
      polling: false,
      missedMessages: false,
    },

    encode(message: StampedMessage): string {
      const payload = message.payload as Frame;
      const ref = message.ackId ?? message.id;
      switch (message.type) {
        case 'send_message':
          return JSON.stringify({
            op: 'say',
            room: payload['conversation_id'],
            text: payload['content'],
            ref,
          });
        case 'subscribe':
          return JSON.stringify({ op: 'join', room: roomOf(String(payload['channel'])), ref });
        case 'unsubscribe':
          return JSON.stringify({ op: 'leave', room: roomOf(String(payload['channel'])) });
        case 'heartbeat':
          return JSON.stringify({ op: 'hb', ref });
        default:
          throw new RealtimeError('not_supported', `PipeChat cannot send "${message.type}"`);
      }
    },

    decode(frame: string): RealtimeMessage {
      // A cheap bound in UTF-16 units; the built-in codecs count UTF-8 bytes.
      if (frame.length > 64 * 1024) throw new RealtimeError('frame_too_large', 'Frame dropped');
      let data: unknown;
      try {
        data = parseJsonSafely(frame); // drops __proto__ / constructor / prototype keys
      } catch (cause) {
        throw new RealtimeError('malformed_frame', 'Frame dropped: not valid JSON', { cause });
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        throw invalid('not an object');
      const f = data as Frame;
      switch (f['op']) {
        case 'hello':
          if (!text(f['me'])) throw invalid('hello needs me');
          return event('connect', { user_id: f['me'] });
        case 'say': {
          const payload = messagePayload(f);
          // A durable fact: the same message id twice is a duplicate, so it is the dedupe key.
          return {
            ...event('message', payload, { channel: `conversation:${payload.conversation_id}` }),
            id: `say:${payload.id}`,
          };
        }
        case 'said':
          if (!text(f['ref'])) throw invalid('said needs ref');
          return event('ack', { ack_id: f['ref'], status: 'success', data: messagePayload(f) });
        case 'ok':
          if (!text(f['ref'])) throw invalid('ok needs ref');
          return event('ack', { ack_id: f['ref'], status: 'success', data: null });
        case 'oops': {
          const ref = text(f['ref']) ? { ackId: f['ref'] } : {};
          return event('error', { code: String(f['code']), message: String(f['text']) }, ref);
        }
        default:
          throw new RealtimeError('unknown_type', 'Frame dropped: unknown op');
      }
    },

    subscribeMessage: (channel): OutgoingMessage => ({ type: 'subscribe', payload: { channel } }),
    unsubscribeMessage: (channel): OutgoingMessage => ({
      type: 'unsubscribe',
      payload: { channel },
    }),
    heartbeatMessage: (): OutgoingMessage => ({ type: 'heartbeat', payload: {} }),
    missedMessagesRequest: () => null,
    readMissedMessages: () => {
      throw new RealtimeError('not_supported', 'PipeChat has no catch-up');
    },
    sequencePosition: () => null,

    resolveAck(message: RealtimeMessage): AckResolution | null {
      const payload = message.payload as Frame;
      if (message.type === 'ack')
        return { ackId: String(payload['ack_id']), ok: true, data: payload['data'] };
      const error = this.serverError(message);
      return error !== null && message.ackId !== undefined
        ? { ackId: message.ackId, ok: false, error }
        : null;
    },

    serverError(message: RealtimeMessage): RealtimeError | null {
      if (message.type !== 'error') return null;
      const { code, message: reason } = message.payload as { code: string; message: string };
      const typed =
        code === 'BLOCKED'
          ? 'blocked'
          : code === 'NO_ROOM'
            ? 'conversation_not_found'
            : 'server_error';
      return new RealtimeError(typed, `PipeChat: ${reason.slice(0, 200)}`, { serverCode: code });
    },

    isAuthFailure: (error) => error.serverCode === 'BAD_TOKEN',
    readPollResponse: () => {
      throw new RealtimeError('not_supported', 'PipeChat has no polling');
    },
  };
}

// ---- the adapter at work ---------------------------------------------------------------

describe('docs example: an adapter for the imaginary PipeChat dialect', () => {
  const url = 'ws://pipechat.test/socket';
  const AT = '2026-01-01T10:00:00Z';
  let server: Server;
  let received: Frame[];
  let client: RealtimeClient;
  const tick = (ms = 20) => jest.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    jest.useFakeTimers();
    received = [];
    server = new Server(url, { mock: false });
    server.on('connection', (socket) => {
      socket.send(JSON.stringify({ op: 'hello', me: 'ann' }));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Frame;
        received.push(frame);
        if (frame['op'] === 'join' || frame['op'] === 'hb')
          socket.send(JSON.stringify({ op: 'ok', ref: frame['ref'] }));
        if (frame['op'] === 'say' && frame['room'] === 'lobby')
          socket.send(
            JSON.stringify({
              op: 'said',
              ref: frame['ref'],
              mid: 'm-1',
              room: 'lobby',
              from: 'ann',
              text: frame['text'],
              at: AT,
            }),
          );
        if (frame['op'] === 'say' && frame['room'] !== 'lobby')
          socket.send(
            JSON.stringify({
              op: 'oops',
              code: 'NO_ROOM',
              text: 'no such room',
              ref: frame['ref'],
            }),
          );
      });
    });
    client = new RealtimeClient({
      url,
      protocol: pipeChatProtocol(),
      webSocket: webSocketFactory(MockWebSocket as unknown as WebSocketConstructor),
      lifecycle: null,
      heartbeat: { intervalMs: 1_000 },
    });
  });

  afterEach(() => {
    client.destroy();
    server.stop();
    jest.useRealTimers();
  });

  it('joins a channel, gets its messages and confirms a send with the stored message', async () => {
    const lobby: RealtimeMessage[] = [];
    client.channel('conversation:lobby').subscribe((event) => lobby.push(event));
    client.connect();
    await tick();
    expect(received[0]).toMatchObject({ op: 'join', room: 'lobby' });

    server
      .clients()[0]
      .send(
        JSON.stringify({ op: 'say', mid: 'm-0', room: 'lobby', from: 'bob', text: 'hi', at: AT }),
      );
    await tick();
    expect(lobby.map((event) => event.payload)).toEqual([
      { id: 'm-0', conversation_id: 'lobby', sender_id: 'bob', content: 'hi', created_at: AT },
    ]);

    const stored = jest.fn();
    client
      .sendWithAck({
        type: 'send_message',
        payload: { conversation_id: 'lobby', content: 'hello' },
      })
      .subscribe(stored);
    await tick();
    expect(stored).toHaveBeenCalledWith(expect.objectContaining({ id: 'm-1', content: 'hello' }));
  });

  it('fails a refused send with the typed error, and measures heartbeats by their ok', async () => {
    client.connect();
    await tick();
    const failed = jest.fn();
    client
      .sendWithAck({ type: 'send_message', payload: { conversation_id: 'nowhere', content: 'x' } })
      .subscribe({ error: failed });
    await tick(1_100);
    expect(failed).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'conversation_not_found', serverCode: 'NO_ROOM' }),
    );
    expect(received.some((frame) => frame['op'] === 'hb')).toBe(true);
    expect(client.stats.rttMs).not.toBeNull();
  });

  it('reports what it cannot read or send as typed errors; the connection stays up', async () => {
    const errors: RealtimeError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    client.connect();
    await tick();
    server.clients()[0].send('{"op":');
    server.clients()[0].send(JSON.stringify({ op: 'dance' }));
    await tick();
    expect(errors.map((error) => error.code)).toEqual(['malformed_frame', 'unknown_type']);
    expect(() => client.send({ type: 'set_presence', payload: { status: 'away' } })).toThrow(
      RealtimeError,
    );
    expect(client.status).toBe('connected');
  });
});
