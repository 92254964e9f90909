import type { RealtimeError } from 'ngx-realtime';
import { createHarness, type Harness } from '../../../../spec-support/client-harness';

/** A plain message with a marker, to follow it through the outbox. */
function note(n: number) {
  return { type: 'typing_start', payload: { conversation_id: 'c1', n } };
}

describe('RealtimeClient: send and the outbox', () => {
  let h: Harness;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date('2026-01-02T03:04:05.000Z'));
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  /** The `n` markers of the app frames a socket received, in order. */
  function markers(frames: readonly { payload: Readonly<Record<string, unknown>> }[]): unknown[] {
    return frames.filter((frame) => 'n' in frame.payload).map((frame) => frame.payload['n']);
  }

  it('writes at once while connected, stamped with id and timestamp', () => {
    h = createHarness();
    const socket = h.connectOpen();
    const receipt = h.client.send({ ...note(1), channel: 'conversation:c1' });
    expect(receipt).toEqual({ id: 'm1', queued: false });
    expect(socket.frames).toEqual([
      {
        id: 'm1',
        type: 'typing_start',
        payload: { conversation_id: 'c1', n: 1 },
        channel: 'conversation:c1',
        timestamp: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });

  it('keeps an id given by the app', () => {
    h = createHarness();
    const socket = h.connectOpen();
    expect(h.client.send({ ...note(1), id: 'app-7' }).id).toBe('app-7');
    expect(socket.frames[0].id).toBe('app-7');
  });

  it('queues while offline and flushes in order after the subscriptions were restored', () => {
    h = createHarness();
    h.client.channel('feed:updates').subscribe();
    expect(h.client.send(note(1))).toEqual({ id: 'm1', queued: true });
    h.client.send(note(2));
    h.client.send(note(3));
    expect(h.client.stats.outboxDepth).toBe(3);
    const socket = h.connectOpen();
    expect(socket.frames.map((frame) => frame.type)).toEqual([
      'subscribe',
      'typing_start',
      'typing_start',
      'typing_start',
    ]);
    expect(markers(socket.frames)).toEqual([1, 2, 3]);
    expect(h.client.stats.outboxDepth).toBe(0);
  });

  it('queues while reconnecting and flushes after re-subscribing', () => {
    h = createHarness();
    h.client.channel('feed:updates').subscribe();
    h.client.channel('presence').subscribe();
    const first = h.connectOpen();
    h.client.send(note(1));
    first.serverClose();
    h.client.send(note(2));
    h.client.send(note(3));
    const second = h.advanceToRetry();
    expect(h.client.send(note(4)).queued).toBe(true);
    second.open();
    expect(second.frames.map((frame) => frame.type)).toEqual([
      'subscribe',
      'subscribe',
      'typing_start',
      'typing_start',
      'typing_start',
    ]);
    expect(markers(second.frames)).toEqual([2, 3, 4]);
    h.client.send(note(5));
    expect(markers(second.frames)).toEqual([2, 3, 4, 5]);
  });

  it('keeps plain queued sends across disconnect() for the next connection', () => {
    h = createHarness();
    h.client.send(note(1));
    h.client.connect();
    h.client.disconnect();
    h.client.send(note(2));
    expect(markers(h.connectOpen().frames)).toEqual([1, 2]);
  });

  it('reject-newest (default): a send into a full outbox throws outbox_full', () => {
    h = createHarness({ outbox: { limit: 2 } });
    h.client.send(note(1));
    h.client.send(note(2));
    expect(() => h.client.send(note(3))).toThrow(expect.objectContaining({ code: 'outbox_full' }));
    expect(h.client.stats.outboxDepth).toBe(2);
    expect(markers(h.connectOpen().frames)).toEqual([1, 2]);
  });

  it('drop-oldest: evicts the oldest message and reports it', () => {
    h = createHarness({ outbox: { limit: 2, overflow: 'drop-oldest' } });
    const first = h.client.send(note(1));
    h.client.send(note(2));
    expect(h.client.send(note(3)).queued).toBe(true);
    expect(h.errors).toEqual([
      expect.objectContaining({ code: 'outbox_dropped', messageId: first.id }),
    ]);
    expect(markers(h.connectOpen().frames)).toEqual([2, 3]);
  });

  it('drop-oldest: an evicted acknowledged send fails with outbox_dropped', () => {
    h = createHarness({ outbox: { limit: 1, overflow: 'drop-oldest' } });
    let failure: RealtimeError | undefined;
    h.client.sendWithAck(note(1)).subscribe({ error: (error) => (failure = error) });
    h.client.send(note(2));
    expect(failure?.code).toBe('outbox_dropped');
    expect(h.client.stats.pendingAcks).toBe(0);
    expect(markers(h.connectOpen().frames)).toEqual([2]);
  });

  it('refuses a message above maxFrameBytes with frame_too_large, and queues nothing', () => {
    h = createHarness({ maxFrameBytes: 200 });
    const big = { type: 'message', payload: { content: 'x'.repeat(300) } };
    expect(() => h.client.send(big)).toThrow(expect.objectContaining({ code: 'frame_too_large' }));
    let failure: RealtimeError | undefined;
    h.client.sendWithAck(big).subscribe({ error: (error) => (failure = error) });
    expect(failure?.code).toBe('frame_too_large');
    expect(h.client.stats).toMatchObject({ outboxDepth: 0, pendingAcks: 0 });
    expect(h.connectOpen().frames).toEqual([]);
  });
});
