import type { RealtimeError } from '../errors/realtime-error';
import type { MissedMessages } from '../protocol/realtime-protocol';
import type { AckTracker } from './ack-tracker';
import type { ResolvedClientOptions } from './client-options';
import type { CatchUpOutcome, InboundRouter } from './inbound-router';
import type { Outbound } from './outbound';

/** What the catch-up reports to the client around it. */
export interface CatchUpHost {
  report(error: RealtimeError): void;
  verdict(outcome: CatchUpOutcome): void;
}

/**
 * The catch-up after a reconnect: asks the server (over the socket) for the events after the
 * last sequence number seen, while the router holds live events back, then releases the
 * replayed events first and the held ones after, without duplicates.
 */
export class CatchUp {
  private requestAckId: string | null = null;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly router: InboundRouter,
    private readonly acks: AckTracker,
    private readonly outbound: Outbound,
    private readonly host: CatchUpHost,
  ) {}

  /** Starts a catch-up on the freshly opened socket, when there is anything to catch up on. */
  start(): void {
    const { protocol, ackTimeoutMs } = this.options;
    const last = this.router.lastSequence;
    const able = protocol.capabilities.missedMessages && protocol.capabilities.acks;
    if (last === null || !able) return;
    const request = protocol.missedMessagesRequest(last);
    if (request === null) return;
    const stamped = this.outbound.stamp(request, true);
    const ackId = stamped.ackId as string;
    this.router.beginCatchUp();
    this.requestAckId = ackId;
    this.acks.track(stamped, ackTimeoutMs, (outcome) => {
      this.requestAckId = null;
      let missed: MissedMessages | null = null;
      if (outcome.ok) {
        try {
          missed = protocol.readMissedMessages(outcome.data);
        } catch (error) {
          this.host.report(error as RealtimeError);
        }
      } else this.host.report(outcome.error);
      this.host.verdict(this.router.endCatchUp(missed, 'request_failed'));
    });
    if (this.outbound.write(protocol.encode(stamped))) this.acks.markSent(ackId);
  }

  /**
   * The socket went away mid-request. Held events stay held: the next connection asks again
   * from the same sequence number, so nothing between the two is lost.
   */
  socketGone(): void {
    if (this.requestAckId === null) return;
    this.acks.cancel(this.requestAckId);
    this.requestAckId = null;
  }

  /**
   * Releases held events without a replay: polling took over (it cannot answer a socket
   * catch-up) or the app disconnected. Returns the verdict, or `null` when nothing was held.
   */
  abandon(): CatchUpOutcome | null {
    this.socketGone();
    return this.router.catchingUp ? this.router.endCatchUp(null, 'transport_changed') : null;
  }
}
