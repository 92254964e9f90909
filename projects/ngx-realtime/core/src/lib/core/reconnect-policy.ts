import { RealtimeError } from '../errors/realtime-error';
import type { RandomSource } from './clock';

/** Reconnect timing. Defaults follow the SocialHub client guide. */
export interface ReconnectOptions {
  /** Ceiling of the first delay (default 1000 ms). */
  readonly initialDelayMs: number;
  /** Growth of the ceiling per attempt (default 2). */
  readonly factor: number;
  /** Largest ceiling (default 30 000 ms). */
  readonly maxDelayMs: number;
  /**
   * Attempts before falling back to long polling, or giving up when polling is off
   * (default 10; `Infinity` retries forever).
   */
  readonly maxAttempts: number;
  /**
   * `full` (default): each delay is uniformly random in [0, ceiling], which spreads a crowd
   * of clients reconnecting after a server restart. `none`: exactly the ceiling.
   */
  readonly jitter: 'full' | 'none';
}

/** The defaults of {@link ReconnectOptions}. */
export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  maxAttempts: 10,
  jitter: 'full',
};

/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS architecture
 * blog): delay(n) = random() × min(maxDelay, initialDelay × factor^n).
 */
export class ReconnectPolicy {
  readonly options: ReconnectOptions;

  constructor(
    options: Partial<ReconnectOptions> = {},
    private readonly random: RandomSource = Math.random,
  ) {
    this.options = { ...DEFAULT_RECONNECT_OPTIONS, ...options };
    validateReconnectOptions(this.options);
  }

  /** The upper bound of the delay before attempt `attempt` (0-based). */
  ceiling(attempt: number): number {
    const { initialDelayMs, factor, maxDelayMs } = this.options;
    return Math.min(maxDelayMs, initialDelayMs * Math.pow(factor, attempt));
  }

  /** The delay before attempt `attempt` (0-based), in milliseconds. */
  delay(attempt: number): number {
    const ceiling = this.ceiling(attempt);
    return this.options.jitter === 'none' ? ceiling : Math.floor(this.random() * ceiling);
  }

  /** True once `attempt` failed attempts used up the budget. */
  exhausted(attempts: number): boolean {
    return attempts >= this.options.maxAttempts;
  }
}

function validateReconnectOptions(options: ReconnectOptions): void {
  const { initialDelayMs, factor, maxDelayMs, maxAttempts } = options;
  const problem = !(initialDelayMs >= 0)
    ? 'reconnect.initialDelayMs must be >= 0'
    : !(factor >= 1)
      ? 'reconnect.factor must be >= 1'
      : !(maxDelayMs >= initialDelayMs)
        ? 'reconnect.maxDelayMs must be >= initialDelayMs'
        : !(maxAttempts >= 0)
          ? 'reconnect.maxAttempts must be >= 0'
          : null;
  if (problem !== null) throw new RealtimeError('invalid_config', problem);
}
