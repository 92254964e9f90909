import type { Schedule } from './timers';

/**
 * The user's own typing state in one conversation: `typing_start` at most once per
 * `throttleMs` while input keeps coming, `typing_stop` after `idleMs` without input or when
 * stopped (a message was sent, the conversation closed).
 */
export class TypingSender {
  private typing = false;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private cancelIdle: (() => void) | null = null;

  constructor(
    private readonly emit: (type: 'typing_start' | 'typing_stop') => void,
    private readonly schedule: Schedule,
    private readonly throttleMs: number,
    private readonly idleMs: number,
    /** Called after a stop: the owner may forget this sender. */
    private readonly idle: () => void,
  ) {}

  /** True between a `typing_start` and its `typing_stop`. */
  get active(): boolean {
    return this.typing;
  }

  /** The user typed something. */
  input(): void {
    const now = Date.now();
    // Re-sent while typing goes on, so the server's own auto-clear (5 s) never fires.
    if (!this.typing || now - this.lastStartAt >= this.throttleMs) {
      this.typing = true;
      this.lastStartAt = now;
      this.emit('typing_start');
    }
    this.cancelIdle?.();
    this.cancelIdle = this.schedule(() => this.stop(), this.idleMs);
  }

  /** Typing ended: sends `typing_stop` if a `typing_start` went out. */
  stop(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
    const wasTyping = this.typing;
    this.typing = false;
    this.lastStartAt = Number.NEGATIVE_INFINITY;
    if (wasTyping) this.emit('typing_stop');
    this.idle();
  }

  /** Forgets the timer without telling anyone (the service is being destroyed). */
  dispose(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
  }
}
