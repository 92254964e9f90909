import { isPlatformBrowser } from '@angular/common';
import { inject, InjectionToken, PLATFORM_ID } from '@angular/core';

/**
 * Runs `run` once, at the next animation frame or whatever the scheduler calls a frame;
 * returns the function that cancels it (a no-op once it ran).
 */
export type RealtimeFrameScheduler = (run: () => void) => () => void;

/** The next animation frame; ~60 Hz where there are none (jsdom without frames, workers). */
export const animationFrameScheduler: RealtimeFrameScheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(run);
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(run, 16);
  return () => clearTimeout(handle);
};

/** Runs the job at once: state is published synchronously. */
export const synchronousFrameScheduler: RealtimeFrameScheduler = (run) => {
  run();
  return () => undefined;
};

/**
 * When `NotificationRealtime`, `FeedRealtime` and the typing state of `MessagesRealtime`
 * publish what inbound events changed: at most once per call of this scheduler, so a flood
 * of events costs one render per frame.
 *
 * Default: `requestAnimationFrame` in the browser (a 16 ms timer where there is none), and at
 * once on the server (SSR), where there are no frames and no timer may start.
 * `provideRealtimeTesting()` provides a synchronous scheduler, so state shows as soon as the
 * test emits an event. To test the per-frame behaviour itself, provide a scheduler after
 * `provideRealtimeTesting()`, as below, and let frames run with
 * `jest.advanceTimersToNextFrame()` under fake timers.
 *
 * @example
 * TestBed.configureTestingModule({
 *   providers: [
 *     provideRealtime({ url: 'ws://test/ws' }, withNotifications()),
 *     provideRealtimeTesting(),
 *     // The browser default: one publication per animation frame.
 *     { provide: REALTIME_FRAME_SCHEDULER, useValue: animationFrameScheduler },
 *   ],
 * });
 */
export const REALTIME_FRAME_SCHEDULER = new InjectionToken<RealtimeFrameScheduler>(
  typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_FRAME_SCHEDULER' : '',
  {
    providedIn: 'root',
    factory: () =>
      isPlatformBrowser(inject(PLATFORM_ID)) ? animationFrameScheduler : synchronousFrameScheduler,
  },
);
