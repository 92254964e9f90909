import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';
import type { AckResolution } from '../protocol/realtime-protocol';
import type { RealtimeClock, TimerHandle } from './clock';

/** The one outcome of an acknowledged send. */
export type AckOutcome =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly error: RealtimeError };

interface PendingAck {
  readonly message: StampedMessage;
  /** The timeout, cleared when the send settles (no timer outlives its ack). */
  readonly timer: TimerHandle;
  readonly settle: (outcome: AckOutcome) => void;
  /** Written to a transport at least once (it must be resent after a reconnect). */
  sent: boolean;
}

/**
 * Acknowledged sends waiting for their answer. Each settles exactly once: the matching ack,
 * a server error, a timeout, or cancellation; whatever comes later is ignored.
 */
export class AckTracker {
  private readonly pending = new Map<string, PendingAck>();

  constructor(private readonly clock: RealtimeClock) {}

  get size(): number {
    return this.pending.size;
  }

  /**
   * Starts waiting for the ack of `message` (keyed by its `ackId`); `onTimeout` runs once
   * the timeout passes without an answer, just before `settle` gets the timeout error.
   */
  track(
    message: StampedMessage,
    timeoutMs: number,
    settle: (outcome: AckOutcome) => void,
    onTimeout: () => void = () => undefined,
  ): void {
    const ackId = message.ackId as string;
    // A bare timer handle rather than a TimerSlot: one object and one closure fewer on every
    // acknowledged send, which is on the round trip bench/ack-rtt measures.
    const timer = this.clock.setTimeout(
      () => {
        if (!this.pending.has(ackId)) return;
        onTimeout();
        this.finish(ackId, {
          ok: false,
          error: new RealtimeError('ack_timeout', `No acknowledgement within ${timeoutMs} ms`, {
            messageId: message.id,
          }),
        });
      },
      Math.max(0, timeoutMs),
    );
    this.pending.set(ackId, { message, timer, settle, sent: false });
  }

  /** Records that the message went out on a transport. */
  markSent(ackId: string): void {
    const entry = this.pending.get(ackId);
    if (entry !== undefined) entry.sent = true;
  }

  /** Settles the matching pending send; false when nothing waited for this ack. */
  resolve(resolution: AckResolution): boolean {
    return this.finish(
      resolution.ackId,
      resolution.ok ? { ok: true, data: resolution.data } : { ok: false, error: resolution.error },
    );
  }

  /** Settles the pending send of `ackId` with `error` (for example: evicted from the outbox). */
  fail(ackId: string, error: RealtimeError): boolean {
    return this.finish(ackId, { ok: false, error });
  }

  /** True while `ackId` waits for its answer. */
  has(ackId: string): boolean {
    return this.pending.has(ackId);
  }

  /** Stops waiting without settling (the caller unsubscribed). */
  cancel(ackId: string): void {
    const entry = this.pending.get(ackId);
    if (entry === undefined) return;
    this.clock.clearTimeout(entry.timer);
    this.pending.delete(ackId);
  }

  /** Sent messages still waiting, oldest first: they are resent after a reconnect. */
  sentAndWaiting(): StampedMessage[] {
    return [...this.pending.values()].filter((entry) => entry.sent).map((entry) => entry.message);
  }

  /** Fails every pending send with `error`. */
  failAll(error: (message: StampedMessage) => RealtimeError): void {
    for (const [ackId, entry] of [...this.pending]) {
      this.finish(ackId, { ok: false, error: error(entry.message) });
    }
  }

  private finish(ackId: string, outcome: AckOutcome): boolean {
    const entry = this.pending.get(ackId);
    if (entry === undefined) return false;
    this.clock.clearTimeout(entry.timer);
    this.pending.delete(ackId);
    entry.settle(outcome);
    return true;
  }
}
