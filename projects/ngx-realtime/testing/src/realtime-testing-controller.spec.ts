import { TestBed } from '@angular/core/testing';
import { provideRealtime, RealtimeError, WebSocketService } from 'ngx-realtime';
import { firstValueFrom } from 'rxjs';
import { provideRealtimeTesting } from './provide-realtime-testing';
import { RealtimeTestingController } from './realtime-testing-controller';

describe('RealtimeTestingController', () => {
  let service: WebSocketService;
  let controller: RealtimeTestingController;

  function configure(placement: 'query' | 'protocol' = 'query') {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({
          url: 'ws://test.local/ws',
          token: () => 'secret-token',
          auth: { placement },
          reportToErrorHandler: false,
          reconnect: { initialDelayMs: 100, maxDelayMs: 100, jitter: 'none' },
        }),
        provideRealtimeTesting(),
      ],
    });
    service = TestBed.inject(WebSocketService);
    controller = TestBed.inject(RealtimeTestingController);
  }

  afterEach(() => jest.useRealTimers());

  it('opens connections on the next microtask without being asked', async () => {
    configure();
    service.connect();
    expect(service.status()).toBe('connecting');
    await Promise.resolve();
    expect(service.status()).toBe('connected');
  });

  it('shows where the token travelled', () => {
    configure('protocol');
    service.connect();
    expect(controller.isConnected).toBe(true);
    expect(controller.lastUrl).toBe('ws://test.local/ws');
    expect(controller.lastProtocols).toEqual(['bearer', 'secret-token']);
  });

  it('verify() fails on unexpected frames and on unanswered acknowledged sends', () => {
    configure();
    service.connect();
    service.send({ type: 'typing_start', payload: {} });
    expect(() => controller.verify()).toThrow(/unexpected frames: typing_start/);
    controller.expectSent('typing_start');
    controller.verify();
    service.sendWithAck({ type: 'send_message', payload: {} }).subscribe();
    const frame = controller.expectSent('send_message');
    expect(() => controller.verify()).toThrow(/awaiting an ack: send_message/);
    controller.ack(frame);
    controller.verify();
  });

  it('matches frames by predicate and takes every frame of a type', () => {
    configure();
    service.connect();
    service.send({ type: 'typing_start', payload: { conversation_id: 'a' } });
    service.send({ type: 'typing_start', payload: { conversation_id: 'b' } });
    service.send({ type: 'typing_start', payload: { conversation_id: 'c' } });
    expect(
      controller.expectSent('typing_start', (f) => f.payload['conversation_id'] === 'b').payload,
    ).toEqual({
      conversation_id: 'b',
    });
    expect(controller.match('typing_start').map((f) => f.payload['conversation_id'])).toEqual([
      'a',
      'c',
    ]);
    expect(() => controller.expectSent('typing_start')).toThrow(/Expected a "typing_start" frame/);
    expect(() => controller.ack(controller.received[0])).toThrow(/no ack_id/);
  });

  it('simulates a server drop, refused connections and the reconnect that follows', () => {
    jest.useFakeTimers();
    configure();
    service.subscribe('presence').subscribe();
    service.connect();
    controller.expectSubscribe('presence');
    controller.refuseConnections('network');
    controller.disconnect();
    expect(service.status()).toBe('reconnecting');
    jest.advanceTimersByTime(100);
    expect(controller.isConnected).toBe(false);
    controller.acceptConnections();
    jest.advanceTimersByTime(100);
    expect(controller.isConnected).toBe(true);
    expect(service.status()).toBe('connected');
    controller.expectSubscribe('presence');
    expect(controller.connectionCount).toBe(3);
  });

  it('refuses credentials twice and the service ends unauthorized', () => {
    configure();
    const errors: RealtimeError[] = [];
    service.errors.subscribe((error) => errors.push(error));
    controller.refuseConnections('auth');
    service.connect();
    expect(controller.isConnected).toBe(false);
    expect(controller.isConnected).toBe(false);
    expect(service.status()).toBe('unauthorized');
    expect(controller.connectionCount).toBe(2);
    expect(errors.map((error) => error.code)).toEqual(['unauthorized']);
    expect(errors[0].message).not.toContain('secret-token');
  });

  it('answers heartbeats so long tests keep the link', () => {
    jest.useFakeTimers();
    configure();
    service.connect();
    expect(controller.isConnected).toBe(true);
    jest.advanceTimersByTime(10 * 60_000);
    expect(service.status()).toBe('connected');
    expect(controller.received.filter((f) => f.type === 'heartbeat').length).toBeGreaterThanOrEqual(
      19,
    );
    controller.verify();
  });

  it('answers HTTP requests through handleHttp and refuses them otherwise', async () => {
    configure();
    const refused = await firstValueFrom(service.getMissedMessages(3)).catch(
      (error: RealtimeError) => error,
    );
    expect(refused).toMatchObject({ code: 'transport_error' });
    expect(String((refused as RealtimeError).cause)).toMatch(/handleHttp/);
    controller.handleHttp((url) => ({
      status: 200,
      headers: { 'X-Seen': url },
      body: {
        messages: [{ id: 'e1', type: 'presence', payload: { user_id: 'u', status: 'online' } }],
      },
    }));
    const missed = await firstValueFrom(service.getMissedMessages(3));
    expect(missed.complete).toBe(true);
    expect(missed.messages.map((m) => m.id)).toEqual(['e1']);
  });

  it('refuses to emit while the client is not connected', () => {
    configure();
    expect(() => controller.emit('presence', 'presence', {})).toThrow(/not connected/);
  });
});
