import { BehaviorSubject, type Observable } from 'rxjs';
import { RealtimeError } from '../errors/realtime-error';
import type { PollResult } from '../protocol/realtime-protocol';
import { WebSocketTransport, type CloseInfo } from '../transport/websocket-transport';
import { callTokenProvider, socketTarget, withoutToken, type TokenProvider } from './auth';
import type { Poller, ResolvedClientOptions } from './client-options';
import { TimerSlot } from './clock';
import { ConnectionStatus } from './connection-status';
import { HeartbeatMonitor } from './heartbeat-monitor';
import { isRestartClose, ReconnectPolicy, type ReconnectOptions } from './reconnect-policy';

/** What the link tells the client that owns it. */
export interface LinkHost {
  /** The socket is open: restore channels, resend, catch up, flush. Status follows. */
  socketReady(): void;
  /** The socket (or its readiness) is gone. */
  socketGone(): void;
  frame(text: string): void;
  unreadable(error: RealtimeError): void;
  pollResult(result: PollResult): void;
  /** Polling started (the socket is not coming back soon). */
  pollingStarted(): void;
  sendHeartbeat(): void;
  report(error: RealtimeError): void;
  changed(): void;
}

/**
 * The connection state machine: which transport is up, when to retry, when to fall back to
 * polling and when to move back, what an auth refusal means, and what a wake-up signal
 * does. It knows nothing of channels, outboxes or acks; the client around it does.
 */
export class LinkController {
  private readonly policy: ReconnectPolicy;
  private readonly heartbeat: HeartbeatMonitor | null;
  private readonly retryTimer: TimerSlot;
  private readonly connectTimer: TimerSlot;
  private readonly statusSubject = new BehaviorSubject<ConnectionStatus>(
    ConnectionStatus.DISCONNECTED,
  );
  private transport: WebSocketTransport | null = null;
  private polling: Poller | null = null;
  private pollCursor = '0';
  private manual = true;
  private authRetried = false;
  private generation = 0;
  private openedAt: number | null = null;
  private lostAt: number | null = null;
  /** The server closed announcing a restart: this outage spreads its attempts wider. */
  private serverRestarting = false;

  /** Socket open and handed over: frames can be written. */
  ready = false;
  /** Consecutive failed attempts in the current outage. */
  attempt = 0;
  /** Attempts made after a loss, over the client's life. */
  reconnects = 0;
  /** When the next attempt is due (epoch ms). */
  nextRetryAt: number | null = null;
  /** Length of the last outage, in ms. */
  lastOutageMs: number | null = null;

  readonly status$: Observable<ConnectionStatus> = this.statusSubject.asObservable();

  constructor(
    private readonly options: ResolvedClientOptions,
    reconnect: Partial<ReconnectOptions> | undefined,
    public token: TokenProvider | undefined,
    public userId: string | undefined,
    private readonly host: LinkHost,
  ) {
    this.policy = new ReconnectPolicy(reconnect, options.random);
    this.retryTimer = new TimerSlot(options.clock);
    this.connectTimer = new TimerSlot(options.clock);
    this.heartbeat =
      options.heartbeat === null
        ? null
        : new HeartbeatMonitor(options.clock, options.heartbeat, {
            sendHeartbeat: () => host.sendHeartbeat(),
            onDead: () => this.linkDied(),
          });
  }

  get status(): ConnectionStatus {
    return this.statusSubject.value;
  }

  get pollingActive(): boolean {
    return this.polling !== null;
  }

  connect(): void {
    const idle = this.isIdle();
    if (!this.manual && !idle) return;
    this.manual = false;
    this.authRetried = false;
    this.attempt = 0;
    this.serverRestarting = false;
    this.setStatus(ConnectionStatus.CONNECTING);
    this.startLink();
  }

  disconnect(): void {
    this.manual = true;
    this.stopLink();
    this.lostAt = null;
    this.attempt = 0;
    this.setStatus(ConnectionStatus.DISCONNECTED);
  }

  reconnect(): void {
    const idle = this.isIdle();
    this.stopLink();
    this.manual = false;
    this.authRetried = false;
    this.attempt = 0;
    this.serverRestarting = false;
    if (!idle) this.lostAt ??= this.options.clock.now();
    this.setStatus(idle ? ConnectionStatus.CONNECTING : ConnectionStatus.RECONNECTING);
    this.startLink();
  }

  /** Ends the link for good. */
  destroy(): void {
    this.disconnect();
    this.statusSubject.complete();
  }

  /** Writes one frame on the open socket; false when there is none. */
  write(frame: string): boolean {
    return this.transport !== null && this.transport.send(frame);
  }

  /** An inbound frame arrived on the socket: the link is alive. */
  markAlive(): void {
    this.heartbeat?.markAlive();
  }

  /** The server accepted the credentials (an answer arrived): a later refusal may retry. */
  authenticated(): void {
    this.authRetried = false;
  }

  /**
   * The server refused the credentials: refresh the token and retry once; a second refusal
   * in a row is terminal (`unauthorized`), with no further attempts.
   */
  authRejected(): void {
    this.dropTransport();
    this.stopPolling();
    this.retryTimer.clear();
    if (this.authRetried) {
      this.becomeUnauthorized('The server refused the credentials again after a token refresh');
      return;
    }
    this.authRetried = true;
    this.lostAt ??= this.options.clock.now();
    const live =
      this.status === ConnectionStatus.CONNECTED || this.status === ConnectionStatus.POLLING;
    if (live) this.setStatus(ConnectionStatus.RECONNECTING);
    this.startLink();
  }

  /** The page or network came back: check now instead of waiting. */
  wake(): void {
    if (this.manual) return;
    switch (this.status) {
      case ConnectionStatus.CONNECTED:
        this.heartbeat?.probe();
        return;
      case ConnectionStatus.RECONNECTING:
      case ConnectionStatus.POLLING:
        if (this.retryTimer.active) this.openSocket();
        return;
      case ConnectionStatus.DISCONNECTED:
        this.attempt = 0;
        this.setStatus(ConnectionStatus.RECONNECTING);
        this.openSocket();
        return;
      default:
        return;
    }
  }

  /** The current token, from the provider (for HTTP calls). */
  currentToken(): Promise<string | null> {
    return new Promise((resolve, reject) => this.readToken(resolve, reject));
  }

  private isIdle(): boolean {
    return (
      this.status === ConnectionStatus.DISCONNECTED || this.status === ConnectionStatus.UNAUTHORIZED
    );
  }

  private startLink(): void {
    if (this.options.polling?.mode === 'only') this.startPolling();
    else this.openSocket();
  }

  /** Stops every transport and timer of the current link (the status is the caller's). */
  private stopLink(): void {
    this.generation++;
    this.retryTimer.clear();
    this.nextRetryAt = null;
    this.dropTransport();
    this.stopPolling();
  }

  private openSocket(): void {
    const generation = ++this.generation;
    this.retryTimer.clear();
    this.nextRetryAt = null;
    if (this.lostAt !== null) this.reconnects++;
    const factory = this.options.webSocket;
    if (factory === null) {
      this.host.report(
        new RealtimeError('unavailable', 'No WebSocket implementation on this platform'),
      );
      this.linkLost();
      return;
    }
    this.readToken(
      (token) => {
        if (generation !== this.generation) return;
        if (token === null && this.token !== undefined) {
          this.becomeUnauthorized('The token provider returned no token');
          return;
        }
        const target = socketTarget(this.options.url, token, this.options.auth);
        try {
          this.transport = new WebSocketTransport(factory, target.url, target.protocols, {
            open: () => this.socketOpened(),
            frame: (text) => this.host.frame(text),
            unreadable: (error) => this.host.unreadable(error),
            closed: (info) => this.socketClosed(generation, info),
          });
        } catch (cause) {
          this.host.report(
            new RealtimeError('transport_error', 'Could not open the WebSocket', {
              cause: withoutToken(cause, token),
            }),
          );
          this.linkLost();
          return;
        }
        this.connectTimer.set(this.options.connectTimeoutMs, () => this.linkDied());
      },
      (cause) => {
        if (generation !== this.generation) return;
        this.host.report(
          new RealtimeError('transport_error', 'The token provider failed', { cause }),
        );
        this.linkLost();
      },
    );
  }

  private socketOpened(): void {
    const now = this.options.clock.now();
    this.connectTimer.clear();
    this.stopPolling();
    this.openedAt = now;
    this.serverRestarting = false;
    this.ready = true;
    if (this.lostAt !== null) this.lastOutageMs = now - this.lostAt;
    this.lostAt = null;
    this.heartbeat?.start();
    this.host.socketReady();
    this.setStatus(ConnectionStatus.CONNECTED);
  }

  private socketClosed(generation: number, info: CloseInfo): void {
    if (generation !== this.generation) return;
    this.transport = null;
    this.afterTransportGone();
    if (this.manual) return;
    if (isRestartClose(info.code)) this.serverRestarting = true;
    if (info.authRejected) this.authRejected();
    else this.linkLost();
  }

  private linkDied(): void {
    this.dropTransport();
    this.linkLost();
  }

  private linkLost(): void {
    if (this.manual) return;
    const now = this.options.clock.now();
    // A connection that stayed up a while ends the outage; one that flaps keeps backing off.
    if (this.openedAt !== null && now - this.openedAt >= this.options.minUptimeMs) this.attempt = 0;
    this.openedAt = null;
    this.lostAt ??= now;
    if (this.polling !== null) {
      this.scheduleSocketAttempt();
    } else if (!this.policy.exhausted(this.attempt)) {
      this.setStatus(ConnectionStatus.RECONNECTING);
      this.scheduleSocketAttempt();
    } else if (this.options.polling !== null) {
      this.startPolling();
    } else {
      this.setStatus(ConnectionStatus.DISCONNECTED);
      this.host.report(
        new RealtimeError(
          'transport_error',
          `Gave up after ${this.attempt} reconnect attempts; call reconnect() or wait for the network to return`,
        ),
      );
    }
  }

  private scheduleSocketAttempt(): void {
    const delay = this.policy.delay(this.attempt, this.serverRestarting);
    this.attempt++;
    this.nextRetryAt = this.options.clock.now() + delay;
    this.retryTimer.set(delay, () => this.openSocket());
    this.host.changed();
  }

  private becomeUnauthorized(reason: string): void {
    this.stopLink();
    this.setStatus(ConnectionStatus.UNAUTHORIZED);
    this.host.report(new RealtimeError('unauthorized', reason));
  }

  private dropTransport(): void {
    if (this.transport === null) return;
    this.transport.close(1000, 'client_initiated');
    this.transport = null;
    this.afterTransportGone();
  }

  private afterTransportGone(): void {
    this.ready = false;
    this.connectTimer.clear();
    this.heartbeat?.stop();
    this.host.socketGone();
  }

  private startPolling(): void {
    const settings = this.options.polling;
    const fetchFn = this.options.fetch;
    if (settings === null || fetchFn === null) return;
    const poller = settings.poller(
      fetchFn,
      this.options.clock,
      this.options.protocol,
      {
        url: settings.url,
        timeoutSeconds: settings.timeoutSeconds,
        minIntervalMs: settings.minIntervalMs,
        userId: this.userId,
        retryDelay: (failures) => this.policy.delay(failures),
      },
      () => this.currentToken(),
      {
        events: (result) => {
          this.authRetried = false;
          this.host.pollResult(result);
        },
        failed: (error) => this.host.report(error),
        authRejected: () => {
          // Keep the cursor: the retry must resume where this loop stopped, not from the start.
          this.stopPolling();
          this.authRejected();
        },
      },
    );
    this.polling = poller;
    poller.start(this.pollCursor);
    this.setStatus(ConnectionStatus.POLLING);
    this.host.pollingStarted();
    // The fallback keeps probing the WebSocket, with the same backoff, to move back to it.
    if (settings.mode === 'fallback') this.scheduleSocketAttempt();
  }

  private stopPolling(): void {
    if (this.polling === null) return;
    this.pollCursor = this.polling.cursor;
    this.polling.stop();
    this.polling = null;
  }

  private readToken(
    onToken: (token: string | null) => void,
    onError: (cause: unknown) => void,
  ): void {
    callTokenProvider(this.token, onToken, onError);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusSubject.value !== status) this.statusSubject.next(status);
    this.host.changed();
  }
}
