import { seededRandom } from '../../../../spec-support/seeded-random';
import fc from 'fast-check';
import { RealtimeError } from '../errors/realtime-error';
import {
  DEFAULT_RECONNECT_OPTIONS,
  ReconnectPolicy,
  type ReconnectOptions,
} from './reconnect-policy';

describe('ReconnectPolicy', () => {
  it('defaults to the SocialHub client guide: 1 s, factor 2, 30 s cap, 10 attempts, full jitter', () => {
    expect(new ReconnectPolicy().options).toEqual({
      initialDelayMs: 1000,
      factor: 2,
      maxDelayMs: 30_000,
      maxAttempts: 10,
      jitter: 'full',
      restartSpreadMs: 20_000,
    });
    expect(DEFAULT_RECONNECT_OPTIONS.maxAttempts).toBe(10);
  });

  it('grows the ceiling 1 s, 2 s, 4 s, 8 s, 16 s and caps it at 30 s', () => {
    const policy = new ReconnectPolicy();
    const ceilings = Array.from({ length: 10 }, (_, attempt) => policy.ceiling(attempt));
    expect(ceilings).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('raises the ceilings to restartSpreadMs while the server restarts, under the cap', () => {
    const policy = new ReconnectPolicy({ restartSpreadMs: 10_000 });
    const ceilings = [0, 1, 2, 3, 4, 5].map((attempt) => policy.ceiling(attempt, true));
    expect(ceilings).toEqual([10_000, 10_000, 10_000, 10_000, 16_000, 30_000]);
    expect(new ReconnectPolicy({ restartSpreadMs: 60_000 }).ceiling(0, true)).toBe(30_000);
    expect(new ReconnectPolicy({ jitter: 'none' }).ceiling(0, true)).toBe(1_000);
  });

  it('stays at the cap for huge attempt numbers', () => {
    expect(new ReconnectPolicy().ceiling(5000)).toBe(30_000);
  });

  it('uses exactly the ceiling with jitter none', () => {
    const policy = new ReconnectPolicy({ jitter: 'none' }, () => {
      throw new Error('random must not be used');
    });
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => policy.delay(attempt))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('scales the ceiling by the random draw with full jitter', () => {
    const draws = [0, 0.5, 0.25, 0.999999];
    const policy = new ReconnectPolicy({}, () => draws.shift() ?? 0);
    expect(policy.delay(0)).toBe(0);
    expect(policy.delay(1)).toBe(1000);
    expect(policy.delay(2)).toBe(1000);
    expect(policy.delay(5)).toBe(29_999);
  });

  it('keeps every jittered delay within [0, ceiling) for a seeded random source', () => {
    const policy = new ReconnectPolicy({}, seededRandom(42));
    const delays = Array.from({ length: 10 }, (_, attempt) => policy.delay(attempt));
    delays.forEach((delay, attempt) => {
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(policy.ceiling(attempt));
    });
    // Deterministic: the same seed gives the same schedule.
    const again = new ReconnectPolicy({}, seededRandom(42));
    expect(Array.from({ length: 10 }, (_, attempt) => again.delay(attempt))).toEqual(delays);
  });

  it('keeps jittered delays within bounds for any draw and attempt', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.nat({ max: 100 }),
        (draw, attempt) => {
          const policy = new ReconnectPolicy({}, () => draw);
          const delay = policy.delay(attempt);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(policy.ceiling(attempt));
          expect(policy.ceiling(attempt)).toBeLessThanOrEqual(30_000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('applies custom options', () => {
    const policy = new ReconnectPolicy({
      initialDelayMs: 100,
      factor: 3,
      maxDelayMs: 1000,
      jitter: 'none',
    });
    expect([0, 1, 2, 3].map((attempt) => policy.delay(attempt))).toEqual([100, 300, 900, 1000]);
  });

  it('reports the budget as exhausted after maxAttempts failures', () => {
    const policy = new ReconnectPolicy();
    expect(policy.exhausted(0)).toBe(false);
    expect(policy.exhausted(9)).toBe(false);
    expect(policy.exhausted(10)).toBe(true);
    expect(policy.exhausted(11)).toBe(true);
    expect(new ReconnectPolicy({ maxAttempts: 0 }).exhausted(0)).toBe(true);
    expect(new ReconnectPolicy({ maxAttempts: Infinity }).exhausted(1e9)).toBe(false);
  });

  it.each<[string, Partial<ReconnectOptions>]>([
    ['reconnect.initialDelayMs must be >= 0', { initialDelayMs: -1 }],
    ['reconnect.initialDelayMs must be >= 0', { initialDelayMs: Number.NaN }],
    ['reconnect.factor must be >= 1', { factor: 0.5 }],
    ['reconnect.maxDelayMs must be >= initialDelayMs', { initialDelayMs: 5000, maxDelayMs: 1000 }],
    ['reconnect.maxAttempts must be >= 0', { maxAttempts: -1 }],
    ['reconnect.restartSpreadMs must be >= 0', { restartSpreadMs: -1 }],
  ])('rejects invalid options: %s', (message, options) => {
    let error: unknown;
    try {
      new ReconnectPolicy(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RealtimeError);
    expect((error as RealtimeError).code).toBe('invalid_config');
    expect((error as RealtimeError).message).toBe(message);
  });

  it('accepts the edge values', () => {
    expect(
      () => new ReconnectPolicy({ initialDelayMs: 0, factor: 1, maxDelayMs: 0, maxAttempts: 0 }),
    ).not.toThrow();
  });
});
