import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';
import { DEFAULT_OUTBOX_OPTIONS, Outbox, type OutboxEntry } from './outbox';

function entry(id: string, onDropped?: (error: RealtimeError) => void): OutboxEntry {
  const message: StampedMessage = {
    id,
    type: 'send_message',
    payload: { id },
    timestamp: '2024-03-01T12:00:00Z',
  };
  return { message, frame: JSON.stringify(message), onDropped };
}

function ids(entries: readonly OutboxEntry[]): string[] {
  return entries.map((item) => item.message.id);
}

describe('Outbox', () => {
  it('defaults to 1000 messages, rejecting the newest on overflow', () => {
    expect(new Outbox().options).toEqual({ limit: 1000, overflow: 'reject-newest' });
    expect(DEFAULT_OUTBOX_OPTIONS).toEqual({ limit: 1000, overflow: 'reject-newest' });
  });

  it('keeps messages in send order', () => {
    const outbox = new Outbox();
    for (const id of ['a', 'b', 'c']) expect(outbox.push(entry(id))).toBeNull();
    expect(outbox.size).toBe(3);
    expect(ids(outbox.drain())).toEqual(['a', 'b', 'c']);
    expect(outbox.size).toBe(0);
  });

  it('holds exactly the limit', () => {
    const outbox = new Outbox({ limit: 1000 });
    for (let i = 0; i < 1000; i++) outbox.push(entry(`m${i}`));
    expect(outbox.size).toBe(1000);
    expect(() => outbox.push(entry('m1000'))).toThrow(RealtimeError);
  });

  describe('reject-newest', () => {
    it('throws outbox_full for the newest send and keeps the queue as it was', () => {
      const outbox = new Outbox({ limit: 2 });
      const dropped = jest.fn();
      outbox.push(entry('a', dropped));
      outbox.push(entry('b', dropped));
      let error: unknown;
      try {
        outbox.push(entry('c', dropped));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RealtimeError);
      expect((error as RealtimeError).code).toBe('outbox_full');
      expect((error as RealtimeError).messageId).toBe('c');
      expect(dropped).not.toHaveBeenCalled();
      expect(ids(outbox.drain())).toEqual(['a', 'b']);
    });
  });

  describe('drop-oldest', () => {
    it('evicts the oldest, tells its sender with outbox_dropped and returns it', () => {
      const outbox = new Outbox({ limit: 2, overflow: 'drop-oldest' });
      const droppedA = jest.fn();
      const droppedB = jest.fn();
      outbox.push(entry('a', droppedA));
      outbox.push(entry('b', droppedB));
      const evicted = outbox.push(entry('c'));
      expect(evicted?.message.id).toBe('a');
      expect(droppedA).toHaveBeenCalledTimes(1);
      const error = droppedA.mock.calls[0][0] as RealtimeError;
      expect(error).toBeInstanceOf(RealtimeError);
      expect(error.code).toBe('outbox_dropped');
      expect(error.messageId).toBe('a');
      expect(droppedB).not.toHaveBeenCalled();
      expect(ids(outbox.drain())).toEqual(['b', 'c']);
    });

    it('evicts quietly when the sender left no callback', () => {
      const outbox = new Outbox({ limit: 1, overflow: 'drop-oldest' });
      outbox.push(entry('a'));
      expect(outbox.push(entry('b'))?.message.id).toBe('a');
      expect(ids(outbox.drain())).toEqual(['b']);
    });
  });

  it.each(['reject-newest', 'drop-oldest'] as const)(
    'refuses every send with limit 0 (%s)',
    (overflow) => {
      const outbox = new Outbox({ limit: 0, overflow });
      let error: unknown;
      try {
        outbox.push(entry('a'));
      } catch (caught) {
        error = caught;
      }
      expect((error as RealtimeError).code).toBe('outbox_full');
      expect(outbox.size).toBe(0);
    },
  );

  it.each([-1, 1.5, Number.NaN])('rejects limit %p as invalid_config', (limit) => {
    expect(() => new Outbox({ limit })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
  });

  it('removes a queued message by id', () => {
    const outbox = new Outbox();
    ['a', 'b', 'c'].forEach((id) => outbox.push(entry(id)));
    expect(outbox.has('b')).toBe(true);
    expect(outbox.remove('b')).toBe(true);
    expect(outbox.has('b')).toBe(false);
    expect(outbox.remove('b')).toBe(false);
    expect(outbox.remove('zzz')).toBe(false);
    expect(ids(outbox.drain())).toEqual(['a', 'c']);
  });

  it('shifts the oldest entry', () => {
    const outbox = new Outbox();
    ['a', 'b'].forEach((id) => outbox.push(entry(id)));
    expect(outbox.shift()?.message.id).toBe('a');
    expect(outbox.shift()?.message.id).toBe('b');
    expect(outbox.shift()).toBeUndefined();
  });

  it('restores an interrupted flush in front of messages queued since', () => {
    const outbox = new Outbox();
    ['a', 'b', 'c'].forEach((id) => outbox.push(entry(id)));
    const flushing = outbox.drain();
    outbox.push(entry('d'));
    outbox.restore(flushing.slice(1)); // 'a' went out, 'b' and 'c' did not
    expect(ids(outbox.drain())).toEqual(['b', 'c', 'd']);
  });

  it('drain leaves an empty outbox that keeps working', () => {
    const outbox = new Outbox({ limit: 1 });
    outbox.push(entry('a'));
    outbox.drain();
    expect(outbox.push(entry('b'))).toBeNull();
    expect(ids(outbox.drain())).toEqual(['b']);
    expect(outbox.drain()).toEqual([]);
  });
});
