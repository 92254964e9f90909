import { RealtimeError } from '../errors/realtime-error';
import type { PollResult, RealtimeProtocol } from '../protocol/realtime-protocol';
import { TimerSlot, type RealtimeClock } from '../core/clock';
import {
  asTransportError,
  authHeaders,
  isAuthStatus,
  retryAfterMs,
  withQuery,
  type FetchLike,
} from './http';

/** Settings of one long-polling loop. */
export interface LongPollingSettings {
  readonly url: string;
  /** Server-side hold time asked for (SocialHub: at most 30 s). */
  readonly timeoutSeconds: number;
  /** Shortest time between two requests; 2 000 ms keeps under the 30-per-minute limit. */
  readonly minIntervalMs: number;
  /** Sent as `user_id` for servers that still need it. */
  readonly userId?: string;
  /** Delay before retrying after the `failures`-th consecutive failure. */
  readonly retryDelay: (failures: number) => number;
}

/** What a long-polling loop reports; never called after `stop()`. */
export interface PollingEvents {
  /** A poll answered with events (possibly none). */
  events(result: PollResult): void;
  /** A request failed; the loop retries on its own after a backoff delay. */
  failed(error: RealtimeError): void;
  /** The server refused the credentials; the loop has stopped. */
  authRejected(): void;
}

/** Grace on top of the server's hold time before a poll request is abandoned. */
const REQUEST_GRACE_MS = 10_000;

/**
 * The HTTP long-polling transport: `GET <url>?last_poll_id=…&timeout=…` in a loop with the
 * bearer token, a cursor that only moves forward, rate-limit friendly pacing, and backoff on
 * failure. Stopping aborts the request in flight and silences every callback.
 */
export class LongPollingTransport {
  private generation = 0;
  private cursorValue = '0';
  private readonly sleepTimer: TimerSlot;
  private readonly abortTimer: TimerSlot;
  private wake: (() => void) | null = null;
  private controller: AbortController | null = null;

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly clock: RealtimeClock,
    private readonly protocol: RealtimeProtocol,
    private readonly settings: LongPollingSettings,
    private readonly token: () => Promise<string | null>,
    private readonly events: PollingEvents,
  ) {
    this.sleepTimer = new TimerSlot(clock);
    this.abortTimer = new TimerSlot(clock);
  }

  /** The `last_poll_id` the next request sends. */
  get cursor(): string {
    return this.cursorValue;
  }

  get running(): boolean {
    return this.generation % 2 === 1;
  }

  /** Starts polling from `cursor` (default: where the last loop stopped). */
  start(cursor: string = this.cursorValue): void {
    if (this.running) return;
    this.cursorValue = cursor;
    this.generation++;
    void this.loop(this.generation);
  }

  stop(): void {
    if (!this.running) return;
    this.generation++;
    this.sleepTimer.clear();
    this.abortTimer.clear();
    this.controller?.abort();
    this.controller = null;
    this.wake?.();
  }

  private async loop(generation: number): Promise<void> {
    let failures = 0;
    while (generation === this.generation) {
      const startedAt = this.clock.now();
      let pause: number;
      try {
        const result = await this.pollOnce(generation);
        if (result === null) return;
        failures = 0;
        pause = result.hasMore ? 0 : this.settings.minIntervalMs - (this.clock.now() - startedAt);
      } catch (error) {
        if (generation !== this.generation) return;
        if (error instanceof RateLimited) {
          pause = error.waitMs;
        } else {
          this.events.failed(asTransportError(error, 'Poll request'));
          pause = this.settings.retryDelay(failures++);
        }
      }
      // A callback may have stopped the loop; a pause now would outlive stop().
      if (generation !== this.generation) return;
      if (pause > 0) await this.sleep(pause);
    }
  }

  /** One request; `null` when the loop must end (stopped or auth refused). */
  private async pollOnce(generation: number): Promise<PollResult | null> {
    const token = await this.token();
    if (generation !== this.generation) return null;
    const url = withQuery(this.settings.url, {
      last_poll_id: this.cursorValue,
      timeout: String(this.settings.timeoutSeconds),
      user_id: this.settings.userId,
    });
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    this.controller = controller;
    this.abortTimer.set(this.settings.timeoutSeconds * 1000 + REQUEST_GRACE_MS, () =>
      controller?.abort(),
    );
    try {
      const response = await this.fetchFn(url, {
        method: 'GET',
        headers: authHeaders(token),
        signal: controller?.signal,
      });
      if (generation !== this.generation) return null;
      if (isAuthStatus(response.status)) {
        this.stop();
        this.events.authRejected();
        return null;
      }
      if (response.status === 429) {
        // Never faster than the usual pace: a reset time in the past (clock skew) means 0.
        throw new RateLimited(
          Math.max(retryAfterMs(response, this.clock.now()) ?? 0, this.settings.minIntervalMs),
        );
      }
      if (!response.ok) {
        throw new RealtimeError(
          'polling_failed',
          `Poll request failed with HTTP ${response.status}`,
          {
            details: { status: response.status },
          },
        );
      }
      const result = this.protocol.readPollResponse(await response.json());
      if (generation !== this.generation) return null;
      if (result.lastPollId !== '') this.cursorValue = result.lastPollId;
      this.events.events(result);
      return result;
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.abortTimer.clear();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        this.sleepTimer.clear();
        resolve();
      };
      this.sleepTimer.set(ms, this.wake);
    });
  }
}

/** A 429: not a failure, just a wait. */
class RateLimited extends Error {
  constructor(readonly waitMs: number) {
    super('rate limited');
  }
}
