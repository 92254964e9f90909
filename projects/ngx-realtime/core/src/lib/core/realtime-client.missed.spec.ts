import {
  createHarness,
  feedEvent,
  settle,
  type Harness,
} from '../../../../spec-support/client-harness';
import { longPolling } from '../transport/long-polling';

const MISSED = '/api/v1/realtime/poll/missed';

describe('RealtimeClient: getMissedMessages()', () => {
  let h: Harness;

  function setUp(options: Parameters<typeof createHarness>[0] = {}): void {
    h = createHarness({ userId: 'u1', ...options });
  }

  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  it('asks the missed endpoint with the bearer token and returns the events', async () => {
    setUp();
    const result = h.client.getMissedMessages(41);
    await settle();
    const request = h.http.next(MISSED);
    expect(request.param('last_sequence')).toBe('41');
    expect(request.param('user_id')).toBe('u1');
    expect(request.authorization).toBe('Bearer tok-secret-1');
    request.respond(200, {
      messages: [feedEvent('p42', { id: 42 as unknown as string, seq: 42 }), { id: 'x' }],
    });
    const missed = await result;
    expect(missed.messages.map((message) => message.id)).toEqual(['42']);
    expect(missed.complete).toBe(true);
    expect(h.client.stats.decodeErrors).toBe(1);
    expect(h.errors.map((error) => error.code)).toEqual(['invalid_message']);
  });

  it('rejects with unauthorized on a 401 and with polling_failed on a 500', async () => {
    setUp();
    const refused = h.client.getMissedMessages(1);
    await settle();
    h.http.next(MISSED).respond(401);
    await expect(refused).rejects.toMatchObject({ code: 'unauthorized' });
    const broken = h.client.getMissedMessages(1);
    await settle();
    h.http.next(MISSED).respond(500);
    await expect(broken).rejects.toMatchObject({ code: 'polling_failed' });
  });

  it('uses polling.missedUrl when configured', async () => {
    setUp({
      polling: longPolling({ mode: 'fallback', missedUrl: 'https://other.example.test/missed' }),
    });
    void h.client.getMissedMessages(3);
    await settle();
    expect(h.http.requests.map((request) => request.url.href)).toEqual([
      'https://other.example.test/missed?last_sequence=3&user_id=u1',
    ]);
    h.http.requests[0].respond(200, { messages: [] });
  });
});
