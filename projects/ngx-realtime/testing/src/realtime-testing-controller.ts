import { Injectable } from '@angular/core';
import type { HttpRequestLike, HttpResponseLike } from 'ngx-realtime';
import { FakeSocket } from './fake-socket';

/** A frame the client sent, as the server would read it (SocialHub envelope). */
export interface TestFrame {
  readonly id: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly timestamp?: string;
  /** The frame exactly as written on the socket. */
  readonly raw: string;
}

/** Extra envelope fields for {@link RealtimeTestingController.emit}. */
export interface EmitOptions {
  readonly id?: string;
  readonly seq?: number;
  readonly timestamp?: string;
  readonly ack_id?: string;
}

/** How new connections are treated; see {@link RealtimeTestingController.refuseConnections}. */
export type ConnectionRefusal = 'network' | 'auth';

/** An answer to an HTTP request made by the client (polling, missed messages). */
export interface FakeHttpResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers the client's HTTP requests in tests. */
export type FakeHttpHandler = (
  url: string,
  init: HttpRequestLike,
) => FakeHttpResponse | Promise<FakeHttpResponse>;

const CONTROL_TYPES: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'heartbeat']);

/**
 * An in-memory realtime server for an app's own TestBed tests, provided by
 * `provideRealtimeTesting()`. The real engine runs on top of it (outbox, acks, reconnects);
 * only the socket is fake. Connections open on the next microtask, or at once when the
 * controller is asked anything, so most tests need no `await`.
 *
 * @example
 * service.connect();
 * service.subscribe('feed:updates').subscribe((event) => seen.push(event));
 * controller.expectSubscribe('feed:updates');
 * controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p1' });
 * controller.verify();
 */
@Injectable()
export class RealtimeTestingController {
  private readonly sockets: FakeSocket[] = [];
  private readonly pending: TestFrame[] = [];
  private readonly unanswered = new Map<string, TestFrame>();
  private refusal: ConnectionRefusal | null = null;
  private counter = 0;
  private httpHandler: FakeHttpHandler | null = null;

  /** Answer heartbeat frames automatically, so long fake-timer tests keep the link alive. */
  autoAnswerHeartbeats = true;

  /** Every frame the client sent, in order, heartbeats included. */
  readonly received: TestFrame[] = [];

  /** Connections the client opened so far. */
  get connectionCount(): number {
    return this.sockets.length;
  }

  /** True while the client's current socket is open. */
  get isConnected(): boolean {
    this.flush();
    return this.current() !== null;
  }

  /** URL of the latest connection (with the `token` query parameter, if any). */
  get lastUrl(): string | null {
    return this.sockets.at(-1)?.url ?? null;
  }

  /** Subprotocols of the latest connection (`['bearer', token]` with protocol placement). */
  get lastProtocols(): readonly string[] {
    return this.sockets.at(-1)?.protocols ?? [];
  }

  /** Takes the frame the client sent to join `channel`. Throws when there is none. */
  expectSubscribe(channel: string): TestFrame {
    return this.take(
      (frame) => frame.type === 'subscribe' && frame.payload['channel'] === channel,
      `subscribe "${channel}"`,
    );
  }

  /** Takes the frame the client sent to leave `channel`. Throws when there is none. */
  expectUnsubscribe(channel: string): TestFrame {
    return this.take(
      (frame) => frame.type === 'unsubscribe' && frame.payload['channel'] === channel,
      `unsubscribe "${channel}"`,
    );
  }

  /** Takes the oldest unexpected frame of `type` (and matching `where`). Throws when there is none. */
  expectSent(type: string, where: (frame: TestFrame) => boolean = () => true): TestFrame {
    return this.take((frame) => frame.type === type && where(frame), `a "${type}" frame`);
  }

  /** Takes every unexpected frame of `type`. */
  match(type: string): TestFrame[] {
    this.flush();
    const matched = this.pending.filter((frame) => frame.type === type);
    for (const frame of matched) this.pending.splice(this.pending.indexOf(frame), 1);
    return matched;
  }

  /** Throws when the client sent a frame of `type` that no expectation took. */
  expectNone(type: string): void {
    this.flush();
    if (this.pending.some((frame) => frame.type === type)) {
      throw new Error(
        `Expected no "${type}" frame, but the client sent ${this.describe(this.pending)}`,
      );
    }
  }

  /** Delivers an event to the client; returns its id. `channel` `null` sends none. */
  emit(channel: string | null, type: string, payload: object, options: EmitOptions = {}): string {
    const id = options.id ?? `test_${++this.counter}`;
    this.deliver(
      JSON.stringify({
        id,
        type,
        payload,
        channel: channel ?? undefined,
        ack_id: options.ack_id,
        seq: options.seq,
        timestamp: options.timestamp ?? new Date().toISOString(),
      }),
    );
    return id;
  }

  /** Delivers a raw text frame (for bad-input tests). */
  emitRaw(frame: string): void {
    this.deliver(frame);
  }

  /** Acknowledges a frame the client sent with an ack id, with optional result data. */
  ack(frame: TestFrame, data?: unknown): void {
    const ackId = this.answerable(frame);
    this.emit(null, 'ack', { ack_id: ackId, status: 'success', data });
  }

  /** Refuses a frame the client sent with an ack id, with a server error code. */
  fail(frame: TestFrame, code = 'INTERNAL_ERROR', message = 'Request failed'): void {
    const ackId = this.answerable(frame);
    this.emit(null, 'error', { code, message }, { ack_id: ackId });
  }

  /**
   * Ends the current connection from the server side: 1006 (default) is a network drop,
   * 4401 an auth refusal.
   */
  disconnect(code = 1006, reason = ''): void {
    this.flush();
    this.current()?.drop(code, reason);
  }

  /** New connections fail (`network`: closed before opening; `auth`: refused with 4401). */
  refuseConnections(refusal: ConnectionRefusal = 'network'): void {
    this.refusal = refusal;
  }

  /** New connections open again. */
  acceptConnections(): void {
    this.refusal = null;
  }

  /** Answers the client's HTTP requests (long polling, missed messages). */
  handleHttp(handler: FakeHttpHandler | null): void {
    this.httpHandler = handler;
  }

  /**
   * Fails the test when the client sent frames no expectation took, or frames with an ack id
   * that were neither acknowledged nor failed. Heartbeats and channel frames are exempt from
   * the first rule.
   */
  verify(): void {
    this.flush();
    const unexpected = this.pending.filter((frame) => !CONTROL_TYPES.has(frame.type));
    const problems: string[] = [];
    if (unexpected.length > 0) problems.push(`unexpected frames: ${this.describe(unexpected)}`);
    if (this.unanswered.size > 0)
      problems.push(`frames awaiting an ack: ${this.describe([...this.unanswered.values()])}`);
    if (problems.length > 0)
      throw new Error(`RealtimeTestingController.verify(): ${problems.join('; ')}`);
  }

  /** @internal Called by the testing backend for every socket the client opens. */
  openSocket(url: string, protocols: readonly string[] = []): FakeSocket {
    const socket = new FakeSocket(url, protocols, (_, raw) => this.receive(raw));
    this.sockets.push(socket);
    queueMicrotask(() => this.settle(socket));
    return socket;
  }

  /** @internal Called by the testing backend for every HTTP request. */
  async fetch(url: string, init: HttpRequestLike): Promise<HttpResponseLike> {
    if (this.httpHandler === null) {
      throw new Error(
        `RealtimeTestingController: unexpected ${init.method} ${url}; call handleHttp() first`,
      );
    }
    const answer = await this.httpHandler(url, init);
    const headers = new Map(
      Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return {
      status: answer.status,
      ok: answer.status >= 200 && answer.status < 300,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      json: async () => answer.body,
    };
  }

  private settle(socket: FakeSocket): void {
    if (this.refusal === 'network') socket.drop(1006, '');
    else if (this.refusal === 'auth') socket.drop(4401, 'INVALID_TOKEN');
    else socket.acceptConnection();
  }

  /** Opens connections still waiting for their microtask, so synchronous tests see them. */
  private flush(): void {
    for (const socket of this.sockets) {
      if (!socket.isOpen && !socket.isClosed) this.settle(socket);
    }
  }

  private current(): FakeSocket | null {
    const socket = this.sockets.at(-1);
    return socket !== undefined && socket.isOpen ? socket : null;
  }

  private deliver(frame: string): void {
    this.flush();
    const socket = this.current();
    if (socket === null) throw new Error('RealtimeTestingController: the client is not connected');
    socket.deliver(frame);
  }

  private receive(raw: string): void {
    const frame = { ...(JSON.parse(raw) as Omit<TestFrame, 'raw'>), raw };
    this.received.push(frame);
    if (frame.type === 'heartbeat' && this.autoAnswerHeartbeats) {
      if (frame.ack_id !== undefined) queueMicrotask(() => this.tryAck(frame.ack_id as string));
      return;
    }
    this.pending.push(frame);
    if (frame.ack_id !== undefined && !CONTROL_TYPES.has(frame.type))
      this.unanswered.set(frame.ack_id, frame);
  }

  private tryAck(ackId: string): void {
    if (this.current() !== null) this.emit(null, 'ack', { ack_id: ackId, status: 'success' });
  }

  private take(predicate: (frame: TestFrame) => boolean, what: string): TestFrame {
    this.flush();
    const index = this.pending.findIndex(predicate);
    if (index < 0) {
      throw new Error(`Expected ${what}, but the client sent ${this.describe(this.pending)}`);
    }
    return this.pending.splice(index, 1)[0];
  }

  private answerable(frame: TestFrame): string {
    if (frame.ack_id === undefined)
      throw new Error(`The "${frame.type}" frame has no ack_id to answer`);
    this.unanswered.delete(frame.ack_id);
    return frame.ack_id;
  }

  private describe(frames: readonly TestFrame[]): string {
    if (frames.length === 0) return 'nothing unexpected';
    return frames
      .map((frame) =>
        typeof frame.payload['channel'] === 'string'
          ? `${frame.type}(${frame.payload['channel']})`
          : frame.type,
      )
      .join(', ');
  }
}
