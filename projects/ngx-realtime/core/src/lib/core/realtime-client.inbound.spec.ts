import { RealtimeError, type RealtimeMessage } from 'ngx-realtime';
import {
  createHarness,
  errorFrame,
  feedEvent,
  postIds,
  serverFrame,
  type FakeSocket,
  type Harness,
} from '../../../../spec-support/client-harness';

describe('RealtimeClient: bad input on a live connection', () => {
  let h: Harness;
  let socket: FakeSocket;
  let seen: RealtimeMessage[];

  beforeEach(() => {
    jest.useFakeTimers();
    h = createHarness({ maxFrameBytes: 4_096 });
    seen = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
    socket = h.connectOpen();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  const valid = JSON.stringify(feedEvent('ok'));
  const cases: readonly (readonly [string, string | ArrayBuffer | object, string])[] = [
    ['malformed JSON', '{"id": "x", "type": ', 'malformed_frame'],
    ['a JSON array', '[1, 2, 3]', 'invalid_message'],
    ['an unknown type', JSON.stringify(serverFrame('teleport', { to: 'mars' })), 'unknown_type'],
    [
      'a wrong payload type',
      JSON.stringify(serverFrame('feed_update', { type: 'new_post', post_id: 42 })),
      'invalid_message',
    ],
    [
      'a payload that is not an object',
      JSON.stringify({ ...feedEvent('x'), payload: 'text' }),
      'invalid_message',
    ],
    [
      'a missing timestamp',
      JSON.stringify({ ...feedEvent('x'), timestamp: undefined }),
      'invalid_message',
    ],
    ['an oversized frame', valid.replace('"ok"', `"${'x'.repeat(5_000)}"`), 'frame_too_large'],
    [
      'an envelope made of a __proto__ key',
      '{"__proto__": {"id": "p", "type": "feed_update", "payload": {}}}',
      'invalid_message',
    ],
    ['binary data that is not UTF-8', new Uint8Array([0xc3, 0x28, 0xff]).buffer, 'malformed_frame'],
    ['a frame that is not text', { blob: true }, 'malformed_frame'],
  ];

  it.each(cases)('%s is counted, reported as a RealtimeError and dropped', (_name, data, code) => {
    socket.onmessage?.({ data });
    expect(h.client.stats.decodeErrors).toBe(1);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toBeInstanceOf(RealtimeError);
    expect(h.errors[0].code).toBe(code);
    expect(seen).toEqual([]);
    expect(h.client.status).toBe('connected');
    expect(socket.closedByClient).toBeNull();
    socket.receive(valid);
    expect(postIds(seen)).toEqual(['ok']);
  });

  it('counts every bad frame of a burst and delivers the good ones between them, in order', () => {
    socket.receive(feedEvent('a'));
    for (const [, data] of cases) socket.onmessage?.({ data });
    socket.receive(feedEvent('b'));
    expect(postIds(seen)).toEqual(['a', 'b']);
    expect(h.client.stats.decodeErrors).toBe(cases.length);
    expect(h.errors.map((error) => error.code)).toEqual(cases.map(([, , code]) => code));
  });

  it('drops __proto__ keys inside a payload without touching Object.prototype', () => {
    socket.receive(
      `{"id":"e1","type":"feed_update","channel":"feed:updates","timestamp":"2026-01-01T00:00:00Z",` +
        `"payload":{"type":"new_post","post_id":"p1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`,
    );
    expect(postIds(seen)).toEqual(['p1']);
    const payload = seen[0].payload as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['post_id', 'type']);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(h.client.status).toBe('connected');
  });

  it('reports a server error frame as a typed server_error without counting it as bad input', () => {
    socket.receive(errorFrame('RATE_LIMITED', 'Too many requests'));
    expect(h.errors).toEqual([
      expect.objectContaining({ code: 'server_error', serverCode: 'RATE_LIMITED' }),
    ]);
    expect(h.client.stats.decodeErrors).toBe(0);
    expect(h.client.status).toBe('connected');
    socket.receive(feedEvent('after'));
    expect(postIds(seen)).toEqual(['after']);
  });
});
