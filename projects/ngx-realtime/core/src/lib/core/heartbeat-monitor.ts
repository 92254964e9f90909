import { RealtimeError } from '../errors/realtime-error';
import { TimerSlot, type RealtimeClock } from './clock';

/** Liveness settings of an open WebSocket. */
export interface HeartbeatOptions {
  /** How often a heartbeat frame is sent (default 30 000 ms, as the SocialHub server). */
  readonly intervalMs: number;
  /** Silence after which the link is declared dead (default 2 × `intervalMs`). */
  readonly deadAfterMs: number;
  /** How long a probe (after waking up or coming online) waits for any frame (default 5 000 ms). */
  readonly probeTimeoutMs: number;
}

/** Callbacks of a {@link HeartbeatMonitor}. */
export interface HeartbeatHooks {
  /** Send one heartbeat frame now. */
  sendHeartbeat(): void;
  /** The link is dead: nothing arrived before the deadline. */
  onDead(): void;
}

/** Fills in defaults and rejects contradictions. */
export function resolveHeartbeatOptions(options: Partial<HeartbeatOptions> = {}): HeartbeatOptions {
  const intervalMs = options.intervalMs ?? 30_000;
  const resolved = {
    intervalMs,
    deadAfterMs: options.deadAfterMs ?? intervalMs * 2,
    probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
  };
  if (!(resolved.intervalMs > 0)) {
    throw new RealtimeError('invalid_config', 'heartbeat.intervalMs must be > 0');
  }
  if (!(resolved.deadAfterMs > resolved.intervalMs)) {
    throw new RealtimeError('invalid_config', 'heartbeat.deadAfterMs must exceed intervalMs');
  }
  if (!(resolved.probeTimeoutMs > 0)) {
    throw new RealtimeError('invalid_config', 'heartbeat.probeTimeoutMs must be > 0');
  }
  return resolved;
}

/**
 * Watches one open link. Liveness is a wall-clock deadline (last frame + `deadAfterMs`), not a
 * count of timer ticks: browsers throttle timers in background tabs to once a minute or
 * freeze them entirely, and a tick-counting monitor would then report a healthy socket as
 * dead. When a tick arrives much later than scheduled, the page was asleep, so instead of
 * declaring the link dead the monitor sends a probe and gives it `probeTimeoutMs` to answer.
 */
export class HeartbeatMonitor {
  private readonly timer: TimerSlot;
  private deadline = 0;
  private lastSentAt = 0;
  private expectedAt = 0;
  private running = false;

  constructor(
    private readonly clock: RealtimeClock,
    private readonly options: HeartbeatOptions,
    private readonly hooks: HeartbeatHooks,
  ) {
    this.timer = new TimerSlot(clock);
  }

  /** Starts watching a freshly opened link. */
  start(): void {
    const now = this.clock.now();
    this.running = true;
    this.lastSentAt = now;
    this.deadline = now + this.options.deadAfterMs;
    this.schedule(now);
  }

  stop(): void {
    this.running = false;
    this.timer.clear();
  }

  /** Something arrived: the link is alive. Called for every inbound frame, so kept cheap. */
  markAlive(): void {
    this.deadline = this.clock.now() + this.options.deadAfterMs;
  }

  /**
   * Checks the link now (the browser came online, the tab became visible, the page was
   * restored): sends a heartbeat and expects an answer within `probeTimeoutMs`.
   */
  probe(): void {
    if (!this.running) return;
    const now = this.clock.now();
    this.deadline = Math.min(this.deadline, now + this.options.probeTimeoutMs);
    this.send(now);
    this.schedule(now);
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    const now = this.clock.now();
    const lateBy = now - this.expectedAt;
    if (now >= this.deadline) {
      if (lateBy > Math.max(1000, this.options.intervalMs / 2)) {
        // The page slept through the deadline; silence proves nothing yet. Ask.
        this.deadline = now + this.options.probeTimeoutMs;
        this.send(now);
      } else {
        this.stop();
        this.hooks.onDead();
        return;
      }
    } else if (now - this.lastSentAt >= this.options.intervalMs) {
      this.send(now);
    }
    this.schedule(now);
  };

  private send(now: number): void {
    this.lastSentAt = now;
    this.hooks.sendHeartbeat();
  }

  private schedule(now: number): void {
    const next = Math.min(this.lastSentAt + this.options.intervalMs, this.deadline);
    const delay = Math.max(0, next - now);
    this.expectedAt = now + delay;
    this.timer.set(delay, this.tick);
  }
}
