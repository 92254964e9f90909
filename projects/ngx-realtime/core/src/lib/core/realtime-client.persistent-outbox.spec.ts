import {
  memoryOutboxStorage,
  type OutboxStorage,
  type PersistedOutboxEntry,
  type RealtimeClientOptions,
  type RealtimeError,
} from 'ngx-realtime';
import {
  ackOf,
  createHarness,
  settle,
  type Harness,
  type SentFrame,
} from '../../../../spec-support/client-harness';
import { longPolling } from '../transport/long-polling';

const DAY_MS = 24 * 60 * 60 * 1000;
const SEND = '/api/v1/realtime/send';

/** A plain message with a marker, to follow it across page lives. */
function note(n: number) {
  return { type: 'typing_start', payload: { conversation_id: 'c1', n } };
}

/** The `n` markers of the app frames, in order. */
function markers(frames: readonly SentFrame[]): unknown[] {
  return frames.filter((frame) => 'n' in frame.payload).map((frame) => frame.payload['n']);
}

type Operation = 'load' | 'add' | 'remove';

/**
 * A memory storage that records every call and fails the operations listed in `failing`
 * (a rejected promise, or a throw with `throwing`); with `holdLoad`, `load()` answers only
 * when the test calls `releaseLoad()`.
 */
class ScriptedStorage implements OutboxStorage {
  readonly calls: string[] = [];
  readonly failing = new Set<Operation>();
  throwing = false;
  holdLoad = false;
  releaseLoad: () => void = () => undefined;
  private readonly inner = memoryOutboxStorage();

  load(): Promise<readonly PersistedOutboxEntry[]> {
    this.calls.push('load');
    if (!this.holdLoad) return this.run('load', () => this.inner.load());
    return new Promise<void>((resolve) => (this.releaseLoad = resolve)).then(() =>
      this.inner.load(),
    );
  }

  add(entry: PersistedOutboxEntry): Promise<void> {
    this.calls.push(`add ${entry.message.id}`);
    return this.run('add', () => this.inner.add(entry));
  }

  remove(id: string): Promise<void> {
    this.calls.push(`remove ${id}`);
    return this.run('remove', () => this.inner.remove(id));
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }

  /** Ids currently stored, oldest first. */
  async ids(): Promise<string[]> {
    return (await this.inner.load()).map((entry) => entry.message.id);
  }

  private run<T>(operation: Operation, action: () => Promise<T>): Promise<T> {
    if (!this.failing.has(operation)) return action();
    const error = new Error(`${operation} refused`);
    if (this.throwing) throw error;
    return Promise.reject(error);
  }
}

describe('RealtimeClient: persistent outbox', () => {
  let pages: Harness[];
  let storage: ScriptedStorage;

  /** A new page life on the shared storage; ids are prefixed so pages never collide. */
  function page(prefix: string, options: Partial<RealtimeClientOptions> = {}): Harness {
    let n = 0;
    const h = createHarness({
      outboxStorage: storage,
      ids: () => `${prefix}${++n}`,
      ...options,
    });
    pages.push(h);
    return h;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date('2026-01-02T03:04:05.000Z'));
    pages = [];
    storage = new ScriptedStorage();
  });

  afterEach(() => {
    for (const h of pages) h.client.destroy();
    jest.useRealTimers();
  });

  describe('across a reload', () => {
    it('sends what the last page queued once, in order, ahead of this page’s sends', async () => {
      const first = page('a');
      await settle();
      first.client.send(note(1));
      first.client.send(note(2));
      first.client.send(note(3));
      await settle();
      first.client.destroy();
      expect(await storage.ids()).toEqual(['a1', 'a2', 'a3']);

      const second = page('b');
      second.client.channel('feed:updates').subscribe();
      expect(second.client.send(note(4)).queued).toBe(true);
      const socket = second.connectOpen();
      await settle();
      expect(socket.frames.map((frame) => frame.type)).toEqual([
        'subscribe',
        'typing_start',
        'typing_start',
        'typing_start',
        'typing_start',
      ]);
      expect(markers(socket.frames)).toEqual([1, 2, 3, 4]);
      expect(socket.frames.slice(1).map((frame) => frame.id)).toEqual(['a1', 'a2', 'a3', 'b1']);
      expect(await storage.ids()).toEqual([]);

      const third = page('c');
      const later = third.connectOpen();
      await settle();
      expect(later.frames).toEqual([]);
      expect(third.errors).toEqual([]);
    });

    it('holds a socket opened before the storage answered until the old messages are back', async () => {
      const first = page('a');
      first.client.send(note(1));
      await settle();

      const second = page('b');
      const socket = second.connectOpen();
      second.client.send(note(2));
      expect(socket.frames).toEqual([]);
      expect(second.client.stats.outboxDepth).toBe(1);
      await settle();
      expect(markers(socket.frames)).toEqual([1, 2]);
      expect(second.client.stats.outboxDepth).toBe(0);
    });

    it('resends the frame exactly as the last page encoded it', async () => {
      const first = page('a');
      first.client.send({ ...note(1), channel: 'conversation:c1' });
      await settle();
      jest.setSystemTime(new Date('2026-01-02T04:00:00.000Z'));

      const socket = page('b').connectOpen();
      await settle();
      expect(socket.frames).toEqual([
        {
          id: 'a1',
          type: 'typing_start',
          payload: { conversation_id: 'c1', n: 1 },
          channel: 'conversation:c1',
          timestamp: '2026-01-02T03:04:05.000Z',
        },
      ]);
    });

    it('persists only queued sends: a message written at once is never stored', async () => {
      const h = page('a');
      await settle();
      h.connectOpen();
      h.client.send(note(1));
      await settle();
      expect(storage.calls).toEqual(['load']);
    });

    it('deletes a queued message from storage once it is written', async () => {
      const h = page('a');
      h.client.send(note(1));
      await settle();
      expect(await storage.ids()).toEqual(['a1']);
      h.connectOpen();
      await settle();
      expect(storage.calls).toEqual(['load', 'add a1', 'remove a1']);
      expect(await storage.ids()).toEqual([]);
    });

    it('leaves a message the app queued again with the same id to this page', async () => {
      const first = page('a');
      first.client.send({ ...note(1), id: 'order-7' });
      await settle();

      const second = page('b');
      second.client.send({ ...note(2), id: 'order-7' });
      const socket = second.connectOpen();
      await settle();
      expect(socket.frames.map((frame) => [frame.id, frame.payload['n']])).toEqual([
        ['order-7', 2],
      ]);
    });

    it('sends persisted messages over HTTP while polling, and deletes them once posted', async () => {
      const first = page('a');
      first.client.send(note(1));
      await settle();

      const second = page('b', {
        polling: longPolling({ mode: 'only', sendUrl: `https://rt.example.test${SEND}` }),
      });
      second.client.connect();
      await settle();
      const post = second.http.next(SEND);
      expect(JSON.parse(post.init.body ?? '{}')).toMatchObject({ id: 'a1', payload: { n: 1 } });
      post.respond(200, { status: 'success' });
      await settle();
      expect(await storage.ids()).toEqual([]);
    });
  });

  describe('TTL', () => {
    it('drops messages older than 24 h on load and reports each as outbox_expired', async () => {
      const first = page('a');
      first.client.send(note(1));
      await settle();
      jest.setSystemTime(Date.now() + DAY_MS);

      const second = page('b');
      const socket = second.connectOpen();
      await settle();
      expect(socket.frames).toEqual([]);
      expect(second.errors).toEqual([
        expect.objectContaining({ code: 'outbox_expired', messageId: 'a1' }),
      ]);
      expect(await storage.ids()).toEqual([]);
    });

    it('keeps a message just under the TTL', async () => {
      const first = page('a');
      first.client.send(note(1));
      await settle();
      jest.setSystemTime(Date.now() + DAY_MS - 1);

      const socket = page('b').connectOpen();
      await settle();
      expect(markers(socket.frames)).toEqual([1]);
    });

    it('applies outboxTtlMs per message', async () => {
      const first = page('a');
      first.client.send(note(1));
      jest.setSystemTime(Date.now() + 30_000);
      first.client.send(note(2));
      await settle();
      jest.setSystemTime(Date.now() + 40_000);

      const second = page('b', { outboxTtlMs: 60_000 });
      const socket = second.connectOpen();
      await settle();
      expect(markers(socket.frames)).toEqual([2]);
      expect(second.errors.map((error) => [error.code, error.messageId])).toEqual([
        ['outbox_expired', 'a1'],
      ]);
    });
  });

  describe('storage failures', () => {
    it('a failed save is reported; the send stays queued and goes out', async () => {
      storage.failing.add('add');
      const h = page('a');
      expect(h.client.send(note(1))).toEqual({ id: 'a1', queued: true });
      await settle();
      expect(h.errors).toEqual([
        expect.objectContaining({ code: 'storage_failed', messageId: 'a1' }),
      ]);
      expect(markers(h.connectOpen().frames)).toEqual([1]);
    });

    it('a storage that throws instead of rejecting never throws into send()', async () => {
      storage.failing.add('add');
      storage.throwing = true;
      const h = page('a');
      await settle();
      expect(() => h.client.send(note(1))).not.toThrow();
      await settle();
      expect(h.errors.map((error) => error.code)).toEqual(['storage_failed']);
      expect(h.client.stats.outboxDepth).toBe(1);
    });

    it('a failed load is reported and this page’s queue still flushes', async () => {
      storage.failing.add('load');
      const h = page('a');
      h.client.send(note(1));
      const socket = h.connectOpen();
      await settle();
      expect(h.errors.map((error) => error.code)).toEqual(['storage_failed']);
      expect(markers(socket.frames)).toEqual([1]);
    });

    it('a failed delete is reported and nothing else changes', async () => {
      storage.failing.add('remove');
      const h = page('a');
      h.client.send(note(1));
      const socket = h.connectOpen();
      await settle();
      expect(markers(socket.frames)).toEqual([1]);
      expect(h.errors).toEqual([
        expect.objectContaining({ code: 'storage_failed', messageId: 'a1' }),
      ]);
    });

    it('a load that does not answer holds queued sends for 5 s at most', async () => {
      storage.holdLoad = true;
      const h = page('a');
      h.client.send(note(1));
      const socket = h.connectOpen();
      await jest.advanceTimersByTimeAsync(4_999);
      expect(socket.frames).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(markers(socket.frames)).toEqual([1]);
      expect(h.errors.map((error) => error.code)).toEqual(['storage_failed']);
      h.client.send(note(2));
      expect(markers(socket.frames)).toEqual([1, 2]);
    });

    it('persisted messages that load late still go out once, after the held ones', async () => {
      const first = page('a');
      first.client.send(note(1));
      await settle();
      storage.holdLoad = true;
      const second = page('b');
      second.client.send(note(2));
      const socket = second.connectOpen();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(markers(socket.frames)).toEqual([2]);
      storage.releaseLoad();
      await settle();
      expect(markers(socket.frames)).toEqual([2, 1]);
      expect(await storage.ids()).toEqual([]);
    });

    it('drops an unreadable stored entry with storage_failed, and sends the rest', async () => {
      const message = { ...note(2), id: 'old-2', timestamp: new Date().toISOString() };
      await storage.add({ message: { id: 'old-1' }, frame: 42 } as unknown as PersistedOutboxEntry);
      await storage.add({ message, frame: JSON.stringify(message), enqueuedAt: Date.now() });
      const h = page('b');
      const socket = h.connectOpen();
      await settle();
      expect(markers(socket.frames)).toEqual([2]);
      expect(h.errors).toEqual([
        expect.objectContaining({ code: 'storage_failed', messageId: 'old-1' }),
      ]);
      expect(await storage.ids()).toEqual([]);
    });
  });

  describe('acknowledged sends', () => {
    it('survive a reload as plain messages with their stable id', async () => {
      const first = page('a');
      const outcomes: unknown[] = [];
      first.client.sendWithAck({ ...note(1), id: 'order-7' }).subscribe({
        next: (value) => outcomes.push(value),
        error: (error: RealtimeError) => outcomes.push(error.code),
      });
      await settle();
      // The page ends without any cleanup (a reload or a crash): the caller is gone.
      const second = page('b');
      const socket = second.connectOpen();
      await settle();
      expect(socket.frames).toEqual([
        expect.objectContaining({ id: 'order-7', type: 'typing_start' }),
      ]);
      expect(socket.frames[0]).not.toHaveProperty('ack_id');
      expect(await storage.ids()).toEqual([]);
      expect(outcomes).toEqual([]);
    });

    it('stay stored after being written, until their ack arrives', async () => {
      const h = page('a');
      const values: unknown[] = [];
      h.client.sendWithAck(note(1)).subscribe((value) => values.push(value));
      await settle();
      const socket = h.connectOpen();
      await settle();
      expect(socket.only('typing_start').ack_id).toBe('a1');
      expect(await storage.ids()).toEqual(['a1']);
      socket.receive(ackOf(socket.only('typing_start'), { ok: 1 }));
      await settle();
      expect(values).toEqual([{ ok: 1 }]);
      expect(await storage.ids()).toEqual([]);
    });

    it('that this page cannot encode any more are reported and deleted', async () => {
      const first = page('a');
      first.client
        .sendWithAck({ type: 'message', payload: { content: 'x'.repeat(300) } })
        .subscribe();
      await settle();
      const second = page('b', { maxFrameBytes: 200 });
      const socket = second.connectOpen();
      await settle();
      expect(socket.frames).toEqual([]);
      expect(second.errors).toEqual([
        expect.objectContaining({ code: 'frame_too_large', messageId: 'a1' }),
      ]);
      expect(await storage.ids()).toEqual([]);
    });

    it('are deleted when they fail with disconnected', async () => {
      const h = page('a');
      const failures: string[] = [];
      h.client.sendWithAck(note(1)).subscribe({
        error: (error: RealtimeError) => failures.push(error.code),
      });
      await settle();
      h.client.disconnect();
      await settle();
      expect(failures).toEqual(['disconnected']);
      expect(await storage.ids()).toEqual([]);
    });

    it('are deleted when the caller unsubscribes while they are queued', async () => {
      const h = page('a');
      const subscription = h.client.sendWithAck(note(1)).subscribe();
      await settle();
      expect(await storage.ids()).toEqual(['a1']);
      subscription.unsubscribe();
      await settle();
      expect(await storage.ids()).toEqual([]);
      expect(h.connectOpen().frames).toEqual([]);
    });
  });

  it('deletes a message evicted by drop-oldest', async () => {
    const h = page('a', { outbox: { limit: 1, overflow: 'drop-oldest' } });
    h.client.send(note(1));
    h.client.send(note(2));
    await settle();
    expect(await storage.ids()).toEqual(['a2']);
    expect(h.errors.map((error) => error.code)).toEqual(['outbox_dropped']);
  });

  it('counts restored messages in stats.outboxDepth', async () => {
    const first = page('a');
    first.client.send(note(1));
    first.client.send(note(2));
    await settle();
    const second = page('b');
    await settle();
    expect(second.client.stats.outboxDepth).toBe(2);
  });
});
