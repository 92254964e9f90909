/*
 * Hostile or broken frames on a live mock-socket connection: each one is counted in
 * `stats.decodeErrors`, reported on `errors$` as a typed RealtimeError and dropped; the
 * connection stays open and later events still arrive.
 */
import { RealtimeError, type RealtimeClient, type RealtimeMessage } from 'ngx-realtime';
import {
  createClient,
  feedUpdate,
  frame,
  SocialHubMockServer,
} from './support/socialhub-mock-server';

const tick = (ms = 20) => jest.advanceTimersByTimeAsync(ms);

describe('integration: bad input on a live connection', () => {
  let server: SocialHubMockServer;
  let client: RealtimeClient;
  let seen: RealtimeMessage[];
  let errors: RealtimeError[];

  beforeEach(async () => {
    jest.useFakeTimers();
    server = new SocialHubMockServer();
    client = createClient({ maxFrameBytes: 8_192, heartbeat: { intervalMs: 1_000 } });
    seen = [];
    errors = [];
    client.errors$.subscribe((error) => errors.push(error));
    client.channel('feed:updates').subscribe((event) => seen.push(event));
    client.connect();
    await tick();
  });

  afterEach(() => {
    client.destroy();
    server.stop();
    jest.useRealTimers();
  });

  const badFrames: readonly (readonly [string, () => string, string])[] = [
    ['malformed JSON', () => '{"id":"x","type":"feed_update",', 'malformed_frame'],
    ['an unknown type', () => JSON.stringify(frame('self_destruct', { in: 3 })), 'unknown_type'],
    [
      'wrong payload types',
      () => JSON.stringify(frame('presence', { user_id: 7, status: 'online' })),
      'invalid_message',
    ],
    [
      'a presence status outside the documented values',
      () => JSON.stringify(frame('presence', { user_id: 'u1', status: 'invisible' })),
      'invalid_message',
    ],
    ['an oversized frame', () => JSON.stringify(feedUpdate('x'.repeat(10_000))), 'frame_too_large'],
    [
      'a __proto__ envelope',
      () =>
        '{"__proto__":{"id":"e","type":"feed_update","payload":{},"timestamp":"2026-01-01T00:00:00Z"}}',
      'invalid_message',
    ],
  ];

  it.each(badFrames)('drops %s, counts it and reports it', async (_name, make, code) => {
    server.last.send(make());
    server.last.send(feedUpdate('after'));
    expect(client.stats.decodeErrors).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RealtimeError);
    expect(errors[0].code).toBe(code);
    expect(seen.map((event) => (event.payload as { post_id: string }).post_id)).toEqual(['after']);
    await tick(5_000);
    expect(client.status).toBe('connected');
    expect(server.connections).toHaveLength(1);
    expect(server.last.closed).toBe(false);
  });

  it('survives a burst of every kind, in between good events, with Object.prototype untouched', async () => {
    server.last.send(feedUpdate('a'));
    for (const [, make] of badFrames) server.last.send(make());
    server.last.send(
      '{"id":"e-proto","type":"feed_update","channel":"feed:updates","timestamp":"2026-01-01T00:00:00Z",' +
        '"payload":{"type":"new_post","post_id":"b","__proto__":{"polluted":"yes"}}}',
    );
    server.last.send(feedUpdate('c'));
    await tick(5_000);
    expect(seen.map((event) => (event.payload as { post_id: string }).post_id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(client.stats.decodeErrors).toBe(badFrames.length);
    expect(errors.map((error) => error.code)).toEqual(badFrames.map(([, , code]) => code));
    expect(client.status).toBe('connected');
    expect(server.connections).toHaveLength(1);
  });
});
