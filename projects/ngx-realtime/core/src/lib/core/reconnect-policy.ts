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
  /**
   * Lowest ceiling while the server is restarting (default 20 000 ms; capped by
   * `maxDelayMs`). A server that closes with 1001 Going Away, 1012 Service Restart or 1013
   * Try Again Later is being deployed or shedding load, and every one of its clients is
   * about to reconnect at once: spreading their first attempts over this window keeps the
   * busiest second under a tenth of the crowd (docs/benchmarks.md, reconnect storm). Other
   * losses (a network drop, 1006) keep the short ceilings. Unused with `jitter: 'none'`;
   * `0` turns it off.
   */
  readonly restartSpreadMs: number;
}

/** Close codes by which a server says it is going away for a while (RFC 6455, IANA registry). */
const RESTART_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1012, 1013]);

/** True when a server's close code announces a restart or overload rather than a failure. */
export function isRestartClose(code: number): boolean {
  return RESTART_CLOSE_CODES.has(code);
}

/** The defaults of {@link ReconnectOptions}. */
export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  maxAttempts: 10,
  jitter: 'full',
  restartSpreadMs: 20_000,
};

/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS architecture
 * blog): delay(n) = random() × min(maxDelay, initialDelay × factor^n). During a server
 * restart the ceiling is at least `restartSpreadMs`.
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

  /**
   * The upper bound of the delay before attempt `attempt` (0-based); `restarting` when the
   * server announced a restart (see {@link ReconnectOptions.restartSpreadMs}).
   */
  ceiling(attempt: number, restarting = false): number {
    const { initialDelayMs, factor, maxDelayMs, jitter, restartSpreadMs } = this.options;
    const grown = initialDelayMs * Math.pow(factor, attempt);
    const floor = restarting && jitter === 'full' ? restartSpreadMs : 0;
    return Math.min(maxDelayMs, Math.max(grown, floor));
  }

  /** The delay before attempt `attempt` (0-based), in milliseconds. */
  delay(attempt: number, restarting = false): number {
    const ceiling = this.ceiling(attempt, restarting);
    return this.options.jitter === 'none' ? ceiling : Math.floor(this.random() * ceiling);
  }

  /** True once `attempt` failed attempts used up the budget. */
  exhausted(attempts: number): boolean {
    return attempts >= this.options.maxAttempts;
  }
}

function validateReconnectOptions(options: ReconnectOptions): void {
  const { initialDelayMs, factor, maxDelayMs, maxAttempts, restartSpreadMs } = options;
  const problem = !(initialDelayMs >= 0)
    ? 'reconnect.initialDelayMs must be >= 0'
    : !(factor >= 1)
      ? 'reconnect.factor must be >= 1'
      : !(maxDelayMs >= initialDelayMs)
        ? 'reconnect.maxDelayMs must be >= initialDelayMs'
        : !(maxAttempts >= 0)
          ? 'reconnect.maxAttempts must be >= 0'
          : !(restartSpreadMs >= 0)
            ? 'reconnect.restartSpreadMs must be >= 0'
            : null;
  if (problem !== null) throw new RealtimeError('invalid_config', problem);
}
