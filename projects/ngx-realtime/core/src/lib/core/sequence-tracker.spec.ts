import type { RealtimeMessage } from '../protocol/message';
import { SequenceTracker } from './sequence-tracker';

function event(id: string, seq?: number): RealtimeMessage {
  return { id, type: 'notification', payload: {}, timestamp: '2024-03-01T12:00:00Z', seq };
}

describe('SequenceTracker', () => {
  it('accepts new events and drops repeated ids', () => {
    const tracker = new SequenceTracker();
    expect(tracker.accept(event('a'))).toBe(true);
    expect(tracker.accept(event('b'))).toBe(true);
    expect(tracker.accept(event('a'))).toBe(false);
    expect(tracker.lastSequence).toBeNull();
  });

  it('drops events at or below the highest sequence number, whatever their id', () => {
    const tracker = new SequenceTracker();
    expect(tracker.accept(event('a', 5))).toBe(true);
    expect(tracker.lastSequence).toBe(5);
    expect(tracker.accept(event('b', 5))).toBe(false);
    expect(tracker.accept(event('c', 3))).toBe(false);
    expect(tracker.accept(event('d', 7))).toBe(true);
    expect(tracker.lastSequence).toBe(7);
  });

  it('does not record an event it dropped by sequence', () => {
    const tracker = new SequenceTracker();
    tracker.accept(event('a', 5));
    expect(tracker.accept(event('late', 4))).toBe(false);
    expect(tracker.lastSequence).toBe(5);
    expect(tracker.accept(event('late'))).toBe(true);
  });

  it('drops a repeated id even with a newer sequence number', () => {
    const tracker = new SequenceTracker();
    tracker.accept(event('a', 1));
    expect(tracker.accept(event('a', 2))).toBe(false);
    expect(tracker.lastSequence).toBe(1);
  });

  it('mixes events with and without sequence numbers', () => {
    const tracker = new SequenceTracker();
    expect(tracker.accept(event('a', 0))).toBe(true);
    expect(tracker.accept(event('b'))).toBe(true);
    expect(tracker.accept(event('c', 1))).toBe(true);
    expect(tracker.lastSequence).toBe(1);
  });

  it('remembers the last 2048 ids and forgets older ones', () => {
    const tracker = new SequenceTracker();
    for (let i = 0; i < 2048; i++) tracker.accept(event(`id-${i}`));
    expect(tracker.accept(event('id-0'))).toBe(false);
    expect(tracker.accept(event('id-2048'))).toBe(true); // evicts id-0
    expect(tracker.accept(event('id-1'))).toBe(false);
    expect(tracker.accept(event('id-0'))).toBe(true);
    expect(tracker.accept(event('id-2048'))).toBe(false);
  });

  it('keeps memory bounded over a long stream', () => {
    const tracker = new SequenceTracker();
    for (let i = 0; i < 10_000; i++) expect(tracker.accept(event(`id-${i}`))).toBe(true);
    // The most recent 2048 are remembered, the rest forgotten.
    expect(tracker.accept(event('id-9999'))).toBe(false);
    expect(tracker.accept(event('id-7952'))).toBe(false);
    expect(tracker.accept(event('id-7951'))).toBe(true);
  });
});
