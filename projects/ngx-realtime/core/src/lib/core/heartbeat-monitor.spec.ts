import { RealtimeError } from '../errors/realtime-error';
import { systemClock, type RealtimeClock, type TimerHandle } from './clock';
import {
  HeartbeatMonitor,
  resolveHeartbeatOptions,
  type HeartbeatOptions,
} from './heartbeat-monitor';

/**
 * A clock the test drives. `throttleMs` models a background tab: a timer due at `t` fires at
 * the next multiple of `throttleMs`. `freeze` moves time without running any timer.
 */
class FakeClock implements RealtimeClock {
  time = 0;
  throttleMs = 0;
  private nextId = 1;
  private readonly timers = new Map<
    number,
    { readonly at: number; readonly callback: () => void }
  >();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + delayMs, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Runs every timer that fires up to `target`, in order, then sets the time to `target`. */
  advanceTo(target: number): void {
    for (;;) {
      let next: { id: number; fireAt: number } | null = null;
      for (const [id, timer] of this.timers) {
        const fireAt = Math.max(this.time, this.fireTime(timer.at));
        if (fireAt <= target && (next === null || fireAt < next.fireAt)) next = { id, fireAt };
      }
      if (next === null) break;
      const timer = this.timers.get(next.id);
      this.timers.delete(next.id);
      this.time = next.fireAt;
      timer?.callback();
    }
    this.time = target;
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** The page sleeps: time passes, no timer runs until the next advance. */
  freeze(ms: number): void {
    this.time += ms;
  }

  private fireTime(at: number): number {
    return this.throttleMs > 0 ? Math.ceil(at / this.throttleMs) * this.throttleMs : at;
  }
}

const OPTIONS: HeartbeatOptions = {
  intervalMs: 30_000,
  deadAfterMs: 60_000,
  probeTimeoutMs: 5_000,
};

describe('resolveHeartbeatOptions', () => {
  it('defaults to a 30 s interval, death after 2 × the interval and a 5 s probe', () => {
    expect(resolveHeartbeatOptions()).toEqual(OPTIONS);
    expect(resolveHeartbeatOptions({ intervalMs: 10_000 })).toEqual({
      intervalMs: 10_000,
      deadAfterMs: 20_000,
      probeTimeoutMs: 5_000,
    });
  });

  it.each<[Partial<HeartbeatOptions>, string]>([
    [{ intervalMs: 0 }, 'heartbeat.intervalMs must be > 0'],
    [{ intervalMs: Number.NaN }, 'heartbeat.intervalMs must be > 0'],
    [{ intervalMs: 1000, deadAfterMs: 1000 }, 'heartbeat.deadAfterMs must exceed intervalMs'],
    [{ probeTimeoutMs: 0 }, 'heartbeat.probeTimeoutMs must be > 0'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveHeartbeatOptions(options)).toThrow(
      new RealtimeError('invalid_config', message),
    );
    try {
      resolveHeartbeatOptions(options);
    } catch (error) {
      expect((error as RealtimeError).code).toBe('invalid_config');
    }
  });
});

describe('HeartbeatMonitor', () => {
  let clock: FakeClock;
  let sendHeartbeat: jest.Mock<void, []>;
  let onDead: jest.Mock<void, []>;
  let monitor: HeartbeatMonitor;

  function create(options: HeartbeatOptions = OPTIONS): HeartbeatMonitor {
    return new HeartbeatMonitor(clock, options, { sendHeartbeat, onDead });
  }

  beforeEach(() => {
    clock = new FakeClock();
    sendHeartbeat = jest.fn();
    onDead = jest.fn();
    monitor = create();
  });

  it('sends a heartbeat on every interval while answers keep coming', () => {
    sendHeartbeat.mockImplementation(() => monitor.markAlive());
    monitor.start();
    clock.advanceTo(29_999);
    expect(sendHeartbeat).not.toHaveBeenCalled();
    clock.advanceTo(30_000);
    expect(sendHeartbeat).toHaveBeenCalledTimes(1);
    clock.advanceTo(300_000);
    expect(sendHeartbeat).toHaveBeenCalledTimes(10);
    expect(onDead).not.toHaveBeenCalled();
  });

  it('declares the link dead after deadAfterMs of silence, and then stops', () => {
    monitor.start();
    clock.advanceTo(59_999);
    expect(onDead).not.toHaveBeenCalled();
    expect(sendHeartbeat).toHaveBeenCalledTimes(1);
    clock.advanceTo(60_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
    clock.advanceTo(600_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(sendHeartbeat).toHaveBeenCalledTimes(1);
  });

  it('pushes the deadline on markAlive', () => {
    monitor.start();
    clock.advanceTo(50_000);
    monitor.markAlive();
    clock.advanceTo(109_999);
    expect(onDead).not.toHaveBeenCalled();
    clock.advanceTo(110_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('keeps sending on the interval while frames arrive, even without heartbeat answers', () => {
    monitor.start();
    for (let t = 10_000; t <= 300_000; t += 10_000) {
      clock.advanceTo(t);
      monitor.markAlive();
    }
    expect(sendHeartbeat).toHaveBeenCalledTimes(10);
    expect(onDead).not.toHaveBeenCalled();
  });

  it('probes instead of declaring death when a tick fires far later than scheduled', () => {
    monitor.start();
    clock.freeze(200_000); // the tab slept through the deadline
    clock.advance(0);
    expect(onDead).not.toHaveBeenCalled();
    expect(sendHeartbeat).toHaveBeenCalledTimes(1);
    // The probe is answered: the link lives on.
    clock.advanceTo(201_000);
    monitor.markAlive();
    clock.advanceTo(260_999);
    expect(onDead).not.toHaveBeenCalled();
    // From then on the usual window applies, counted from the answer.
    clock.advanceTo(261_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('declares death when the probe after a late tick goes unanswered for probeTimeoutMs', () => {
    monitor.start();
    clock.freeze(200_000);
    clock.advance(0);
    expect(sendHeartbeat).toHaveBeenCalledTimes(1);
    clock.advance(4_999);
    expect(onDead).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('declares death on a tick that is only a little late', () => {
    monitor.start();
    clock.advanceTo(30_000); // on time, sends
    clock.freeze(45_000); // 15 s late: within the tolerance of half an interval
    clock.advance(0);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('treats more than half an interval of lateness as sleep', () => {
    monitor.start();
    clock.advanceTo(30_000);
    clock.freeze(45_001);
    clock.advance(0);
    expect(onDead).not.toHaveBeenCalled();
    expect(sendHeartbeat).toHaveBeenCalledTimes(2);
  });

  it('tolerates at least one second of lateness with short intervals', () => {
    monitor = create({ intervalMs: 200, deadAfterMs: 400, probeTimeoutMs: 100 });
    monitor.start();
    clock.advanceTo(200);
    clock.freeze(1_200); // 1 s late at the 400 ms deadline
    clock.advance(0);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  describe('probe()', () => {
    it('sends at once and expects an answer within probeTimeoutMs', () => {
      monitor.start();
      clock.advanceTo(10_000);
      monitor.probe();
      expect(sendHeartbeat).toHaveBeenCalledTimes(1);
      clock.advanceTo(14_999);
      expect(onDead).not.toHaveBeenCalled();
      clock.advanceTo(15_000);
      expect(onDead).toHaveBeenCalledTimes(1);
    });

    it('is satisfied by any frame', () => {
      monitor.start();
      clock.advanceTo(10_000);
      monitor.probe();
      clock.advanceTo(12_000);
      monitor.markAlive();
      clock.advanceTo(60_000);
      expect(onDead).not.toHaveBeenCalled();
      // The regular rhythm resumes from the probe: next heartbeat 30 s after it.
      expect(sendHeartbeat).toHaveBeenCalledTimes(2);
    });

    it('never postpones an earlier deadline', () => {
      monitor = create({ intervalMs: 30_000, deadAfterMs: 60_000, probeTimeoutMs: 20_000 });
      monitor.start();
      clock.advanceTo(50_000);
      monitor.probe();
      clock.advanceTo(60_000);
      expect(onDead).toHaveBeenCalledTimes(1);
    });

    it('does nothing when not running', () => {
      monitor.probe();
      expect(sendHeartbeat).not.toHaveBeenCalled();
      expect(clock.pending).toBe(0);
    });
  });

  it('stop() cancels its timer: no heartbeat, no death', () => {
    monitor.start();
    clock.advanceTo(20_000);
    monitor.stop();
    expect(clock.pending).toBe(0);
    clock.advanceTo(600_000);
    expect(sendHeartbeat).not.toHaveBeenCalled();
    expect(onDead).not.toHaveBeenCalled();
  });

  it('starts afresh after stop()', () => {
    monitor.start();
    clock.advanceTo(50_000);
    monitor.stop();
    clock.advanceTo(100_000);
    monitor.start();
    clock.advanceTo(159_999);
    expect(onDead).not.toHaveBeenCalled();
    clock.advanceTo(160_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('works with the default clock under Jest fake timers', () => {
    jest.useFakeTimers();
    try {
      const real = new HeartbeatMonitor(systemClock, OPTIONS, { sendHeartbeat, onDead });
      real.start();
      jest.advanceTimersByTime(30_000);
      expect(sendHeartbeat).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(30_000);
      expect(onDead).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  describe('in a throttled background tab (timers at most once per 60 s)', () => {
    it.each([0, 1_000, 15_000, 29_000])(
      'reports no death in 12 minutes while frames arrive every 30 s (offset %i ms)',
      (offset) => {
        clock.throttleMs = 60_000;
        monitor.start();
        let lastFrame = 0;
        for (let t = offset; t <= 12 * 60_000; t += 30_000) {
          clock.advanceTo(t); // timers due by now fire first: the least favourable order
          if (t > 0) {
            monitor.markAlive();
            lastFrame = t;
          }
        }
        expect(onDead).not.toHaveBeenCalled();
        // Heartbeats still go out, about once per throttled tick.
        expect(sendHeartbeat.mock.calls.length).toBeGreaterThanOrEqual(11);
        // Back in the foreground with a silent link: the deadline still counts from the last
        // frame, which proves the frames were seen all along.
        clock.throttleMs = 0;
        clock.advanceTo(lastFrame + 59_999);
        expect(onDead).not.toHaveBeenCalled();
        clock.advanceTo(lastFrame + 60_000);
        expect(onDead).toHaveBeenCalledTimes(1);
      },
    );
  });
});
