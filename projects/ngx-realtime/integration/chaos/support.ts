/*
 * Support of the chaos suite: the framework-free engine (`RealtimeClient`) against the
 * reference server started in-process, over real loopback sockets (`ws`) and `fetch`.
 *
 * - Sizes: `CHAOS_SCALE=full` runs the issue's full sizes (`npm run chaos`); anything else
 *   (the default, used by `npm test`) runs small ones.
 * - Figures: every scenario prints its counters with {@link report}; with `CHAOS_REPORT=<file>`
 *   they are also appended to that file as JSON lines (docs/reliability.md quotes them).
 * - Every wait polls a condition with a bound; nothing sleeps a fixed time to "let things
 *   settle" except where a scenario says why.
 */
import { appendFileSync } from 'node:fs';
import WebSocket from 'ws';
import {
  RealtimeClient,
  webSocketFactory,
  type ConnectionStatus,
  type RealtimeClientOptions,
  type RealtimeClock,
  type RealtimeError,
  type RealtimeMessage,
  type RecoveryVerdict,
  type TimerHandle,
  type WebSocketConstructor,
  type WebSocketFactory,
  type WebSocketLike,
} from 'ngx-realtime/core';
import {
  createReferenceServer,
  silentLogger,
  type ReferenceServer,
  type ServerOptions,
} from '../../../reference-server/src/index';

export type { ReferenceServer };

/** `full`: the issue's sizes (`npm run chaos`); `small`: the `npm test` sizes. */
export const SCALE: 'small' | 'full' = process.env['CHAOS_SCALE'] === 'full' ? 'full' : 'small';

/** `small` at the default scale, `full` with `CHAOS_SCALE=full`. */
export function sized<T>(small: T, full: T): T {
  return SCALE === 'full' ? full : small;
}

export const SECRET = 'chaos-secret';

/** The `ws` package as the engine's socket factory (Node has no global WebSocket before 22). */
const nodeSockets: WebSocketFactory = webSocketFactory(
  WebSocket as unknown as WebSocketConstructor,
);

/**
 * Starts a reference server with the test-control switches on, quiet logs and limits out of
 * the way of a chaos run: a long event log (catch-up can always fill a gap unless a scenario
 * says otherwise), no frame-rate or poll-rate limiting. Stop it with {@link stopServer}.
 */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<ReferenceServer> {
  const server = createReferenceServer({
    port: 0,
    secret: SECRET,
    logger: silentLogger,
    control: true,
    eventLogSize: 100_000,
    maxMessagesPerSecond: 1_000_000,
    pollsPerMinute: 1_000_000,
    ...options,
  });
  await server.start();
  return server;
}

/** Stops the server and waits until every socket's close was handled. */
export async function stopServer(server: ReferenceServer): Promise<void> {
  await server.stop();
  await waitFor(() => [...server.hub.connections()].length === 0, 'the sockets to close', 5_000);
}

/**
 * Polls `condition` every 2 ms until it holds; fails with `what` (and `state()`, when given)
 * after `timeoutMs` of real time.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
  state?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${state ? `: ${state()}` : ''}`);
    }
    await sleep(2);
  }
}

/** Real time passes (only where a scenario needs real time, and it says why). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets pending socket I/O and its callbacks run (a few macrotask turns). */
export async function settleIo(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Drops every open connection without a close frame (clients see 1006). */
export function killConnections(server: ReferenceServer): number {
  let killed = 0;
  for (const connection of [...server.hub.connections()]) {
    connection.terminate();
    killed++;
  }
  return killed;
}

/** True when an open connection of `userId` has joined every one of `channels`. */
export function joinedAll(
  server: ReferenceServer,
  userId: string,
  channels: readonly string[],
): boolean {
  for (const connection of server.hub.connections()) {
    if (
      connection.userId === userId &&
      connection.open &&
      channels.every((channel) => connection.subscriptions.has(channel))
    )
      return true;
  }
  return false;
}

/** Open WebSocket connections of `userId` on the server. */
export function openConnections(server: ReferenceServer, userId: string): number {
  let count = 0;
  for (const connection of server.hub.connections()) {
    if (connection.userId === userId && connection.open) count++;
  }
  return count;
}

/** mulberry32: a small seeded generator of numbers in [0, 1), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: `CHAOS_SEED`, or a fresh one (printed with the figures). */
export function chaosSeed(): number {
  const given = Number(process.env['CHAOS_SEED']);
  return Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31);
}

/** Prints a scenario's figures (and appends them to `CHAOS_REPORT` when set). */
export function report(scenario: string, figures: Readonly<Record<string, unknown>>): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
  console.log(`[chaos ${SCALE}] ${scenario}: ${line}`);
  const file = process.env['CHAOS_REPORT'];
  if (file !== undefined && file !== '') {
    appendFileSync(file, JSON.stringify({ scenario, scale: SCALE, ...figures }) + '\n');
  }
}

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
  /** Real time of each verdict on `recovery$`. */
  readonly recoveryTimes: number[] = [];
  readonly errors: RealtimeError[] = [];
  /** WebSockets the engine asked for (connection attempts). */
  sockets = 0;
  private readonly teardown: (() => void)[] = [];

  constructor(
    readonly server: ReferenceServer,
    readonly setup: ChaosClientSetup,
  ) {
    const token = setup.token ?? (() => server.issueToken(setup.userId, 3_600));
    const filter = setup.filter;
    const factory: WebSocketFactory = (url, protocols) => {
      this.sockets++;
      const socket = nodeSockets(url, protocols);
      return filter === undefined ? socket : new FilteredSocket(socket, filter);
    };
    this.client = new RealtimeClient({
      url: server.url,
      token,
      webSocket: factory,
      fetch: (url, init) => fetch(url, init),
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
      this.client.recovery$.subscribe((verdict) => {
        this.recoveries.push(verdict);
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

interface ScheduledTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/**
 * A simulated clock for the engine: `now()` reads simulated time, and timers fire only when
 * the test advances it. With `quantumMs` it also behaves like a throttled background tab:
 * every timer is held until the next multiple of `quantumMs` (counted from `origin`), as
 * browsers run timers of hidden pages at most once a minute.
 *
 * Only the engine's timers are simulated: sockets, the server and its own timers run in real
 * time, so frames keep arriving while simulated minutes pass.
 */
export class SimulatedClock implements RealtimeClock {
  private current: number;
  private timers: ScheduledTimer[] = [];
  private nextId = 1;
  /** Simulated times at which timer callbacks ran, in order. */
  readonly firedAt: number[] = [];

  constructor(
    readonly origin: number,
    private readonly quantumMs = 0,
  ) {
    this.current = origin;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    let due = this.current + Math.max(0, delayMs);
    if (this.quantumMs > 0) {
      const offset = due - this.origin;
      due = this.origin + Math.ceil(offset / this.quantumMs) * this.quantumMs;
    }
    const timer = { id: this.nextId++, due, callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves simulated time forward to `now() + ms`, running every timer that falls due on the
   * way, in order, each at its own due time (a timer scheduled by a callback runs too when it
   * falls within the step).
   */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      const next = this.timers.reduce<ScheduledTimer | null>(
        (earliest, timer) =>
          timer.due <= target && (earliest === null || timer.due < earliest.due) ? timer : earliest,
        null,
      );
      if (next === null) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.due);
      this.firedAt.push(this.current);
      next.callback();
    }
    this.current = target;
  }
}

/** `conversation:<prefix>-<i>` for i in [0, count): open conversations anyone may join. */
export function conversationChannels(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `conversation:${prefix}-${i}`);
}

/**
 * Publishes event number `n` of `channel` (a valid `message` event whose content is `n`) to
 * every user who joined it; returns how many users it reached.
 */
export function publishNumbered(server: ReferenceServer, channel: string, n: number): number {
  const conversation = channel.slice('conversation:'.length);
  return server.hub.publish(channel, 'message', {
    id: `${conversation}-${n}`,
    conversation_id: conversation,
    sender_id: 'chaos',
    content: String(n),
    created_at: new Date().toISOString(),
  });
}

/** The numbers of events published with {@link publishNumbered}, in arrival order. */
export function numbersOf(events: readonly RealtimeMessage[]): number[] {
  return events.map((event) => Number((event.payload as { content: string }).content));
}

/** Lost, duplicated and out-of-order deliveries of one channel, against what was expected. */
export interface DeliveryAudit {
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  /** Delivered numbers that were never expected (a dropped-for-good event resurfacing, say). */
  readonly unexpected: number;
}

/** Compares what a channel delivered with what it should have, in order. */
export function audit(expected: readonly number[], delivered: readonly number[]): DeliveryAudit {
  const wanted = new Set(expected);
  const got = new Set(delivered);
  let outOfOrder = 0;
  for (let i = 1; i < delivered.length; i++) if (delivered[i] <= delivered[i - 1]) outOfOrder++;
  return {
    expected: expected.length,
    delivered: delivered.length,
    lost: expected.filter((n) => !got.has(n)).length,
    duplicated: delivered.length - got.size,
    outOfOrder,
    unexpected: [...got].filter((n) => !wanted.has(n)).length,
  };
}

/** Sums the audits of several channels. */
export function totals(audits: readonly DeliveryAudit[]): DeliveryAudit {
  const sum = (pick: (a: DeliveryAudit) => number) => audits.reduce((s, a) => s + pick(a), 0);
  return {
    expected: sum((a) => a.expected),
    delivered: sum((a) => a.delivered),
    lost: sum((a) => a.lost),
    duplicated: sum((a) => a.duplicated),
    outOfOrder: sum((a) => a.outOfOrder),
    unexpected: sum((a) => a.unexpected),
  };
}

/** Jest timeout of one scenario: generous, since every wait inside has its own bound. */
export const SCENARIO_TIMEOUT_MS = sized(60_000, 600_000);
