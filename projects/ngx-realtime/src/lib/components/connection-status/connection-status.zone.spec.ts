import { Component, NgZone, provideZoneChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RtConnectionStatus, type ConnectionStatus } from 'ngx-realtime';

const START = Date.parse('2024-03-01T12:00:00Z');

@Component({
  selector: 'rt-test-connection-status-zone-host',
  imports: [RtConnectionStatus],
  template: `<rt-connection-status [status]="status()" [nextRetryAt]="nextRetryAt()" />`,
})
class HostComponent {
  readonly status = signal<ConnectionStatus>('connected');
  readonly nextRetryAt = signal<number | null>(null);
}

describe('RtConnectionStatus in a zone.js application', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  it('counts down on a timer outside the Angular zone, and still renders each second', () => {
    jest.useFakeTimers({ now: START });
    const scheduledInZone: boolean[] = [];
    const fakeSetTimeout = globalThis.setTimeout;
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
      callback: () => void,
      delay?: number,
    ) => {
      // Angular's own scheduler uses 0 ms timeouts; only the countdown waits longer.
      if ((delay ?? 0) > 0) scheduledInZone.push(NgZone.isInAngularZone());
      return fakeSetTimeout(callback, delay);
    }) as typeof setTimeout);
    TestBed.configureTestingModule({ providers: [provideZoneChangeDetection()] });
    const fixture = TestBed.createComponent(HostComponent);
    fixture.autoDetectChanges();
    const text = () =>
      (fixture.nativeElement as HTMLElement).querySelector('.rt-connection-status__text')
        ?.textContent;

    TestBed.inject(NgZone).run(() => {
      fixture.componentInstance.status.set('reconnecting');
      fixture.componentInstance.nextRetryAt.set(START + 3_000);
    });
    fixture.detectChanges();
    expect(text()).toBe('Reconnecting in 3 s…');

    jest.advanceTimersByTime(1_000);
    // Let the change-detection scheduler's own (faked) timer fire: nothing else renders.
    jest.advanceTimersByTime(20);
    expect(text()).toBe('Reconnecting in 2 s…');
    // The countdown's own timer was scheduled outside the zone: no zone.js tick per second.
    expect(scheduledInZone).toEqual([false, false]);
  });
});
