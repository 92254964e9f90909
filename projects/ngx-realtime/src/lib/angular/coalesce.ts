/** A job run at most once per animation frame, however often it is scheduled. */
export interface CoalescedJob {
  /** Asks for one run at the next frame (no-op when one is already due). */
  readonly schedule: () => void;
  readonly cancel: () => void;
}

type FrameScheduler = (run: () => void) => () => void;

const nextFrame: FrameScheduler =
  typeof requestAnimationFrame === 'function'
    ? (run) => {
        const handle = requestAnimationFrame(run);
        return () => cancelAnimationFrame(handle);
      }
    : (run) => {
        // Where there are no frames (jsdom without pretendToBeVisual, workers), ~60 Hz.
        const handle = setTimeout(run, 16);
        return () => clearTimeout(handle);
      };

/**
 * Coalesces bursts: a flood of frames causes at most one state update (and so at most one
 * render) per animation frame.
 */
export function coalescePerFrame(
  job: () => void,
  scheduler: FrameScheduler = nextFrame,
): CoalescedJob {
  let cancelPending: (() => void) | null = null;
  return {
    schedule: () => {
      if (cancelPending !== null) return;
      cancelPending = scheduler(() => {
        cancelPending = null;
        job();
      });
    },
    cancel: () => {
      cancelPending?.();
      cancelPending = null;
    },
  };
}
