import type { Observable } from 'rxjs';
import type { RealtimeError } from 'ngx-realtime';
import {
  ackErrorOf,
  ackOf,
  createHarness,
  errorFrame,
  type Harness,
} from '../../../../spec-support/client-harness';

/** Everything an acknowledged send emitted, in order. */
interface Outcome {
  readonly values: unknown[];
  readonly errors: RealtimeError[];
  completions: number;
  /** next + error + complete: an acknowledged send settles exactly once (1, or 2 with complete). */
  readonly settlements: () => number;
}

function record<T>(source: Observable<T>): Outcome & { unsubscribe(): void } {
  const values: unknown[] = [];
  const errors: RealtimeError[] = [];
  const outcome = {
    values,
    errors,
    completions: 0,
    settlements: () => values.length + errors.length,
    unsubscribe: () => subscription.unsubscribe(),
  };
  const subscription = source.subscribe({
    next: (value) => values.push(value),
    error: (error: RealtimeError) => errors.push(error),
    complete: () => outcome.completions++,
  });
  return outcome;
}

const message = { type: 'message', payload: { conversation_id: 'c1', content: 'hello' } };

describe('RealtimeClient: acknowledged sends', () => {
  let h: Harness;

  beforeEach(() => {
    jest.useFakeTimers();
    h = createHarness();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  it('is cold: nothing is sent before subscription', () => {
    const socket = h.connectOpen();
    const send$ = h.client.sendWithAck(message);
    expect(socket.frames).toEqual([]);
    record(send$);
    expect(socket.only('message').ack_id).toBe(socket.only('message').id);
  });

  it('emits the ack data once and completes', () => {
    const socket = h.connectOpen();
    const outcome = record(h.client.sendWithAck<{ stored: boolean }>(message));
    expect(h.client.stats.pendingAcks).toBe(1);
    const sent = socket.only('message');
    socket.receive(ackOf(sent, { stored: true }));
    socket.receive(ackOf(sent, { stored: false }));
    expect(outcome.values).toEqual([{ stored: true }]);
    expect(outcome.completions).toBe(1);
    expect(outcome.settlements()).toBe(1);
    expect(h.client.stats.pendingAcks).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(outcome.settlements()).toBe(1);
    expect(h.errors).toEqual([]);
  });

  it('fails with a typed server error when the ack says so', () => {
    const socket = h.connectOpen();
    const outcome = record(h.client.sendWithAck(message));
    socket.receive(ackErrorOf(socket.only('message'), 'RATE_LIMITED', 'slow down'));
    expect(outcome.errors).toEqual([
      expect.objectContaining({ code: 'server_error', serverCode: 'RATE_LIMITED' }),
    ]);
    jest.advanceTimersByTime(60_000);
    expect(outcome.settlements()).toBe(1);
    expect(outcome.completions).toBe(0);
  });

  it('fails with a typed server error when an error frame answers it', () => {
    const socket = h.connectOpen();
    const outcome = record(h.client.sendWithAck(message));
    socket.receive(errorFrame('INVALID_MESSAGE', 'content too long', socket.only('message')));
    socket.receive(ackOf(socket.only('message')));
    expect(outcome.errors).toEqual([
      expect.objectContaining({ code: 'server_error', serverCode: 'INVALID_MESSAGE' }),
    ]);
    expect(outcome.settlements()).toBe(1);
    expect(h.client.status).toBe('connected');
  });

  it('times out after ackTimeoutMs (10 s by default), once; a late ack is ignored', () => {
    const socket = h.connectOpen();
    const outcome = record(h.client.sendWithAck(message));
    jest.advanceTimersByTime(9_999);
    expect(outcome.settlements()).toBe(0);
    jest.advanceTimersByTime(1);
    expect(outcome.errors).toEqual([expect.objectContaining({ code: 'ack_timeout' })]);
    socket.receive(ackOf(socket.only('message')));
    expect(outcome.settlements()).toBe(1);
    expect(h.client.stats.pendingAcks).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('honours the per-call timeout and the client default', () => {
    h.client.destroy();
    h = createHarness({ ackTimeoutMs: 2_000 });
    h.connectOpen();
    const byDefault = record(h.client.sendWithAck(message));
    const perCall = record(h.client.sendWithAck(message, { timeoutMs: 500 }));
    jest.advanceTimersByTime(500);
    expect(perCall.errors.map((error) => error.code)).toEqual(['ack_timeout']);
    expect(byDefault.settlements()).toBe(0);
    jest.advanceTimersByTime(1_500);
    expect(byDefault.errors.map((error) => error.code)).toEqual(['ack_timeout']);
  });

  it('survives a reconnect: resent with the same id, and the new ack settles it', () => {
    const first = h.connectOpen();
    const outcome = record(h.client.sendWithAck(message));
    const original = first.only('message');
    first.serverClose();
    const second = h.advanceToRetry();
    second.open();
    const resent = second.only('message');
    expect(resent).toEqual(original);
    second.receive(ackOf(resent, 'ok'));
    expect(outcome.values).toEqual(['ok']);
    expect(outcome.settlements()).toBe(1);
  });

  it('is resent after every reconnect until its timeout, then never again', () => {
    const outcome = record(h.client.sendWithAck(message, { timeoutMs: 5_000 }));
    h.connectOpen().serverClose();
    h.advanceToRetry().open();
    h.sockets.last.serverClose();
    h.advanceToRetry().open();
    expect(h.sockets.sockets.map((socket) => socket.framesOf('message').length)).toEqual([1, 1, 1]);
    jest.advanceTimersByTime(5_000);
    expect(outcome.errors.map((error) => error.code)).toEqual(['ack_timeout']);
    h.sockets.last.serverClose();
    h.advanceToRetry().open();
    expect(h.sockets.last.framesOf('message')).toEqual([]);
  });

  it('a queued send that times out is withdrawn from the outbox', () => {
    const outcome = record(h.client.sendWithAck(message, { timeoutMs: 1_000 }));
    expect(h.client.stats.outboxDepth).toBe(1);
    jest.advanceTimersByTime(1_000);
    expect(outcome.errors.map((error) => error.code)).toEqual(['ack_timeout']);
    expect(h.client.stats.outboxDepth).toBe(0);
    expect(h.connectOpen().frames).toEqual([]);
  });

  it('unsubscribing early withdraws a queued message', () => {
    const outcome = record(h.client.sendWithAck(message));
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c1' } });
    expect(h.client.stats).toMatchObject({ outboxDepth: 2, pendingAcks: 1 });
    outcome.unsubscribe();
    expect(h.client.stats).toMatchObject({ outboxDepth: 1, pendingAcks: 0 });
    const socket = h.connectOpen();
    expect(socket.frames.map((frame) => frame.type)).toEqual(['typing_start']);
  });

  it('unsubscribing after the write ignores the later ack', () => {
    const socket = h.connectOpen();
    const outcome = record(h.client.sendWithAck(message));
    outcome.unsubscribe();
    socket.receive(ackOf(socket.only('message')));
    expect(outcome.settlements()).toBe(0);
    expect(h.client.stats.pendingAcks).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('disconnect() fails waiting acknowledged sends with `disconnected`', () => {
    h.connectOpen();
    const sent = record(h.client.sendWithAck(message));
    h.client.disconnect();
    const queued = record(h.client.sendWithAck(message));
    h.client.disconnect();
    expect(sent.errors.map((error) => error.code)).toEqual(['disconnected']);
    expect(queued.errors.map((error) => error.code)).toEqual(['disconnected']);
    expect(h.client.stats).toMatchObject({ pendingAcks: 0, outboxDepth: 0 });
  });

  it('fails with outbox_full when the outbox refuses it', () => {
    h.client.destroy();
    h = createHarness({ outbox: { limit: 1 } });
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c1' } });
    const outcome = record(h.client.sendWithAck(message));
    expect(outcome.errors.map((error) => error.code)).toEqual(['outbox_full']);
    expect(h.client.stats.pendingAcks).toBe(0);
  });

  it('refuses a second send with the id of a message still waiting, and keeps the first intact', () => {
    const socket = h.connectOpen();
    const first = record(
      h.client.sendWithAck({ ...message, id: 'stable-1' }, { timeoutMs: 10_000 }),
    );
    const second = record(
      h.client.sendWithAck({ ...message, id: 'stable-1' }, { timeoutMs: 1_000 }),
    );
    expect(second.errors.map((error) => error.code)).toEqual(['duplicate_message']);
    jest.advanceTimersByTime(5_000);
    expect(first.settlements()).toBe(0);
    socket.receive(ackOf(socket.only('message'), 'ok'));
    expect(first.values).toEqual(['ok']);
    // Once settled, the id may be used again (an app retrying after a failure).
    const retry = record(h.client.sendWithAck({ ...message, id: 'stable-1' }));
    expect(retry.errors).toEqual([]);
    expect(h.client.stats.pendingAcks).toBe(1);
  });
});
