import { isPlatformBrowser } from '@angular/common';
import {
  assertInInjectionContext,
  DestroyRef,
  inject,
  Injector,
  NgZone,
  PLATFORM_ID,
  signal,
  type Signal,
} from '@angular/core';

/** Options of {@link injectPresenceClock}. */
export interface PresenceClockOptions {
  /** How often the time moves on (milliseconds). Default 30 000. */
  readonly intervalMs?: number;
  /** Injector to use outside an injection context (its `DestroyRef` stops the clock). */
  readonly injector?: Injector;
}

/**
 * The current time (epoch ms) as a signal that moves on every `intervalMs`, for the `now` of
 * the `rtPresenceText` pipe, so "Last seen 5 minutes ago" keeps up. Tied to the caller's
 * lifetime. On the server (SSR) it starts no timer (a pending interval would keep the page
 * from ever becoming stable) and holds the time it was created.
 *
 * @example
 * readonly now = injectPresenceClock();
 * // template: {{ presence() | rtPresenceText: { now: now() } }}
 */
export function injectPresenceClock(options: PresenceClockOptions = {}): Signal<number> {
  if (options.injector === undefined) assertInInjectionContext(injectPresenceClock);
  const injector = options.injector ?? inject(Injector);
  const now = signal(Date.now());
  if (!isPlatformBrowser(injector.get(PLATFORM_ID))) return now.asReadonly();
  const intervalMs = Math.max(1_000, options.intervalMs ?? 30_000);
  // Outside the zone: the signal schedules the render, a zone.js tick per interval is waste.
  const handle = injector
    .get(NgZone)
    .runOutsideAngular(() => setInterval(() => now.set(Date.now()), intervalMs));
  injector.get(DestroyRef).onDestroy(() => clearInterval(handle));
  return now.asReadonly();
}
