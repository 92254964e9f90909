/*
 * Test support for the RealtimeClient specs (not shipped, not part of the coverage scope): a
 * client wired to a hand-driven fake WebSocket and `fetch`, a fake lifecycle source, a seeded
 * random source and SocialHub frame builders. Everything is synchronous unless a test
 * resolves a promise, so specs run under Jest's fake timers.
 */
import { seededRandom } from './seeded-random';
import {
  RealtimeClient,
  type ConnectionStatus,
  type LifecycleSource,
  type RealtimeClientOptions,
  type RealtimeError,
  type WakeReason,
} from 'ngx-realtime';
import { FakeHttp } from './fake-http';
import { FakeSocketFactory, type FakeSocket, type SentFrame } from './fake-socket';

export { FakeHttp, FakeRequest } from './fake-http';
export { FakeSocket, FakeSocketFactory, type SentFrame } from './fake-socket';

/** A lifecycle source the test triggers with {@link wake}. */
export class FakeLifecycle implements LifecycleSource {
  private listener: ((reason: WakeReason) => void) | null = null;

  get listening(): boolean {
    return this.listener !== null;
  }

  listen(onWake: (reason: WakeReason) => void): () => void {
    this.listener = onWake;
    return () => {
      this.listener = null;
    };
  }

  wake(reason: WakeReason = 'online'): void {
    this.listener?.(reason);
  }
}

let eventCounter = 0;

/** Envelope fields of a server frame beyond type and payload. */
export interface ServerFrameExtras {
  readonly id?: string;
  readonly channel?: string;
  readonly seq?: number;
  /** Extension: the seq sent before this event on the same connection. */
  readonly prev_seq?: number;
  readonly ack_id?: string;
  readonly timestamp?: string;
}

/** A valid SocialHub frame as the server would send it. */
export function serverFrame(
  type: string,
  payload: object,
  extras: ServerFrameExtras = {},
): Record<string, unknown> {
  return {
    id: extras.id ?? `ev-${++eventCounter}`,
    type,
    payload,
    channel: extras.channel,
    ack_id: extras.ack_id,
    seq: extras.seq,
    prev_seq: extras.prev_seq,
    timestamp: extras.timestamp ?? new Date().toISOString(),
  };
}

/** A `feed_update` event on `feed:updates` (the workhorse of these specs). */
export function feedEvent(postId: string, extras: ServerFrameExtras = {}): Record<string, unknown> {
  return serverFrame(
    'feed_update',
    { type: 'new_post', post_id: postId },
    { channel: 'feed:updates', ...extras },
  );
}

/** A successful ack of a frame the client sent. */
export function ackOf(frame: SentFrame, data?: unknown): Record<string, unknown> {
  return serverFrame('ack', { ack_id: ackIdOf(frame), status: 'success', data });
}

/** An ack with `status: error`. */
export function ackErrorOf(
  frame: SentFrame,
  code: string,
  message = 'refused',
): Record<string, unknown> {
  return serverFrame('ack', { ack_id: ackIdOf(frame), status: 'error', error: { code, message } });
}

/** An `error` frame, optionally answering a frame (by its ack id). */
export function errorFrame(
  code: string,
  message: string,
  answering?: SentFrame,
): Record<string, unknown> {
  return serverFrame(
    'error',
    { code, message },
    { ack_id: answering === undefined ? undefined : ackIdOf(answering) },
  );
}

function ackIdOf(frame: SentFrame): string {
  if (frame.ack_id === undefined) throw new Error(`frame ${frame.type} carries no ack_id`);
  return frame.ack_id;
}

/** The ids of delivered events, for order assertions. */
export function postIds(events: readonly { readonly payload: unknown }[]): string[] {
  return events.map((event) => String((event.payload as { post_id?: unknown }).post_id));
}

/** A client wired to fakes, plus recordings of its streams. */
export interface Harness {
  readonly client: RealtimeClient;
  readonly sockets: FakeSocketFactory;
  readonly http: FakeHttp;
  readonly lifecycle: FakeLifecycle;
  /** Every error reported on `errors$`. */
  readonly errors: RealtimeError[];
  /** Every status emitted on `status$` (the initial one first). */
  readonly statuses: ConnectionStatus[];
  /** How often the token provider was called. */
  readonly tokenCalls: () => number;
  /** `connect()` and open the socket; returns it. */
  connectOpen(): FakeSocket;
  /**
   * Advances fake time to the scheduled retry (`stats.nextRetryAt`) and returns the socket
   * that attempt opened. Throws when no retry is scheduled or no socket was opened.
   */
  advanceToRetry(): FakeSocket;
}

/** The default token of {@link createHarness}. */
export const TOKEN = 'tok-secret-1';

/**
 * A client with fake socket, fetch and lifecycle, a seeded random, predictable ids
 * (`m1`, `m2`, ...), heartbeats off (turn them on per test) and a token provider that
 * counts its calls. `options` override any of it.
 */
export function createHarness(options: Partial<RealtimeClientOptions> = {}): Harness {
  const sockets = new FakeSocketFactory();
  const http = new FakeHttp();
  const lifecycle = new FakeLifecycle();
  let ids = 0;
  let tokenCalls = 0;
  const client = new RealtimeClient({
    url: 'wss://rt.example.test/ws',
    token: () => {
      tokenCalls++;
      return TOKEN;
    },
    webSocket: sockets.factory,
    fetch: http.fetch,
    lifecycle,
    random: seededRandom(7),
    ids: () => `m${++ids}`,
    heartbeat: false,
    ...options,
  });
  const errors: RealtimeError[] = [];
  const statuses: ConnectionStatus[] = [];
  client.errors$.subscribe((error) => errors.push(error));
  client.status$.subscribe((status) => statuses.push(status));
  return {
    client,
    sockets,
    http,
    lifecycle,
    errors,
    statuses,
    tokenCalls: () => tokenCalls,
    connectOpen: () => {
      client.connect();
      const socket = sockets.last;
      socket.open();
      return socket;
    },
    advanceToRetry: () => {
      const due = client.stats.nextRetryAt;
      if (due === null) throw new Error('no retry is scheduled');
      const before = sockets.count;
      jest.advanceTimersByTime(Math.max(0, due - Date.now()));
      if (sockets.count !== before + 1) throw new Error('the retry opened no socket');
      return sockets.last;
    },
  };
}

/** Lets pending promise callbacks run without moving fake time. */
export async function settle(): Promise<void> {
  await jest.advanceTimersByTimeAsync(0);
}

export { seededRandom };
