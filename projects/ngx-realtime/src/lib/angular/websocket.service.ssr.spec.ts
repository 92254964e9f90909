import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRealtime, RealtimeError, WebSocketService } from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { firstValueFrom } from 'rxjs';

describe('WebSocketService on the server (SSR)', () => {
  let service: WebSocketService;
  let controller: RealtimeTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        { provide: PLATFORM_ID, useValue: 'server' },
        provideRealtime({ url: 'ws://test.local/ws', token: () => 't', autoConnect: true }),
        provideRealtimeTesting(),
      ],
    });
    service = TestBed.inject(WebSocketService);
    controller = TestBed.inject(RealtimeTestingController);
  });

  afterEach(() => jest.useRealTimers());

  it('opens no socket and starts no timer', () => {
    service.connect();
    service.reconnect();
    const events: unknown[] = [];
    service.subscribe('feed:updates').subscribe((event) => events.push(event));
    service.on('notification').subscribe((event) => events.push(event));
    expect(controller.connectionCount).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(service.status()).toBe('disconnected');
    expect(events).toEqual([]);
    service.disconnect();
  });

  it('refuses sends with a typed error instead of pretending', async () => {
    expect(() => service.send({ type: 'typing_start', payload: {} })).toThrow(RealtimeError);
    await expect(
      firstValueFrom(service.sendWithAck({ type: 'x', payload: {} })),
    ).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(firstValueFrom(service.getMissedMessages(1))).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(await firstValueFrom(service.status$)).toBe('disconnected');
    expect(jest.getTimerCount()).toBe(0);
  });
});
