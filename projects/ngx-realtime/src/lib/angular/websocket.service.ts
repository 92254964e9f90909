import { isPlatformBrowser } from '@angular/common';
import {
  computed,
  DestroyRef,
  EnvironmentInjector,
  ErrorHandler,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  runInInjectionContext,
  signal,
  type Signal,
} from '@angular/core';
import { defer, NEVER, Observable, of, throwError, type ObservableInput } from 'rxjs';
import {
  ConnectionStatus,
  INITIAL_STATS,
  RealtimeClient,
  RealtimeError,
  type AckOptions,
  type ConnectCredentials,
  type ConnectPayload,
  type MissedMessages,
  type OutgoingMessage,
  type RealtimeClientOptions,
  type RealtimeConnection,
  type RealtimeEvent,
  type RealtimeEventType,
  type RealtimeMessage,
  type RealtimeStats,
  type RecoveryEvent,
  type SendReceipt,
  type TokenProvider,
} from 'ngx-realtime/core';
import { coalescePerFrame } from './coalesce';
import { RealtimeBackend } from './realtime-backend';
import {
  REALTIME_CONFIG,
  REALTIME_PERSISTENT_OUTBOX,
  REALTIME_POLLING,
  REALTIME_PROTOCOL,
} from './realtime-config';
import { REALTIME_TAB_SHARING } from './with-tab-sharing';

/**
 * The app's realtime connection: one resilient link, channel subscriptions, sends with and
 * without acknowledgement. State is exposed as signals, streams as Observables.
 *
 * Socket, timer and HTTP callbacks run outside the Angular zone; state lands in signals and
 * Observables emit outside the zone too, so use them through signals, `toSignal` or the
 * `async` pipe (all of which schedule change detection, with or without zone.js).
 * On the server (SSR) it opens nothing and starts no timer.
 *
 * @example
 * export class FeedComponent {
 *   private readonly realtime = inject(WebSocketService);
 *   readonly status = this.realtime.status;
 *   readonly updates = toSignal(this.realtime.subscribe<FeedUpdatePayload>('feed:updates'));
 *   constructor() { this.realtime.connect(); }
 * }
 */
@Injectable()
export class WebSocketService {
  private readonly zone = inject(NgZone);
  private readonly client: RealtimeConnection | null;
  private readonly statusState = signal<ConnectionStatus>(ConnectionStatus.DISCONNECTED);
  private readonly statsState = signal<RealtimeStats>(INITIAL_STATS);
  private readonly userIdState = signal<string | null>(inject(REALTIME_CONFIG).userId ?? null);

  /** Connection state: disconnected, connecting, connected, reconnecting, polling, unauthorized. */
  readonly status: Signal<ConnectionStatus> = this.statusState.asReadonly();
  /** True while the WebSocket is open and subscriptions are restored. */
  readonly isConnected: Signal<boolean> = computed(
    () => this.statusState() === ConnectionStatus.CONNECTED,
  );
  /** What the connection is doing (updated at most once per animation frame). */
  readonly stats: Signal<RealtimeStats> = this.statsState.asReadonly();
  /**
   * The signed-in user as the server knows it: the `user_id` of the server's `connect`
   * greeting once it came, before that the `userId` configured or given to `connect()`.
   * Domain services use it to tell the user's own events from other people's.
   */
  readonly userId: Signal<string | null> = this.userIdState.asReadonly();
  /** State changes as a stream (current state first). */
  readonly status$: Observable<ConnectionStatus>;
  /** Typed errors: bad frames, server errors, refused channels, auth failures, ... */
  readonly errors: Observable<RealtimeError>;
  /**
   * The result of each catch-up after a reconnect. When `recovered` is false, events may be
   * missing on the listed channels: refetch their state.
   */
  readonly recovery$: Observable<RecoveryEvent>;

  constructor() {
    const config = inject(REALTIME_CONFIG);
    if (!isPlatformBrowser(inject(PLATFORM_ID))) {
      this.client = null;
      this.status$ = of(ConnectionStatus.DISCONNECTED);
      this.errors = NEVER;
      this.recovery$ = NEVER;
      return;
    }
    const backend = inject(RealtimeBackend);
    const injector = inject(EnvironmentInjector);
    const errorHandler = inject(ErrorHandler);
    const persistent = inject(REALTIME_PERSISTENT_OUTBOX, { optional: true });
    const options: RealtimeClientOptions = {
      ...config,
      token: inContext(injector, config.token),
      protocol: inject(REALTIME_PROTOCOL, { optional: true }) ?? config.protocol,
      polling: inject(REALTIME_POLLING, { optional: true }) ?? undefined,
      outboxStorage: persistent?.storage ?? undefined,
      outboxTtlMs: persistent?.ttlMs,
      webSocket: (url, protocols) => backend.openSocket(url, protocols),
      fetch: (url, init) => backend.fetch(url, init),
      lifecycle: backend.lifecycle(),
    };
    const share =
      backend.tabSharing?.() !== false ? inject(REALTIME_TAB_SHARING, { optional: true }) : null;
    const client = this.zone.runOutsideAngular(() =>
      share === null ? new RealtimeClient(options) : share(options),
    );
    this.client = client;
    this.status$ = client.status$;
    this.errors = client.errors$;
    this.recovery$ = client.recovery$;
    const refreshStats = coalescePerFrame(() => this.statsState.set(client.stats));
    const subscriptions = this.zone.runOutsideAngular(() => [
      client.status$.subscribe((status) => this.statusState.set(status)),
      client.changes$.subscribe(refreshStats.schedule),
      client.events('connect').subscribe((greeting) => {
        this.userIdState.set((greeting.payload as ConnectPayload).user_id);
      }),
      config.reportToErrorHandler === false
        ? null
        : client.errors$.subscribe((error) => errorHandler.handleError(error)),
    ]);
    inject(DestroyRef).onDestroy(() => {
      for (const subscription of subscriptions) subscription?.unsubscribe();
      refreshStats.cancel();
      client.destroy();
    });
    if (config.autoConnect === true) this.connect();
  }

  /** Starts connecting; credentials given here replace the configured ones. No-op on the server. */
  connect(credentials?: ConnectCredentials): void {
    if (credentials?.userId !== undefined) this.userIdState.set(credentials.userId);
    this.outside((client) => client.connect(credentials));
  }

  /** Closes the connection; nothing reconnects until `connect()` or `reconnect()`. */
  disconnect(): void {
    this.outside((client) => client.disconnect());
  }

  /** Reconnects now with a fresh retry budget (also leaves `unauthorized`). */
  reconnect(): void {
    this.outside((client) => client.reconnect());
  }

  /**
   * Events of a channel. The first subscriber joins the channel on the server, the last
   * unsubscribe leaves it; the channel is joined again after every reconnect.
   */
  subscribe(channel: string): Observable<RealtimeEvent>;
  subscribe<T>(channel: string): Observable<RealtimeMessage<T>>;
  subscribe<T>(channel: string): Observable<RealtimeMessage<T>> {
    return this.stream((client) => client.channel(channel)) as Observable<RealtimeMessage<T>>;
  }

  /** Leaves a channel whatever its listener count; its streams complete. */
  unsubscribe(channel: string): void {
    this.outside((client) => client.unsubscribe(channel));
  }

  /** Events of one type from any channel, typed by the (augmentable) `RealtimeEventMap`. */
  on<K extends RealtimeEventType>(type: K): Observable<RealtimeEvent<K>>;
  on<T>(type: string): Observable<RealtimeMessage<T>>;
  on<T>(type: string): Observable<RealtimeMessage<T>> {
    return this.stream((client) => client.events(type)) as Observable<RealtimeMessage<T>>;
  }

  /**
   * Sends now, or queues in the outbox while offline.
   * @throws RealtimeError `outbox_full`, `frame_too_large`, or `unavailable` on the server.
   */
  send<T extends object>(message: OutgoingMessage<T>): SendReceipt {
    const client = this.requireClient();
    return this.zone.runOutsideAngular(() => client.send(message));
  }

  /**
   * Sends a message the server acknowledges. Cold like `HttpClient`: sent on subscribe; emits
   * the ack data once and completes, or errors with a typed `RealtimeError` (server error,
   * `ack_timeout`, ...). Unsubscribing first withdraws a still-queued message.
   */
  sendWithAck<T = unknown, P extends object = object>(
    message: OutgoingMessage<P>,
    options?: AckOptions,
  ): Observable<T> {
    return this.stream((client) => client.sendWithAck<T>(message, options), true);
  }

  /** Events logged by the server after `lastSequence` (`GET /api/v1/realtime/poll/missed`). */
  getMissedMessages(lastSequence: number): Observable<MissedMessages> {
    return this.stream((client) => client.getMissedMessages(lastSequence), true);
  }

  private outside(action: (client: RealtimeConnection) => void): void {
    const client = this.client;
    if (client !== null) this.zone.runOutsideAngular(() => action(client));
  }

  /** An Observable subscribed outside the zone; `NEVER` (or an error) on the server. */
  private stream<T>(
    source: (client: RealtimeConnection) => ObservableInput<T>,
    failOnServer = false,
  ): Observable<T> {
    const client = this.client;
    if (client === null) return failOnServer ? throwError(() => serverError()) : NEVER;
    return new Observable<T>((subscriber) =>
      this.zone.runOutsideAngular(() => defer(() => source(client)).subscribe(subscriber)),
    );
  }

  private requireClient(): RealtimeConnection {
    if (this.client === null) throw serverError();
    return this.client;
  }
}

function serverError(): RealtimeError {
  return new RealtimeError(
    'unavailable',
    'Realtime sends are not available during server-side rendering',
  );
}

/** Runs the app's token provider in the environment injector, so it may call `inject()`. */
function inContext(
  injector: EnvironmentInjector,
  provider: TokenProvider | undefined,
): TokenProvider | undefined {
  return provider === undefined ? undefined : () => runInInjectionContext(injector, provider);
}
