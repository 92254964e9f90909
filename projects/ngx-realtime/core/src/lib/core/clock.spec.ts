import { systemClock, TimerSlot, type RealtimeClock } from './clock';

describe('systemClock', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2024-03-01T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('reads Date.now and the global timers at call time (Jest fake timers apply)', () => {
    expect(systemClock.now()).toBe(Date.parse('2024-03-01T12:00:00Z'));
    const callback = jest.fn();
    systemClock.setTimeout(callback, 100);
    jest.advanceTimersByTime(99);
    expect(callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(systemClock.now()).toBe(Date.parse('2024-03-01T12:00:00.100Z'));
  });

  it('cancels with clearTimeout', () => {
    const callback = jest.fn();
    const handle = systemClock.setTimeout(callback, 100);
    systemClock.clearTimeout(handle);
    jest.advanceTimersByTime(1000);
    expect(callback).not.toHaveBeenCalled();
  });
});

describe('TimerSlot', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs its callback once after the delay and is then inactive', () => {
    const slot = new TimerSlot(systemClock);
    const callback = jest.fn(() => expect(slot.active).toBe(false));
    expect(slot.active).toBe(false);
    slot.set(50, callback);
    expect(slot.active).toBe(true);
    jest.advanceTimersByTime(50);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(slot.active).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('replaces the previous callback: only the last one runs', () => {
    const slot = new TimerSlot(systemClock);
    const first = jest.fn();
    const second = jest.fn();
    slot.set(100, first);
    slot.set(200, second);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('clear() cancels and is harmless when idle', () => {
    const slot = new TimerSlot(systemClock);
    const callback = jest.fn();
    slot.clear();
    slot.set(100, callback);
    slot.clear();
    expect(slot.active).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(callback).not.toHaveBeenCalled();
  });

  it('can be set again from inside its own callback', () => {
    const slot = new TimerSlot(systemClock);
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(Date.now());
      if (ticks.length < 3) slot.set(10, tick);
    };
    slot.set(10, tick);
    jest.advanceTimersByTime(100);
    expect(ticks).toHaveLength(3);
    expect(slot.active).toBe(false);
  });

  it('never asks the clock for a negative delay', () => {
    const setTimeout = jest.fn<unknown, [() => void, number]>(() => 1);
    const clock: RealtimeClock = { now: () => 0, setTimeout, clearTimeout: jest.fn() };
    new TimerSlot(clock).set(-50, jest.fn());
    expect(setTimeout.mock.calls[0][1]).toBe(0);
  });
});
