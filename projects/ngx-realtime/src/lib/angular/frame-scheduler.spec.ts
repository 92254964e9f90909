import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { REALTIME_FRAME_SCHEDULER } from 'ngx-realtime';
import { coalescePerFrame } from './coalesce';
import { synchronousFrameScheduler } from './frame-scheduler';

describe('REALTIME_FRAME_SCHEDULER and coalescePerFrame', () => {
  afterEach(() => jest.useRealTimers());

  it('defaults to animation frames in the browser', () => {
    jest.useFakeTimers();
    const frame = TestBed.inject(REALTIME_FRAME_SCHEDULER);
    const runs: string[] = [];
    frame(() => runs.push('a'));
    const cancel = frame(() => runs.push('b'));
    cancel();
    expect(runs).toEqual([]);
    jest.advanceTimersToNextFrame();
    expect(runs).toEqual(['a']);
  });

  it('runs at once on the server (SSR), where no timer may start', () => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    const runs: string[] = [];
    TestBed.inject(REALTIME_FRAME_SCHEDULER)(() => runs.push('a'));
    expect(runs).toEqual(['a']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('runs a job once per frame however often it is scheduled, and cancels it', () => {
    const due: (() => void)[] = [];
    let runs = 0;
    const job = coalescePerFrame(
      () => runs++,
      (run) => {
        due.push(run);
        return () => due.splice(due.indexOf(run), 1);
      },
    );
    job.schedule();
    job.schedule();
    expect(due).toHaveLength(1);
    due.shift()?.();
    expect(runs).toBe(1);
    job.schedule();
    job.cancel();
    expect(due).toHaveLength(0);
    job.cancel(); // nothing due: a no-op
    expect(runs).toBe(1);
  });

  it('runs the job on every schedule with a synchronous scheduler (tests, SSR)', () => {
    let runs = 0;
    const job = coalescePerFrame(() => runs++, synchronousFrameScheduler);
    job.schedule();
    job.schedule();
    job.cancel();
    job.schedule();
    expect(runs).toBe(3);
  });
});
