import {
  createEnvironmentInjector,
  EnvironmentInjector,
  Injector,
  PLATFORM_ID,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectPresenceClock } from 'ngx-realtime';

describe('injectPresenceClock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('moves on every interval and stops when its injector is destroyed', () => {
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const now = runInInjectionContext(injector, () => injectPresenceClock({ intervalMs: 10_000 }));
    const start = now();
    jest.advanceTimersByTime(10_000);
    expect(now()).toBeGreaterThanOrEqual(start + 10_000);
    injector.destroy();
    const stopped = now();
    jest.advanceTimersByTime(60_000);
    expect(now()).toBe(stopped);
  });

  it('takes an injector outside an injection context and refuses to run without one', () => {
    const now = injectPresenceClock({ injector: TestBed.inject(Injector) });
    expect(typeof now()).toBe('number');
    expect(() => injectPresenceClock()).toThrow();
  });

  it('starts no timer on the server', () => {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    const now = injectPresenceClock({ injector: TestBed.inject(Injector) });
    const start = now();
    jest.advanceTimersByTime(60_000);
    expect(now()).toBe(start);
    expect(jest.getTimerCount()).toBe(0);
  });
});
