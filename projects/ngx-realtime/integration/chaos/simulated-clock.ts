import type { RealtimeClock, TimerHandle } from 'ngx-realtime/core';

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
