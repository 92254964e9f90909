import { Observable, Subject } from 'rxjs';
import { RealtimeError } from '../errors/realtime-error';
import type { OutgoingMessage, RealtimeMessage } from '../protocol/message';
import type { MissedMessages, PollResult } from '../protocol/realtime-protocol';
import { defaultPollUrl } from '../transport/http';
import { AckTracker } from './ack-tracker';
import { CatchUp } from './catch-up';
import type { AckOptions, ConnectCredentials, SendReceipt } from './client-calls';
import { ChannelRegistry } from './channel-registry';
import {
  resolveClientOptions,
  type RealtimeClientOptions,
  type ResolvedClientOptions,
} from './client-options';
import type { ConnectionStatus } from './connection-status';
import { EventHub } from './event-hub';
import { fetchMissedMessages } from './http-calls';
import { InboundRouter, type CatchUpOutcome } from './inbound-router';
import { LinkController } from './link-controller';
import { Outbound } from './outbound';
import { Outbox } from './outbox';
import type { RealtimeStats, RecoveryEvent, RecoveryVerdict } from './stats';

/**
 * The connection engine: one resilient link (WebSocket, HTTP long polling as fallback),
 * reference-counted channels, an ordered outbox, acknowledged sends, heartbeats, auth
 * refresh and catch-up after reconnects. Framework-free: usable from Node, workers and
 * benchmarks; the Angular `WebSocketService` is a thin layer over it.
 *
 * @example
 * import WebSocket from 'ws';
 * const client = new RealtimeClient({
 *   url: 'ws://localhost:8082/ws',
 *   token: () => getToken(),
 *   webSocket: webSocketFactory(WebSocket),
 * });
 * client.channel('feed:updates').subscribe((event) => render(event));
 * client.connect();
 */
export class RealtimeClient {
  private readonly options: ResolvedClientOptions;
  private readonly link: LinkController;
  private readonly channels = new ChannelRegistry();
  private readonly outbox: Outbox;
  private readonly acks: AckTracker;
  private readonly hub = new EventHub();
  private readonly router: InboundRouter;
  private readonly errorSubject = new Subject<RealtimeError>();
  private readonly recoverySubject = new Subject<RecoveryEvent>();
  private readonly changeSubject = new Subject<void>();
  private readonly stopLifecycle: () => void;
  private readonly outbound: Outbound;
  private readonly counters = { framesIn: 0, decodeErrors: 0 };
  private lastRecovery: RecoveryVerdict | null = null;
  private readonly catchUp: CatchUp;
  private destroyed = false;
  /** A socket was handed over before: the next one is a reconnect. */
  private handedOver = false;

  /** Connection state changes (the current state first). */
  readonly status$: Observable<ConnectionStatus>;
  /** Every error worth the app's attention, typed. */
  readonly errors$: Observable<RealtimeError> = this.errorSubject.asObservable();
  /**
   * The result of each catch-up after a reconnect. Never silent: when `recovered` is false,
   * refetch the state of the listed channels.
   */
  readonly recovery$: Observable<RecoveryEvent> = this.recoverySubject.asObservable();
  /** Fires whenever {@link stats} may have changed. */
  readonly changes$: Observable<void> = this.changeSubject.asObservable();
  /** Every delivered event, on any channel. */
  readonly messages$: Observable<RealtimeMessage> = this.hub.all$;

  constructor(options: RealtimeClientOptions) {
    this.options = resolveClientOptions(options);
    const { clock, protocol } = this.options;
    this.outbox = new Outbox(options.outbox);
    this.acks = new AckTracker(clock);
    this.link = new LinkController(this.options, options.reconnect, options.token, options.userId, {
      socketReady: () => this.handOver(),
      socketGone: () => this.socketGone(),
      frame: (text) => this.frameReceived(text),
      unreadable: (error) => this.decodeFailed(error),
      pollResult: (result) => this.pollReceived(result),
      pollingStarted: () => this.pollingStarted(),
      sendHeartbeat: () => this.sendHeartbeat(),
      report: (error) => this.report(error),
      changed: () => this.changed(),
    });
    this.status$ = this.link.status$;
    this.outbound = new Outbound(this.options, this.link, this.outbox, this.acks, {
      report: (error) => this.report(error),
      changed: () => this.changed(),
    });
    this.router = new InboundRouter(protocol, clock, this.acks, this.hub, {
      report: (error) => this.report(error),
      unreadable: (error) => this.decodeFailed(error),
      authRejected: () => this.link.authRejected(),
      channelRejected: (channel, error) => this.channelRejected(channel, error),
      authenticated: () => this.link.authenticated(),
      gapDetected: () => this.catchUp.start(),
    });
    this.catchUp = new CatchUp(this.options, this.router, this.acks, this.outbound, {
      report: (error) => this.report(error),
      verdict: (outcome) => this.recordRecovery(outcome),
    });
    if (options.resumeFrom !== undefined) this.router.resume(options.resumeFrom);
    this.stopLifecycle =
      this.options.lifecycle?.listen(() => this.link.wake()) ?? (() => undefined);
    this.outbound.restorePersisted();
  }

  /** The current connection state. */
  get status(): ConnectionStatus {
    return this.link.status;
  }

  /** A snapshot of what the connection is doing. */
  get stats(): RealtimeStats {
    const link = this.link;
    return {
      ...this.counters,
      framesOut: this.outbound.framesOut,
      transport: link.ready ? 'websocket' : link.pollingActive ? 'polling' : null,
      rttMs: this.router.rttMs,
      reconnects: link.reconnects,
      attempt: link.attempt,
      nextRetryAt: link.nextRetryAt,
      lastOutageMs: link.lastOutageMs,
      outboxDepth: this.outbox.size,
      pendingAcks: this.acks.size,
      lastSequence: this.router.lastSequence,
      lastRecovery: this.lastRecovery,
    };
  }

  /**
   * Starts connecting (no-op while already connected or trying). Credentials given here
   * replace the configured ones, also for later reconnects.
   */
  connect(credentials: ConnectCredentials = {}): void {
    if (this.destroyed) return;
    const { token, userId } = credentials;
    if (token !== undefined) this.link.token = typeof token === 'string' ? () => token : token;
    if (userId !== undefined) this.link.userId = userId;
    this.link.connect();
  }

  /**
   * Closes the link and stops every automatic retry until `connect()` or `reconnect()`.
   * Acknowledged sends still waiting fail with `disconnected`; plain queued sends stay in the
   * outbox for the next connection.
   */
  disconnect(): void {
    this.link.disconnect();
    this.catchUp.abandon();
    this.acks.failAll(
      (message) =>
        new RealtimeError('disconnected', 'Disconnected before the acknowledgement arrived', {
          messageId: message.id,
        }),
    );
  }

  /** Drops the current link and connects again now, with a fresh reconnect budget. */
  reconnect(): void {
    if (!this.destroyed) this.link.reconnect();
  }

  /** Disconnects for good and completes every stream. */
  destroy(): void {
    if (this.destroyed) return;
    this.disconnect();
    this.destroyed = true;
    this.stopLifecycle();
    this.link.destroy();
    this.hub.complete();
    this.errorSubject.complete();
    this.recoverySubject.complete();
    this.changeSubject.complete();
  }

  /**
   * Events of `channel`. The first subscriber joins the channel on the server, the last one
   * to unsubscribe leaves it; joined channels are joined again after every reconnect.
   */
  channel(channel: string): Observable<RealtimeMessage> {
    return this.hub.ofChannel(
      channel,
      () => {
        if (this.channels.acquire(channel) && this.link.ready)
          this.writeChannelFrame(channel, true);
      },
      () => {
        if (this.channels.release(channel) && this.link.ready)
          this.writeChannelFrame(channel, false);
      },
    );
  }

  /** Leaves `channel` whatever its listener count; its streams complete. */
  unsubscribe(channel: string): void {
    if (this.channels.remove(channel) && this.link.ready) this.writeChannelFrame(channel, false);
    this.hub.endChannel(channel);
  }

  /** Events of one type, from any channel. */
  events(type: string): Observable<RealtimeMessage> {
    return this.hub.ofType(type);
  }

  /**
   * Sends a message now, or queues it in the outbox while the link is down.
   * @throws RealtimeError `frame_too_large`, `outbox_full` when the outbox refuses it, or
   * `unavailable` after `destroy()`.
   */
  send(message: OutgoingMessage): SendReceipt {
    if (this.destroyed) {
      throw new RealtimeError('unavailable', 'The realtime client was destroyed');
    }
    const stamped = this.outbound.stamp(message, false);
    const frame = this.outbound.encode(stamped);
    return { id: stamped.id, queued: !this.outbound.dispatch(stamped, frame) };
  }

  /**
   * Sends a message that the server acknowledges. Cold, like `HttpClient`: nothing happens
   * until subscription; it emits the ack's data once and completes, or errors with a server
   * error, `ack_timeout`, `outbox_full`/`outbox_dropped` or `disconnected`. Unsubscribing
   * before the answer withdraws the message if it is still queued.
   */
  sendWithAck<T = unknown>(message: OutgoingMessage, options: AckOptions = {}): Observable<T> {
    // The subscriber is the ack observer itself: no adapter object or closures per send.
    return new Observable<T>((subscriber) =>
      this.outbound.sendAcknowledged(message, options.timeoutMs, subscriber),
    );
  }

  /**
   * Asks the HTTP endpoint for the events logged after `lastSequence`
   * (`GET /api/v1/realtime/poll/missed`). Rejected items are reported on `errors$`.
   */
  async getMissedMessages(lastSequence: number): Promise<MissedMessages> {
    const { protocol, fetch, polling, url } = this.options;
    if (!protocol.capabilities.polling) {
      throw new RealtimeError(
        'not_supported',
        `The "${protocol.name}" protocol has no missed-messages endpoint`,
      );
    }
    if (fetch === null)
      throw new RealtimeError('unavailable', 'No fetch implementation on this platform');
    const missedUrl = polling?.missedUrl ?? `${defaultPollUrl(url)}/missed`;
    const token = await this.link.currentToken();
    const result = await fetchMissedMessages(
      fetch,
      protocol,
      missedUrl,
      lastSequence,
      token,
      this.link.userId,
    );
    for (const error of result.rejected) this.decodeFailed(error);
    return result;
  }

  // ---- link events --------------------------------------------------------------------------

  /** The socket opened. Order matters: the server sees subscriptions before queued sends. */
  private handOver(): void {
    const reconnect = this.handedOver;
    this.handedOver = true;
    this.router.resetInternalAcks();
    for (const channel of this.channels.active()) this.writeChannelFrame(channel, true);
    for (const message of this.acks.sentAndWaiting())
      this.outbound.write(this.options.protocol.encode(message));
    // A dialect that cannot ask for missed events still says so after every reconnect: the
    // outage may have lost events, and services must know to refetch (never silent).
    if (reconnect && !this.options.protocol.capabilities.missedMessages) {
      this.recordRecovery({ verdict: 'failed', reason: 'not_supported' });
    } else this.catchUp.start();
    this.outbound.flushOutbox();
  }

  private socketGone(): void {
    this.catchUp.socketGone();
    this.changed();
  }

  private pollingStarted(): void {
    // Polling cannot answer a socket catch-up; release what was held rather than hold it forever.
    const outcome = this.catchUp.abandon();
    if (outcome !== null) this.recordRecovery(outcome);
    void this.outbound.flushOverHttp();
  }

  private frameReceived(text: string): void {
    this.counters.framesIn++;
    this.link.markAlive();
    let message: RealtimeMessage;
    try {
      message = this.options.protocol.decode(text);
    } catch (error) {
      const typed =
        error instanceof RealtimeError
          ? error
          : new RealtimeError('malformed_frame', 'Frame dropped', { cause: error });
      this.decodeFailed(typed);
      return;
    }
    this.router.route(message);
    this.changed();
  }

  private pollReceived(result: PollResult): void {
    for (const error of result.rejected) this.decodeFailed(error);
    this.counters.framesIn += result.events.length;
    for (const event of result.events) this.router.route(event);
    this.changed();
    void this.outbound.flushOverHttp();
  }

  private decodeFailed(error: RealtimeError): void {
    this.counters.decodeErrors++;
    this.report(error);
    this.changed();
  }

  private channelRejected(channel: string, cause: RealtimeError): void {
    this.channels.remove(channel);
    const error = new RealtimeError(
      'channel_rejected',
      `The server refused the channel subscription (${cause.serverCode ?? 'no code'})`,
      { channel, serverCode: cause.serverCode, cause },
    );
    this.report(error);
    this.hub.endChannel(channel, error);
  }

  // ---- outbound -------------------------------------------------------------------------------

  private writeChannelFrame(channel: string, join: boolean): void {
    const { protocol, clock } = this.options;
    const message = join
      ? protocol.subscribeMessage(channel)
      : protocol.unsubscribeMessage(channel);
    if (message === null) return;
    const stamped = this.outbound.writeControl(message, join && protocol.capabilities.acks);
    if (stamped.ackId !== undefined) {
      this.router.expectInternalAck(stamped.ackId, {
        kind: 'subscribe',
        sentAt: clock.now(),
        channel,
      });
    }
  }

  private sendHeartbeat(): void {
    const { protocol, clock } = this.options;
    const now = clock.now();
    const message = protocol.heartbeatMessage(new Date(now));
    if (message === null) return;
    const stamped = this.outbound.writeControl(message, protocol.capabilities.acks);
    if (stamped.ackId !== undefined) {
      this.router.expectInternalAck(stamped.ackId, { kind: 'heartbeat', sentAt: now });
    }
  }

  private recordRecovery({ verdict, reason }: CatchUpOutcome): void {
    this.lastRecovery = verdict;
    this.recoverySubject.next({
      recovered: verdict === 'complete',
      verdict,
      reason,
      channels: this.channels.active(),
      at: this.options.clock.now(),
    });
    this.changed();
  }

  private report(error: RealtimeError): void {
    this.errorSubject.next(error);
  }

  private changed(): void {
    if (this.changeSubject.observed) this.changeSubject.next();
  }
}
