import { RealtimeError } from '../errors/realtime-error';
import { exceedsByteLimit } from '../protocol/frame-size';
import type { OutgoingMessage, StampedMessage } from '../protocol/message';
import type { AckTracker } from './ack-tracker';
import type { ResolvedClientOptions } from './client-options';
import { TimerSlot } from './clock';
import { postFrame } from './http-calls';
import type { LinkController } from './link-controller';
import type { Outbox, OutboxEntry } from './outbox';
import { OutboxPersistence, PERSISTED_LOAD_TIMEOUT_MS } from './outbox-persistence';
import type { PersistedOutboxEntry } from './outbox-storage';

/** Receives the outcome of an acknowledged send. */
export interface AckObserver {
  next(data: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

/** What the outbound side reports to the client around it. */
export interface OutboundHost {
  report(error: RealtimeError): void;
  changed(): void;
}

/**
 * Everything that leaves the client: stamping (id, timestamp, ack id), encoding with the size
 * limit, writing on the socket, queueing in the outbox while the link is down, and flushing
 * that queue in order: over the socket after a reconnect, or over `POST sendUrl` while
 * polling.
 */
export class Outbound {
  /** Frames written (socket or HTTP). */
  framesOut = 0;
  private httpFlushing = false;
  /** The last stamp's time and its ISO text (see {@link timestampOf}). */
  private stampedAt = Number.NaN;
  private stampText = '';
  /** True while persisted messages are loading: nothing queued may overtake them. */
  private held = false;
  private readonly persistence: OutboxPersistence | null;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly link: LinkController,
    private readonly outbox: Outbox,
    private readonly acks: AckTracker,
    private readonly host: OutboundHost,
  ) {
    const { outboxStorage, outboxTtlMs, clock } = options;
    this.persistence =
      outboxStorage === null
        ? null
        : new OutboxPersistence(outboxStorage, outboxTtlMs, clock, (error) => host.report(error));
  }

  /** Gives a message its id, timestamp and (for acknowledged sends) ack id. */
  stamp(message: OutgoingMessage, withAck: boolean): StampedMessage {
    const id = message.id ?? this.options.ids();
    return {
      id,
      type: message.type,
      payload: message.payload,
      channel: message.channel,
      ackId: withAck ? id : undefined,
      timestamp: this.timestampOf(this.options.clock.now()),
    };
  }

  /**
   * ISO text of `ms`. Timestamps have millisecond precision, so sends within the same
   * millisecond reuse the text: `toISOString` was a measurable part of an ack round trip.
   */
  private timestampOf(ms: number): string {
    if (ms !== this.stampedAt) {
      this.stampedAt = ms;
      this.stampText = new Date(ms).toISOString();
    }
    return this.stampText;
  }

  /**
   * Encodes with the protocol.
   * @throws RealtimeError `frame_too_large` above the size limit.
   */
  encode(message: StampedMessage): string {
    const frame = this.options.protocol.encode(message);
    if (exceedsByteLimit(frame, this.options.maxFrameBytes)) {
      throw new RealtimeError(
        'frame_too_large',
        `Message larger than ${this.options.maxFrameBytes} bytes not sent`,
        { messageId: message.id },
      );
    }
    return frame;
  }

  /**
   * Writes now when the link is up and nothing waits ahead of it; otherwise queues.
   * Returns true when written.
   * @throws RealtimeError `outbox_full` when the outbox refuses the message.
   */
  dispatch(
    message: StampedMessage,
    frame: string,
    onDropped?: (error: RealtimeError) => void,
  ): boolean {
    if (!this.held && this.link.ready && this.outbox.size === 0 && this.write(frame)) return true;
    this.outbox.push(this.entry(message, frame, onDropped));
    this.persistence?.add(message, frame);
    if (this.link.pollingActive) void this.flushOverHttp();
    this.host.changed();
    return false;
  }

  /**
   * The body of `sendWithAck`: tracks the ack, then writes or queues. Reports the outcome
   * to `observer` exactly once; returns the teardown that withdraws a still-queued message.
   */
  sendAcknowledged(
    message: OutgoingMessage,
    timeoutMs: number | undefined,
    observer: AckObserver,
  ): () => void {
    const { protocol, ackTimeoutMs } = this.options;
    const refuse = (error: unknown): (() => void) => {
      observer.error(error);
      return () => undefined;
    };
    if (!protocol.capabilities.acks) {
      return refuse(
        new RealtimeError(
          'not_supported',
          `The "${protocol.name}" protocol has no acknowledgements`,
        ),
      );
    }
    const stamped = this.stamp(message, true);
    const ackId = stamped.ackId as string;
    if (this.acks.has(ackId)) {
      // Two callers waiting on one ack id could not both be told the outcome exactly once.
      return refuse(
        new RealtimeError(
          'duplicate_message',
          'A message with this id is still waiting for its acknowledgement',
          { messageId: stamped.id },
        ),
      );
    }
    let frame: string;
    try {
      frame = this.encode(stamped);
    } catch (error) {
      return refuse(error);
    }
    let settled = false;
    this.acks.track(stamped, timeoutMs ?? ackTimeoutMs, (outcome) => {
      settled = true;
      this.outbox.remove(stamped.id);
      this.persistence?.remove(stamped.id);
      if (!outcome.ok) return observer.error(outcome.error);
      observer.next(outcome.data);
      observer.complete();
    });
    try {
      if (this.dispatch(stamped, frame, (error) => this.acks.fail(ackId, error))) {
        this.acks.markSent(ackId);
      }
    } catch (error) {
      this.acks.fail(ackId, error as RealtimeError);
    }
    return () => {
      if (settled) return;
      this.acks.cancel(ackId);
      this.outbox.remove(stamped.id);
      this.persistence?.remove(stamped.id);
    };
  }

  /** Writes one frame on the socket; false when the link is down. */
  write(frame: string): boolean {
    if (!this.link.write(frame)) return false;
    this.framesOut++;
    return true;
  }

  /** Stamps, encodes and writes a control message (no outbox: it only matters now). */
  writeControl(message: OutgoingMessage, withAck: boolean): StampedMessage {
    const stamped = this.stamp(message, withAck);
    this.write(this.options.protocol.encode(stamped));
    return stamped;
  }

  /** Writes the queued messages in order (the socket just opened). */
  flushOutbox(): void {
    if (this.held) return;
    let entry: OutboxEntry | undefined;
    while ((entry = this.outbox.shift()) !== undefined) {
      if (!this.write(entry.frame)) {
        this.outbox.restore([entry]);
        return;
      }
      this.written(entry.message);
    }
  }

  /** While polling with a `sendUrl`: sends queued messages over HTTP, one at a time, in order. */
  async flushOverHttp(): Promise<void> {
    const sendUrl = this.options.polling?.sendUrl;
    const fetchFn = this.options.fetch;
    if (this.held || this.httpFlushing || sendUrl == null || fetchFn === null) return;
    this.httpFlushing = true;
    try {
      let entry: OutboxEntry | undefined;
      while (this.link.pollingActive && (entry = this.outbox.shift()) !== undefined) {
        const { message, frame } = entry;
        if (message.ackId !== undefined) this.acks.markSent(message.ackId);
        try {
          const token = await this.link.currentToken();
          const resolution = await postFrame(fetchFn, sendUrl, message, frame, token);
          this.framesOut++;
          if (message.ackId === undefined) this.persistence?.remove(message.id);
          if (resolution !== null) this.acks.resolve(resolution);
        } catch (error) {
          // Back to the front of the queue: order is kept, the next poll or socket retries it.
          this.outbox.restore([entry]);
          if (error instanceof RealtimeError && error.code === 'unauthorized') {
            this.link.authRejected();
          } else this.host.report(error as RealtimeError);
          return;
        }
      }
    } finally {
      this.httpFlushing = false;
      // The socket may have come back while a POST was in flight: what that POST handed back
      // must go out now, not wait for the next reconnect (later sends queue behind it).
      if (this.link.ready) this.flushOutbox();
      this.host.changed();
    }
  }

  /**
   * Loads what an earlier page persisted and puts it ahead of everything queued since, holding
   * every write of queued messages until then (at most `timeoutMs`: a storage that never
   * answers must not hold this page's messages forever; entries arriving later still go out).
   */
  restorePersisted(timeoutMs = PERSISTED_LOAD_TIMEOUT_MS): void {
    if (this.persistence === null) return;
    this.held = true;
    const timer = new TimerSlot(this.options.clock);
    const release = () => {
      timer.clear();
      if (!this.held) return;
      this.held = false;
      this.resumeFlush();
    };
    timer.set(timeoutMs, () => {
      this.host.report(
        new RealtimeError(
          'storage_failed',
          `Outbox storage did not load within ${timeoutMs} ms; sending without waiting for it`,
        ),
      );
      release();
    });
    void this.persistence.load().then((entries) => {
      this.outbox.restore(entries.flatMap((entry) => this.revive(entry)));
      if (this.held) release();
      else this.resumeFlush();
    });
  }

  private resumeFlush(): void {
    if (this.link.ready) this.flushOutbox();
    else if (this.link.pollingActive) void this.flushOverHttp();
    this.host.changed();
  }

  /**
   * A persisted entry back as an outbox entry. An acknowledged send lost its caller with the
   * page: it goes out as a plain message with the same id (the server's idempotency applies).
   */
  private revive(entry: PersistedOutboxEntry): OutboxEntry[] {
    const { id } = entry.message;
    // The app re-sent the same id in this page already: that one owns the stored record.
    if (this.outbox.has(id) || this.acks.has(id)) return [];
    if (entry.message.ackId === undefined) return [this.entry(entry.message, entry.frame)];
    const message: StampedMessage = { ...entry.message, ackId: undefined };
    try {
      return [this.entry(message, this.encode(message))];
    } catch (error) {
      this.host.report(error as RealtimeError);
      this.persistence?.remove(id);
      return [];
    }
  }

  private entry(
    message: StampedMessage,
    frame: string,
    onDropped?: (error: RealtimeError) => void,
  ): OutboxEntry {
    return {
      message,
      frame,
      onDropped: (error) => {
        this.host.report(error);
        this.persistence?.remove(message.id);
        onDropped?.(error);
      },
    };
  }

  /** A queued message reached a transport: plain ones are done, acknowledged ones wait. */
  private written(message: StampedMessage): void {
    if (message.ackId !== undefined) this.acks.markSent(message.ackId);
    else this.persistence?.remove(message.id);
  }
}
