import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';
import { AckTracker, type AckOutcome } from './ack-tracker';
import { systemClock } from './clock';

function message(id: string): StampedMessage {
  return { id, type: 'send_message', payload: {}, ackId: id, timestamp: '2024-03-01T12:00:00Z' };
}

describe('AckTracker', () => {
  let tracker: AckTracker;
  let settle: jest.Mock<void, [AckOutcome]>;

  beforeEach(() => {
    jest.useFakeTimers();
    tracker = new AckTracker(systemClock);
    settle = jest.fn();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('settles once with the matching ack', () => {
    tracker.track(message('a'), 10_000, settle);
    expect(tracker.has('a')).toBe(true);
    expect(tracker.size).toBe(1);
    expect(tracker.resolve({ ackId: 'a', ok: true, data: { saved: true } })).toBe(true);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(settle).toHaveBeenCalledWith({ ok: true, data: { saved: true } });
    expect(tracker.has('a')).toBe(false);
    expect(tracker.size).toBe(0);
  });

  it('settles with a server error', () => {
    const error = new RealtimeError('server_error', 'refused', { serverCode: 'RATE_LIMITED' });
    tracker.track(message('a'), 10_000, settle);
    tracker.resolve({ ackId: 'a', ok: false, error });
    expect(settle).toHaveBeenCalledWith({ ok: false, error });
  });

  it('ignores answers nobody waits for, and late answers', () => {
    expect(tracker.resolve({ ackId: 'nobody', ok: true, data: null })).toBe(false);
    tracker.track(message('a'), 10_000, settle);
    tracker.resolve({ ackId: 'a', ok: true, data: 1 });
    expect(tracker.resolve({ ackId: 'a', ok: true, data: 2 })).toBe(false);
    expect(tracker.fail('a', new RealtimeError('disconnected', 'x'))).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(settle).toHaveBeenCalledWith({ ok: true, data: 1 });
  });

  it('times out with ack_timeout, calling onTimeout just before', () => {
    const order: string[] = [];
    settle.mockImplementation((outcome) => order.push(outcome.ok ? 'ok' : outcome.error.code));
    tracker.track(message('a'), 5_000, settle, () => order.push('onTimeout'));
    jest.advanceTimersByTime(4_999);
    expect(settle).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(order).toEqual(['onTimeout', 'ack_timeout']);
    const outcome = settle.mock.calls[0][0];
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.error.messageId).toBe('a');
    expect(outcome.error.message).toBe('No acknowledgement within 5000 ms');
    expect(tracker.has('a')).toBe(false);
    // An ack after the timeout changes nothing.
    expect(tracker.resolve({ ackId: 'a', ok: true, data: 1 })).toBe(false);
    expect(settle).toHaveBeenCalledTimes(1);
  });

  it('times out without an onTimeout hook', () => {
    tracker.track(message('a'), 1_000, settle);
    jest.advanceTimersByTime(1_000);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(settle.mock.calls[0][0]).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ack_timeout' }),
    });
  });

  it('does not time out once settled', () => {
    const onTimeout = jest.fn();
    tracker.track(message('a'), 5_000, settle, onTimeout);
    tracker.resolve({ ackId: 'a', ok: true, data: 1 });
    jest.advanceTimersByTime(10_000);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('fail() settles with the given error', () => {
    const error = new RealtimeError('outbox_dropped', 'evicted');
    tracker.track(message('a'), 5_000, settle);
    expect(tracker.fail('a', error)).toBe(true);
    expect(settle).toHaveBeenCalledWith({ ok: false, error });
    jest.advanceTimersByTime(10_000);
    expect(settle).toHaveBeenCalledTimes(1);
  });

  it('cancel() stops waiting without settling', () => {
    const onTimeout = jest.fn();
    tracker.track(message('a'), 5_000, settle, onTimeout);
    tracker.cancel('a');
    tracker.cancel('a');
    tracker.cancel('unknown');
    expect(tracker.has('a')).toBe(false);
    jest.advanceTimersByTime(10_000);
    tracker.resolve({ ackId: 'a', ok: true, data: 1 });
    expect(settle).not.toHaveBeenCalled();
    expect(onTimeout).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('lists only messages marked as sent, oldest first', () => {
    tracker.track(message('a'), 5_000, settle);
    tracker.track(message('b'), 5_000, settle);
    tracker.track(message('c'), 5_000, settle);
    expect(tracker.sentAndWaiting()).toEqual([]);
    tracker.markSent('c');
    tracker.markSent('a');
    tracker.markSent('unknown');
    expect(tracker.sentAndWaiting().map((m) => m.id)).toEqual(['a', 'c']);
    tracker.resolve({ ackId: 'a', ok: true, data: null });
    expect(tracker.sentAndWaiting().map((m) => m.id)).toEqual(['c']);
  });

  it('failAll() settles every pending send once with its own error', () => {
    const settleA = jest.fn();
    const settleB = jest.fn();
    tracker.track(message('a'), 5_000, settleA);
    tracker.track(message('b'), 5_000, settleB);
    tracker.failAll((m) => new RealtimeError('disconnected', 'gone', { messageId: m.id }));
    expect(settleA.mock.calls[0][0].error.messageId).toBe('a');
    expect(settleB.mock.calls[0][0].error.messageId).toBe('b');
    expect(tracker.size).toBe(0);
    jest.advanceTimersByTime(10_000);
    expect(settleA).toHaveBeenCalledTimes(1);
    expect(settleB).toHaveBeenCalledTimes(1);
  });

  it('failAll() copes with a settle callback that starts a new send', () => {
    const late = jest.fn();
    tracker.track(message('a'), 5_000, () => tracker.track(message('b'), 5_000, late));
    tracker.failAll(() => new RealtimeError('disconnected', 'gone'));
    expect(tracker.has('b')).toBe(true);
    expect(late).not.toHaveBeenCalled();
  });
});
