import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ServerEnvelope } from '../core/envelope';
import type { Faults } from '../faults';
import { RateLimiter } from './rate-limiter';

/** One open WebSocket of a user. */
export class Connection {
  readonly id = randomUUID();
  /** Channels this socket joined (`notifications` from the start). */
  readonly subscriptions = new Set<string>();
  readonly limiter: RateLimiter;
  /** Last time anything (frame or pong) arrived. */
  lastSeenAt: number;
  /**
   * The client shares this socket between its tabs (`?shared=1`): it also gets the echo of
   * its own actions, which the other tabs behind it have not seen.
   */
  shared = false;
  private closed = false;

  constructor(
    readonly userId: string,
    private readonly socket: WebSocket,
    private readonly faults: Faults,
    maxMessagesPerSecond: number,
    now: number,
  ) {
    this.limiter = new RateLimiter(maxMessagesPerSecond);
    this.lastSeenAt = now;
  }

  get open(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  /**
   * Sequence number of the last event handed to this socket (extension `prev_seq`): each
   * event frame carries the previous one's, so a client notices a missing frame at once.
   * Starts at the user's latest sequence number when the socket opens.
   */
  lastSentSeq = 0;

  /** Sends an event frame, through the fault injector. */
  sendEvent(logged: ServerEnvelope): void {
    const event = { ...logged, prev_seq: this.lastSentSeq };
    this.lastSentSeq = logged.seq ?? this.lastSentSeq;
    const decision = this.faults.decide(this.userId);
    switch (decision.kind) {
      case 'drop':
        return;
      case 'duplicate':
        this.sendControl(event);
        this.sendControl(event);
        return;
      case 'delay':
        setTimeout(() => this.sendControl(event), decision.ms).unref();
        return;
      default:
        this.sendControl(event);
    }
  }

  /**
   * The socket edge of a dialect other than SocialHub: turns each canonical frame the server
   * sends into the dialect's frames (none when it has no equivalent). `null` sends frames as
   * they are.
   */
  encode: ((frame: ServerEnvelope) => readonly object[]) | null = null;

  /** Sends a frame as is (acks, errors, heartbeats: never subject to faults). */
  sendControl(frame: ServerEnvelope): void {
    if (!this.open) return;
    if (this.encode === null) {
      this.socket.send(JSON.stringify(frame));
      return;
    }
    for (const out of this.encode(frame)) this.socket.send(JSON.stringify(out));
  }

  /** Closes with a close frame. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection without a close frame (a dead network, as clients see it). */
  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }

  /** WebSocket-level ping (the client's browser answers it; it proves the TCP path). */
  ping(): void {
    if (this.open) this.socket.ping();
  }

  /** Sends `data` exactly as given: text, or bytes as a binary frame (fuzz tests only). */
  sendRaw(data: string | Uint8Array): void {
    if (this.open) this.socket.send(data);
  }
}
