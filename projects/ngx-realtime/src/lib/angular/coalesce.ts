import { animationFrameScheduler, type RealtimeFrameScheduler } from './frame-scheduler';

/** A job run at most once per animation frame, however often it is scheduled. */
export interface CoalescedJob {
  /** Asks for one run at the next frame (no-op when one is already due). */
  readonly schedule: () => void;
  /** Drops the run that is due, if any. */
  readonly cancel: () => void;
}

/**
 * Coalesces bursts: a flood of frames causes at most one state update (and so at most one
 * render) per animation frame.
 */
export function coalescePerFrame(
  job: () => void,
  scheduler: RealtimeFrameScheduler = animationFrameScheduler,
): CoalescedJob {
  let due = false;
  let cancelDue: () => void = () => undefined;
  return {
    schedule: () => {
      if (due) return;
      due = true;
      const cancel = scheduler(() => {
        due = false;
        job();
      });
      // A synchronous scheduler (tests, SSR) has already run the job: nothing to cancel.
      if (due) cancelDue = cancel;
    },
    cancel: () => {
      if (!due) return;
      due = false;
      cancelDue();
    },
  };
}
