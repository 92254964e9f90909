import { Component, ErrorHandler, inject, Injectable, Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  injectChannel,
  injectLatest,
  injectRealtimeStatus,
  provideRealtime,
  RealtimeError,
  WebSocketService,
  withPolling,
  type RealtimeConfig,
  type RealtimeMessage,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Injectable({ providedIn: 'root' })
class AuthStore {
  token = 'jwt-1';
}

function setup(config: Partial<RealtimeConfig> = {}) {
  TestBed.configureTestingModule({
    providers: [
      provideRealtime({
        url: 'ws://test.local/ws',
        token: () => inject(AuthStore).token,
        reportToErrorHandler: false,
        ...config,
      }),
      provideRealtimeTesting(),
    ],
  });
  return {
    service: TestBed.inject(WebSocketService),
    controller: TestBed.inject(RealtimeTestingController),
  };
}

describe('WebSocketService', () => {
  afterEach(() => jest.useRealTimers());

  it('connects with a token read through inject() and exposes the status as signals', () => {
    const { service, controller } = setup();
    expect(service.status()).toBe('disconnected');
    expect(service.isConnected()).toBe(false);
    service.connect();
    expect(service.status()).toBe('connecting');
    expect(controller.isConnected).toBe(true);
    expect(service.status()).toBe('connected');
    expect(service.isConnected()).toBe(true);
    expect(controller.lastUrl).toBe('ws://test.local/ws?token=jwt-1');
  });

  it("knows the user: configured, given to connect(), then the server's greeting", () => {
    const { service, controller } = setup({ userId: 'configured' });
    expect(service.userId()).toBe('configured');
    service.connect({ userId: 'given' });
    expect(service.userId()).toBe('given');
    controller.emit(null, 'connect', { user_id: 'u-42' });
    expect(service.userId()).toBe('u-42');
  });

  it('asks the token provider again on every reconnect', () => {
    const { service, controller } = setup();
    service.connect();
    expect(controller.isConnected).toBe(true);
    TestBed.inject(AuthStore).token = 'jwt-2';
    service.reconnect();
    expect(controller.isConnected).toBe(true);
    expect(controller.lastUrl).toBe('ws://test.local/ws?token=jwt-2');
    expect(controller.connectionCount).toBe(2);
  });

  it('streams status changes, current state first', () => {
    const { service, controller } = setup();
    const seen: string[] = [];
    service.status$.subscribe((status) => seen.push(status));
    service.connect();
    expect(controller.isConnected).toBe(true);
    service.disconnect();
    expect(seen).toEqual(['disconnected', 'connecting', 'connected', 'disconnected']);
  });

  it('joins a channel once for several listeners and leaves it after the last', () => {
    const { service, controller } = setup();
    service.connect();
    const first: RealtimeMessage[] = [];
    const second: RealtimeMessage[] = [];
    const a = service.subscribe('feed:updates').subscribe((event) => first.push(event));
    const b = service.subscribe('feed:updates').subscribe((event) => second.push(event));
    controller.expectSubscribe('feed:updates');
    expect(() => controller.expectSubscribe('feed:updates')).toThrow(/subscribe "feed:updates"/);
    controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p1' });
    a.unsubscribe();
    expect(() => controller.expectUnsubscribe('feed:updates')).toThrow();
    b.unsubscribe();
    controller.expectUnsubscribe('feed:updates');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });

  it('types events by name with on()', () => {
    const { service, controller } = setup();
    service.connect();
    const statuses: string[] = [];
    service.on('presence').subscribe((event) => statuses.push(event.payload.status));
    controller.emit('presence', 'presence', { user_id: 'u1', status: 'away' });
    expect(statuses).toEqual(['away']);
  });

  it('ends a channel for every listener with unsubscribe()', () => {
    const { service, controller } = setup();
    service.connect();
    let completed = 0;
    service.subscribe('presence').subscribe({ complete: () => completed++ });
    service.subscribe('presence').subscribe({ complete: () => completed++ });
    controller.expectSubscribe('presence');
    service.unsubscribe('presence');
    controller.expectUnsubscribe('presence');
    expect(completed).toBe(2);
  });

  it('queues sends while offline and flushes them in order after the subscriptions', () => {
    const { service, controller } = setup();
    service.subscribe('conversation:c1').subscribe();
    expect(service.send({ type: 'typing_start', payload: { conversation_id: 'c1' } }).queued).toBe(
      true,
    );
    expect(service.send({ type: 'typing_stop', payload: { conversation_id: 'c1' } }).queued).toBe(
      true,
    );
    service.connect();
    expect(controller.isConnected).toBe(true);
    const order = controller.received.map((frame) => frame.type);
    expect(order).toEqual(['subscribe', 'typing_start', 'typing_stop']);
    controller.expectSent('typing_start');
    controller.expectSent('typing_stop');
    expect(service.send({ type: 'typing_start', payload: {} }).queued).toBe(false);
    controller.expectSent('typing_start');
    controller.verify();
  });

  it('sends with acknowledgement only on subscribe and emits the ack data once', () => {
    const { service, controller } = setup();
    service.connect();
    const ack$ = service.sendWithAck<{ id: string }>({
      type: 'send_message',
      payload: { content: 'hi' },
    });
    controller.expectNone('send_message');
    const results: { id: string }[] = [];
    let completed = false;
    ack$.subscribe({ next: (data) => results.push(data), complete: () => (completed = true) });
    const frame = controller.expectSent('send_message');
    expect(frame.ack_id).toBe(frame.id);
    controller.ack(frame, { id: 'm1' });
    expect(results).toEqual([{ id: 'm1' }]);
    expect(completed).toBe(true);
    controller.verify();
  });

  it('fails an acknowledged send with the typed server error', () => {
    const { service, controller } = setup();
    service.connect();
    let failure: unknown;
    service
      .sendWithAck({ type: 'send_message', payload: {} })
      .subscribe({ error: (error) => (failure = error) });
    controller.fail(controller.expectSent('send_message'), 'RATE_LIMITED', 'Too many requests');
    expect(failure).toBeInstanceOf(RealtimeError);
    expect(failure).toMatchObject({ code: 'server_error', serverCode: 'RATE_LIMITED' });
  });

  it('times out an unanswered acknowledged send', () => {
    jest.useFakeTimers();
    const { service, controller } = setup({ ackTimeoutMs: 1000 });
    service.connect();
    let failure: RealtimeError | undefined;
    service
      .sendWithAck({ type: 'send_message', payload: {} }, { timeoutMs: 500 })
      .subscribe({ error: (error: RealtimeError) => (failure = error) });
    controller.expectSent('send_message');
    jest.advanceTimersByTime(499);
    expect(failure).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(failure?.code).toBe('ack_timeout');
  });

  it('reports bad frames on errors and to the ErrorHandler, and stays connected', () => {
    const handled: unknown[] = [];
    TestBed.configureTestingModule({
      providers: [
        {
          provide: ErrorHandler,
          useValue: { handleError: (error: unknown) => handled.push(error) },
        },
      ],
    });
    const { service, controller } = setup({ reportToErrorHandler: true });
    const errors: RealtimeError[] = [];
    service.errors.subscribe((error) => errors.push(error));
    service.connect();
    controller.emitRaw('{not json');
    controller.emitRaw(
      JSON.stringify({
        id: 'x',
        type: 'mystery',
        payload: {},
        timestamp: new Date().toISOString(),
      }),
    );
    expect(errors.map((error) => error.code)).toEqual(['malformed_frame', 'unknown_type']);
    expect(handled).toEqual(errors);
    expect(service.status()).toBe('connected');
  });

  it('coalesces a burst of frames into one stats update per frame', () => {
    jest.useFakeTimers();
    const { service, controller } = setup();
    service.connect();
    service.subscribe('feed:updates').subscribe();
    jest.advanceTimersByTime(20);
    const before = service.stats();
    for (let i = 0; i < 50; i++) {
      controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: `p${i}` });
    }
    expect(service.stats()).toBe(before);
    jest.advanceTimersByTime(20);
    const after = service.stats();
    expect(after).not.toBe(before);
    expect(after.framesIn - before.framesIn).toBe(50);
    expect(after.transport).toBe('websocket');
    jest.advanceTimersByTime(100);
    expect(service.stats()).toBe(after);
  });

  it('connects on creation with autoConnect', () => {
    const { service, controller } = setup({ autoConnect: true });
    expect(controller.isConnected).toBe(true);
    expect(service.status()).toBe('connected');
  });

  it('closes the socket when the injector is destroyed', () => {
    const { service, controller } = setup();
    service.connect();
    expect(controller.isConnected).toBe(true);
    TestBed.resetTestingModule();
    expect(controller.isConnected).toBe(false);
  });

  it('rejects contradicting configuration loudly in dev mode', () => {
    expect(() => provideRealtime({ url: 'ws://x/ws' }, withPolling(), withPolling())).toThrow(
      /given twice/,
    );
    expect(() => provideRealtime({ url: 'http://x/ws' })).toThrow(RealtimeError);
    expect(() =>
      provideRealtime({ url: 'ws://x/ws', heartbeat: { intervalMs: 1000, deadAfterMs: 500 } }),
    ).toThrow(/deadAfterMs/);
    expect(() =>
      provideRealtime({ url: 'ws://x/ws' }, withPolling({ timeoutSeconds: 90 })),
    ).toThrow(/timeoutSeconds/);
  });
});

describe('inject helpers', () => {
  @Component({
    selector: 'rt-probe',
    template: '{{ status() }}:{{ latest()?.payload?.post_id ?? "-" }}',
  })
  class ProbeComponent {
    readonly status = injectRealtimeStatus();
    readonly latest = injectLatest<{ post_id: string }>('feed:updates');
    readonly seen: string[] = [];
    constructor() {
      injectChannel<{ post_id: string }>('feed:updates').subscribe((event) =>
        this.seen.push(event.payload.post_id),
      );
    }
  }

  it('tie channel streams to the component and render through signals', async () => {
    const { service, controller } = setup();
    service.connect();
    const fixture = TestBed.createComponent(ProbeComponent);
    await fixture.whenStable();
    controller.expectSubscribe('feed:updates');
    controller.emit('feed:updates', 'feed_update', { type: 'new_post', post_id: 'p7' });
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('connected:p7');
    expect(fixture.componentInstance.seen).toEqual(['p7']);
    fixture.destroy();
    controller.expectUnsubscribe('feed:updates');
  });

  it('accept an injector outside an injection context', () => {
    const { controller } = setup();
    const injector = TestBed.inject(Injector);
    const events: string[] = [];
    injectChannel('presence', { injector }).subscribe((event) => events.push(event.type));
    expect(injectRealtimeStatus({ injector })()).toBe('disconnected');
    expect(() => injectRealtimeStatus()).toThrow();
    TestBed.inject(WebSocketService).connect();
    controller.expectSubscribe('presence');
    controller.emit('presence', 'presence', { user_id: 'u', status: 'online' });
    expect(events).toEqual(['presence']);
  });
});
