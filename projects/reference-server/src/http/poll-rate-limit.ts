import type { ServerResponse } from 'node:http';
import type { ServerConfig } from '../config';
import type { UserSession } from '../core/user-session';
import { sendJson } from './http-util';

const WINDOW_MS = 60_000;

/** The state of one user's polling budget after a request was counted (or refused). */
export interface PollBudget {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** When the oldest counted request leaves the window (ms since the epoch). */
  readonly resetAt: number;
}

/**
 * A sliding one-minute window of one user's polling requests (the spec's 30 a minute). A
 * refused request is not counted, so a client that waits for `Retry-After` gets through.
 */
export class PollWindow {
  private readonly times: number[] = [];

  constructor(private readonly limit: number) {}

  take(now: number): PollBudget {
    while (this.times.length > 0 && now - this.times[0] >= WINDOW_MS) this.times.shift();
    const allowed = this.times.length < this.limit;
    if (allowed) this.times.push(now);
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.times.length),
      resetAt: (this.times[0] ?? now) + WINDOW_MS,
    };
  }
}

/*
 * Keyed by session: a restart (which replaces every session) starts every budget afresh,
 * and nothing outlives the session it belongs to.
 */
const windows = new WeakMap<UserSession, PollWindow>();

/**
 * Counts one polling request of `session`'s user and sets the `X-RateLimit-*` headers on
 * `response`. Over the limit it answers 429 `RATE_LIMITED` with `Retry-After` and returns
 * false.
 */
export function takePollBudget(
  config: ServerConfig,
  session: UserSession,
  response: ServerResponse,
): boolean {
  let window = windows.get(session);
  if (window === undefined) {
    window = new PollWindow(config.pollsPerMinute);
    windows.set(session, window);
  }
  const now = config.clock.now();
  const budget = window.take(now);
  response.setHeader('X-RateLimit-Limit', String(budget.limit));
  response.setHeader('X-RateLimit-Remaining', String(budget.remaining));
  response.setHeader('X-RateLimit-Reset', String(Math.ceil(budget.resetAt / 1000)));
  if (budget.allowed) return true;
  const retryAfter = Math.max(1, Math.ceil((budget.resetAt - now) / 1000));
  config.logger.warn('poll.rate_limited', { user: session.userId });
  sendJson(
    response,
    429,
    {
      error: `Too many polling requests: at most ${budget.limit} per minute`,
      code: 'RATE_LIMITED',
    },
    { 'Retry-After': String(retryAfter) },
  );
  return false;
}
