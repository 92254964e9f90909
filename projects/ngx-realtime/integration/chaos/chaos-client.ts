/*
 * The chaos suite's client: the framework-free engine over real `ws` sockets, with an
 * optional filter that loses inbound frames on the client's side of the socket.
 */
import WebSocket from 'ws';
import {
  RealtimeClient,
  webSocketFactory,
  type ConnectionStatus,
  type RealtimeClientOptions,
  type RealtimeError,
  type RealtimeMessage,
  type RecoveryEvent,
  type RecoveryVerdict,
  type WebSocketConstructor,
  type WebSocketFactory,
  type WebSocketLike,
} from 'ngx-realtime/core';
import { waitFor, type ReferenceServer } from '../support/in-process-server';

/** The `ws` package as the engine's socket factory (Node has no global WebSocket before 22). */
const nodeSockets: WebSocketFactory = webSocketFactory(
  WebSocket as unknown as WebSocketConstructor,
);

/**
 * Decides what happens to one inbound frame on the client's side of the socket: `true`
 * passes it on, `false` drops it (a lossy path the server knows nothing about).
 */
export type FrameFilter = (data: unknown) => boolean;

/** A real socket whose inbound frames go through a {@link FrameFilter}. */
class FilteredSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose:
    | ((event: {
        readonly code: number;
        readonly reason: string;
        readonly wasClean?: boolean;
      }) => void)
    | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    private readonly inner: WebSocketLike,
    filter: FrameFilter,
  ) {
    inner.onopen = (event) => this.onopen?.(event);
    inner.onmessage = (event) => {
      if (filter(event.data)) this.onmessage?.(event);
    };
    inner.onclose = (event) => this.onclose?.(event);
    inner.onerror = (event) => this.onerror?.(event);
  }

  get readyState(): number {
    return this.inner.readyState;
  }

  get binaryType(): string {
    return this.inner.binaryType;
  }

  set binaryType(value: string) {
    this.inner.binaryType = value;
  }

  send(data: string): void {
    this.inner.send(data);
  }

  close(code?: number, reason?: string): void {
    this.inner.close(code, reason);
  }
}

/** Settings of one {@link ChaosClient}. */
export interface ChaosClientSetup {
  readonly userId: string;
  /** Token provider (default: a fresh one-hour token of `userId` on every call). */
  readonly token?: () => string;
  /** Client-side filter of inbound frames (default: none). */
  readonly filter?: FrameFilter;
  /** Overrides of the engine options. */
  readonly options?: Partial<RealtimeClientOptions>;
}

/**
 * A `RealtimeClient` for one user, pointed at `server` with short reconnect and heartbeat
 * settings, with everything it reports recorded and every socket it opens counted.
 */
export class ChaosClient {
  readonly client: RealtimeClient;
  readonly statuses: ConnectionStatus[] = [];
  /** Every status change with its real time (`Date.now()`). */
  readonly timeline: { readonly status: ConnectionStatus; readonly at: number }[] = [];
  readonly recoveries: RecoveryVerdict[] = [];
  /** The whole events behind {@link recoveries}. */
  readonly recoveryEvents: RecoveryEvent[] = [];
  /** Real time of each verdict on `recovery$`. */
  readonly recoveryTimes: number[] = [];
  readonly errors: RealtimeError[] = [];
  /** WebSockets the engine asked for (connection attempts). */
  sockets = 0;
  /** Every socket the engine was given, to count the live ones. */
  private readonly created: WebSocketLike[] = [];
  /** HTTP requests (polls, sends, catch-ups) started and not yet settled. */
  private requestsInFlight = 0;
  private readonly teardown: (() => void)[] = [];

  constructor(
    readonly server: ReferenceServer,
    readonly setup: ChaosClientSetup,
  ) {
    const token = setup.token ?? (() => server.issueToken(setup.userId, 3_600));
    const filter = setup.filter;
    const factory: WebSocketFactory = (url, protocols) => {
      this.sockets++;
      const raw = nodeSockets(url, protocols);
      const socket = filter === undefined ? raw : new FilteredSocket(raw, filter);
      this.created.push(socket);
      return socket;
    };
    this.client = new RealtimeClient({
      url: server.url,
      token,
      webSocket: factory,
      fetch: (url, init) => {
        this.requestsInFlight++;
        return fetch(url, init).finally(() => this.requestsInFlight--);
      },
      lifecycle: null,
      reconnect: { initialDelayMs: 10, maxDelayMs: 200, maxAttempts: Infinity },
      heartbeat: { intervalMs: 1_000, deadAfterMs: 5_000 },
      ...setup.options,
    });
    const subscriptions = [
      this.client.status$.subscribe((status) => {
        this.statuses.push(status);
        this.timeline.push({ status, at: Date.now() });
      }),
      this.client.recovery$.subscribe((event) => {
        this.recoveries.push(event.verdict);
        this.recoveryEvents.push(event);
        this.recoveryTimes.push(Date.now());
      }),
      this.client.errors$.subscribe((error) => this.errors.push(error)),
    ];
    this.teardown.push(() => subscriptions.forEach((subscription) => subscription.unsubscribe()));
  }

  /** Events of `channel` from now on, in arrival order (the first listener joins it). */
  listen(channel: string, into: RealtimeMessage[] = []): RealtimeMessage[] {
    const subscription = this.client.channel(channel).subscribe((event) => into.push(event));
    this.teardown.push(() => subscription.unsubscribe());
    return into;
  }

  /** Waits until the status is `status`. */
  async reach(status: ConnectionStatus, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      () => this.client.status === status,
      `status ${status}`,
      timeoutMs,
      () => this.describe(),
    );
  }

  /**
   * The transports alive right now on the client's side: sockets connecting or open, and HTTP
   * requests in flight. After any number of moves exactly one of them should carry the link.
   */
  transports(): {
    readonly sockets: number;
    readonly openSockets: number;
    readonly requests: number;
  } {
    const live = this.created.filter((socket) => socket.readyState <= 1);
    const openSockets = live.filter((socket) => socket.readyState === 1).length;
    return { sockets: live.length, openSockets, requests: this.requestsInFlight };
  }

  /** Statuses and error codes so far, for failure messages. */
  describe(): string {
    const codes = this.errors.map((error) => error.code);
    return `statuses ${this.statuses.join(' → ')}; errors ${codes.join(', ') || 'none'}`;
  }

  destroy(): void {
    for (const stop of this.teardown.splice(0)) stop();
    this.client.destroy();
  }
}
