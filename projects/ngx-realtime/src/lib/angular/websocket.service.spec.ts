import { TestBed } from '@angular/core/testing';
import { provideRealtime, WebSocketService, type RealtimeMessage } from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

describe('WebSocketService (zone-less, testing controller)', () => {
  let service: WebSocketService;
  let controller: RealtimeTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test.local/ws', token: () => 'jwt-1', reportToErrorHandler: false }),
        provideRealtimeTesting(),
      ],
    });
    service = TestBed.inject(WebSocketService);
    controller = TestBed.inject(RealtimeTestingController);
  });

  it('connects, subscribes and receives channel events', () => {
    const seen: RealtimeMessage[] = [];
    service.connect();
    service.subscribe('feed:updates').subscribe((event) => seen.push(event));
    controller.expectSubscribe('feed:updates');
    expect(service.status()).toBe('connected');
    expect(controller.lastUrl).toBe('ws://test.local/ws?token=jwt-1');
    controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p1' });
    expect(seen.map((event) => event.payload)).toEqual([{ type: 'new_post', post_id: 'p1' }]);
    controller.verify();
  });
});
