/** Opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/**
 * Time as the engine sees it. Injectable so tests (and benchmarks) control it; the default
 * reads the globals at call time, so Jest's fake timers apply to it too.
 */
export interface RealtimeClock {
  /** Wall-clock milliseconds, as `Date.now()`. */
  now(): number;
  /** Runs `callback` once after `delayMs`, as the global `setTimeout`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer from {@link setTimeout}, as the global `clearTimeout`. */
  clearTimeout(handle: TimerHandle): void;
}

/** A source of uniformly distributed numbers in [0, 1), as `Math.random`. */
export type RandomSource = () => number;

/** The real clock: `Date.now` and the global timer functions. */
export const systemClock: RealtimeClock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * One cancellable timer slot: scheduling again replaces the previous callback. Keeps the
 * engine from ever holding two timers for the same job.
 */
export class TimerSlot {
  private handle: TimerHandle | undefined;

  constructor(private readonly clock: RealtimeClock) {}

  /** True while a callback is scheduled. */
  get active(): boolean {
    return this.handle !== undefined;
  }

  set(delayMs: number, callback: () => void): void {
    this.clear();
    this.handle = this.clock.setTimeout(
      () => {
        this.handle = undefined;
        callback();
      },
      Math.max(0, delayMs),
    );
  }

  clear(): void {
    if (this.handle === undefined) return;
    this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
