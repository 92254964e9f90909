import type { RealtimeError } from '../errors/realtime-error';
import type { RealtimeMessage } from '../protocol/message';
import type {
  MissedMessages,
  RealtimeProtocol,
  SequencePosition,
} from '../protocol/realtime-protocol';
import type { AckTracker } from './ack-tracker';
import type { RealtimeClock } from './clock';
import type { EventHub } from './event-hub';
import { SequenceTracker } from './sequence-tracker';
import type { RecoveryGapReason, RecoveryVerdict } from './stats';

/** What the router needs from the client around it. */
export interface RouterHost {
  /** A frame reported an error the app should see. */
  report(error: RealtimeError): void;
  /** A replayed item failed validation and was dropped (counted as a decode error). */
  unreadable(error: RealtimeError): void;
  /** The server refused the credentials on an open link. */
  authRejected(): void;
  /** The server refused a channel subscription. */
  channelRejected(channel: string, error: RealtimeError): void;
  /** Any acknowledged or confirmed answer arrived (the credentials work). */
  authenticated(): void;
  /** A live event revealed a missing one: start a catch-up now (it holds live events). */
  gapDetected(): void;
}

/** What a catch-up came to; the client adds the channels and the time. */
export interface CatchUpOutcome {
  readonly verdict: RecoveryVerdict;
  readonly reason: RecoveryGapReason | null;
}

/** A live event held back during a catch-up, with the numbering it arrived under. */
interface HeldEvent {
  readonly message: RealtimeMessage;
  readonly numbering: number;
}

/** Internal acknowledgements the router settles itself. */
interface InternalAck {
  readonly kind: 'heartbeat' | 'subscribe';
  readonly sentAt: number;
  readonly channel?: string;
}

/**
 * Everything that happens to a decoded event before the app sees it: acknowledgements are
 * settled, server errors typed and reported, duplicates dropped, and — while a catch-up is
 * in flight — live events held back so replayed ones come first and order is kept.
 */
export class InboundRouter {
  private readonly sequence = new SequenceTracker();
  private readonly internal = new Map<string, InternalAck>();
  private held: HeldEvent[] | null = null;
  /**
   * Bumped on every server restart detected: events held under an older numbering must not
   * set the position of the new one.
   */
  private numbering = 0;
  /** The numbering when the last catch-up ended, to tell a restart from a trimmed log. */
  private numberingAtLastCatchUp = 0;
  /** The server run the sequence numbers belong to, once the server said. */
  private epoch: string | undefined;
  /** Round-trip time of the last answered heartbeat. */
  rttMs: number | null = null;

  constructor(
    private readonly protocol: RealtimeProtocol,
    private readonly clock: RealtimeClock,
    private readonly acks: AckTracker,
    private readonly hub: EventHub,
    private readonly host: RouterHost,
  ) {}

  get lastSequence(): number | null {
    return this.sequence.lastSequence;
  }

  /** Starts from where an earlier client stopped: the first catch-up asks from there. */
  resume(lastSequence: number): void {
    this.sequence.rebase(lastSequence);
  }

  /** Remembers an internal frame (heartbeat, subscribe) whose ack the router handles. */
  expectInternalAck(ackId: string, ack: InternalAck): void {
    this.internal.set(ackId, ack);
  }

  /** Forgets internal acks of a previous connection (a new socket starts clean). */
  resetInternalAcks(): void {
    this.internal.clear();
  }

  /**
   * Routes one decoded event. The clock is read only when a heartbeat answer is settled, not
   * per event: on a busy link that read was a measurable share of the per-frame cost.
   */
  route(message: RealtimeMessage): void {
    const resolution = this.protocol.resolveAck(message);
    if (resolution !== null) {
      const internal = this.internal.get(resolution.ackId);
      if (internal !== undefined) this.internal.delete(resolution.ackId);
      // Any answer, internal ones included, tells whether the credentials still work: a quiet
      // link only sees heartbeat acks, and a subscribe refused for its token is an auth refusal.
      const authFailure = !resolution.ok && this.protocol.isAuthFailure(resolution.error);
      if (authFailure) this.host.authRejected();
      else this.host.authenticated();
      if (internal !== undefined) {
        if (!authFailure) this.settleInternal(internal, resolution.ok ? null : resolution.error);
        return;
      }
      if (this.acks.resolve(resolution) || authFailure) return;
    }
    const error = this.protocol.serverError(message);
    if (error !== null) {
      if (this.protocol.isAuthFailure(error)) this.host.authRejected();
      else this.host.report(error);
      return;
    }
    if (message.type === 'ack') return;
    this.host.authenticated();
    const position = this.protocol.sequencePosition(message);
    if (position !== null) this.followServer(position, true);
    if (this.held === null && this.revealsGap(message)) this.host.gapDetected();
    if (this.held !== null) this.held.push({ message, numbering: this.numbering });
    else this.deliver(message);
  }

  /** Holds live events until {@link endCatchUp}: a catch-up request is in flight. */
  beginCatchUp(): void {
    this.held ??= [];
  }

  /** True while live events are held back. */
  get catchingUp(): boolean {
    return this.held !== null;
  }

  /**
   * Delivers replayed events (in sequence order) and then the held live ones, dropping
   * duplicates; returns the verdict. `missed` is `null` when the catch-up got no answer, and
   * `failure` says why.
   */
  endCatchUp(missed: MissedMessages | null, failure: RecoveryGapReason): CatchUpOutcome {
    const held = this.held ?? [];
    this.held = null;
    if (missed !== null) this.followServer(missed, false);
    const restarted = this.numbering !== this.numberingAtLastCatchUp;
    this.numberingAtLastCatchUp = this.numbering;
    // Received before a restart: delivered (once, by id), but their numbers are the old run's.
    for (const { message } of held.filter((entry) => entry.numbering < this.numbering)) {
      if (this.sequence.acceptUnnumbered(message)) this.hub.deliver(message);
    }
    if (missed !== null) {
      for (const error of missed.rejected) this.host.unreadable(error);
      const replay = [...missed.messages].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      for (const message of replay) this.deliver(message);
    }
    for (const { message } of held.filter((entry) => entry.numbering === this.numbering)) {
      this.deliver(message);
    }
    if (missed === null) return { verdict: 'failed', reason: failure };
    if (missed.complete) return { verdict: 'complete', reason: null };
    return { verdict: 'incomplete', reason: restarted ? 'server_restarted' : 'log_trimmed' };
  }

  /**
   * Follows the server's own account of its sequence: a first position becomes the baseline
   * (so a drop before the first event is still caught up); a new epoch, or numbers that went
   * backwards, mean a restart, so the old high-water mark must not swallow new events.
   */
  private followServer(position: SequencePosition, greeting: boolean): void {
    const last = this.sequence.lastSequence;
    const restarted =
      (position.epoch !== undefined && this.epoch !== undefined && position.epoch !== this.epoch) ||
      (position.lastSequence !== undefined && last !== null && position.lastSequence < last);
    if (position.epoch !== undefined) this.epoch = position.epoch;
    if (restarted) {
      this.sequence.rebase(null);
      this.numbering++;
    }
    // Only a greeting sets a baseline: a catch-up reply's events set the position themselves.
    const unset = this.sequence.lastSequence === null && !this.catchingUp;
    if (greeting && unset && position.lastSequence !== undefined) {
      this.sequence.rebase(position.lastSequence);
    }
  }

  /** The server sent something between the last event received and `message`. */
  private revealsGap(message: RealtimeMessage): boolean {
    const last = this.sequence.lastSequence;
    return (
      last !== null &&
      message.seq !== undefined &&
      message.prevSeq !== undefined &&
      message.prevSeq > last
    );
  }

  private deliver(message: RealtimeMessage): void {
    if (this.sequence.accept(message)) this.hub.deliver(message);
  }

  private settleInternal(ack: InternalAck, error: RealtimeError | null): void {
    if (ack.kind === 'heartbeat') {
      this.rttMs = this.clock.now() - ack.sentAt;
      return;
    }
    if (error !== null && ack.channel !== undefined) this.host.channelRejected(ack.channel, error);
  }
}
