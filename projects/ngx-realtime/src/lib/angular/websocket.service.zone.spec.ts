import {
  ChangeDetectionStrategy,
  Component,
  inject,
  NgZone,
  provideZoneChangeDetection,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRealtime, WebSocketService } from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Component({
  selector: 'rt-status-probe',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '{{ realtime.status() }}/{{ realtime.stats().framesIn }}',
})
class StatusProbeComponent {
  readonly realtime = inject(WebSocketService);
}

describe('WebSocketService in a zone.js application', () => {
  let zone: NgZone;
  let service: WebSocketService;
  let controller: RealtimeTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZoneChangeDetection(),
        provideRealtime({
          url: 'ws://test.local/ws',
          token: () => 't',
          reportToErrorHandler: false,
        }),
        provideRealtimeTesting(),
      ],
    });
    zone = TestBed.inject(NgZone);
    service = TestBed.inject(WebSocketService);
    controller = TestBed.inject(RealtimeTestingController);
  });

  it('runs the engine timers outside the Angular zone', () => {
    zone.run(() => {
      service.connect();
      service.subscribe('feed:updates').subscribe();
      service
        .sendWithAck({ type: 'send_message', payload: {} })
        .subscribe({ error: () => undefined });
    });
    expect(controller.isConnected).toBe(true);
    // The connect timeout, heartbeat and ack timeout are pending, yet the zone has no macrotask.
    expect(zone.hasPendingMacrotasks).toBe(false);
    expect(zone.isStable).toBe(true);
  });

  it('delivers socket events outside the zone', () => {
    const inZone: boolean[] = [];
    zone.run(() => {
      service.connect();
      service.subscribe('feed:updates').subscribe(() => inZone.push(NgZone.isInAngularZone()));
    });
    controller.expectSubscribe('feed:updates');
    zone.run(() =>
      controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p' }),
    );
    expect(inZone).toEqual([false]);
  });

  it('renders signal state in an OnPush component', async () => {
    const fixture = TestBed.createComponent(StatusProbeComponent);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('disconnected/0');
    zone.run(() => service.connect());
    expect(controller.isConnected).toBe(true);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('connected/');
    controller.emit(null, 'heartbeat', {});
    await new Promise((resolve) => setTimeout(resolve, 40));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('connected/1');
  });
});
