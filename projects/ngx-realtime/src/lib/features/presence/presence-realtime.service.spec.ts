import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  PresenceRealtime,
  provideRealtime,
  WebSocketService,
  withPresence,
  type PresenceOptions,
  type RecoveryEvent,
  type UserPresence,
} from 'ngx-realtime';
import {
  provideRealtimeTesting,
  RealtimeTestingController,
  type TestFrame,
} from 'ngx-realtime/testing';

/** Makes jsdom's document report `state` and tells the page, as a browser would. */
function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
  // Runs the service's effect on the page signal (zone-less TestBed).
  TestBed.tick();
}

/** Lets the service's batching microtask run. */
const settle = () => Promise.resolve();

const statusOf = (frame: TestFrame) => frame.payload['status'];
const idsOf = (frame: TestFrame) => frame.payload['user_ids'];

function setup(options: PresenceOptions = {}, platform = 'browser') {
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me' },
        withPresence(options),
      ),
      provideRealtimeTesting(),
      { provide: PLATFORM_ID, useValue: platform },
    ],
  });
  const presence = TestBed.inject(PresenceRealtime);
  const realtime = TestBed.inject(WebSocketService);
  const controller = TestBed.inject(RealtimeTestingController);
  const changes: UserPresence[] = [];
  presence.changes$.subscribe((change) => changes.push(change));
  /** Connects and takes the status this device states on every connect. */
  const connect = (expectedStatus = 'online') => {
    realtime.connect();
    expect(statusOf(controller.expectSent('set_presence'))).toBe(expectedStatus);
  };
  return { presence, realtime, controller, changes, connect };
}

describe('PresenceRealtime', () => {
  afterEach(() => {
    Reflect.deleteProperty(document, 'visibilityState');
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  describe('other users', () => {
    it('asks for tracked users in one get_presence and fills their signals from the ack', async () => {
      const { presence, controller, connect } = setup();
      connect();
      const ann = presence.presence('ann');
      const bob = presence.presence('bob');
      presence.track(['ann', 'cy']);
      expect(ann()).toEqual({ userId: 'ann', status: 'unknown', lastSeen: null });
      await settle();

      controller.expectSubscribe('presence');
      const request = controller.expectSent('get_presence');
      expect(idsOf(request)).toEqual(['ann', 'bob', 'cy']);
      controller.ack(request, {
        presence: [
          { user_id: 'ann', status: 'online', last_seen: '2024-03-01T12:00:00Z' },
          { user_id: 'bob', status: 'offline' },
          { user_id: 'cy', status: 'busy', last_seen: '2024-03-01T11:00:00Z' },
        ],
      });

      expect(ann()).toEqual({
        userId: 'ann',
        status: 'online',
        lastSeen: new Date('2024-03-01T12:00:00Z'),
      });
      expect(bob()).toEqual({ userId: 'bob', status: 'offline', lastSeen: null });
      expect(presence.presence('cy')().status).toBe('busy');
      expect(presence.presence('ann')).toBe(ann);
      await settle();
      controller.expectNone('get_presence');
      controller.verify();
    });

    it('follows presence events of tracked users and ignores everyone else', async () => {
      const { presence, controller, changes, connect } = setup();
      connect();
      const ann = presence.presence('ann');
      await settle();
      controller.expectSubscribe('presence');
      controller.ack(controller.expectSent('get_presence'), {
        presence: [{ user_id: 'ann', status: 'online' }],
      });

      controller.emit('presence', 'presence', {
        user_id: 'ann',
        status: 'away',
        last_seen: '2024-03-01T12:05:00Z',
      });
      controller.emit('presence', 'presence', { user_id: 'stranger', status: 'online' });
      expect(ann()).toEqual({
        userId: 'ann',
        status: 'away',
        lastSeen: new Date('2024-03-01T12:05:00Z'),
      });
      // The same presence again changes nothing.
      controller.emit('presence', 'presence', {
        user_id: 'ann',
        status: 'away',
        last_seen: '2024-03-01T12:05:00Z',
      });
      controller.emit('presence', 'presence', { user_id: 'ann', status: 'offline' });
      expect(changes.map((change) => `${change.userId}:${change.status}`)).toEqual([
        'ann:online',
        'ann:away',
        'ann:offline',
      ]);
      expect(presence.presence('stranger')().status).toBe('unknown');
      await settle();
      controller.ack(controller.expectSent('get_presence'), { presence: [] });
      controller.verify();
    });

    it('waits for the connection before asking, in batches of seedBatchSize', async () => {
      const { presence, controller, connect } = setup({ seedBatchSize: 2 });
      presence.track(['a', 'b', 'c']);
      await settle();
      controller.expectNone('get_presence');
      connect();
      const requests = controller.match('get_presence');
      expect(requests.map(idsOf)).toEqual([['a', 'b'], ['c']]);
      for (const request of requests) controller.ack(request, { presence: [] });
      controller.verify();
    });

    it('joins presence:{userId} per tracked user with channels: per-user, and leaves on untrack', async () => {
      const { presence, controller, connect } = setup({ channels: 'per-user' });
      connect();
      const ann = presence.presence('ann');
      presence.presence('bob');
      await settle();
      controller.expectSubscribe('presence:ann');
      controller.expectSubscribe('presence:bob');
      controller.ack(controller.expectSent('get_presence'), { presence: [] });

      controller.emit('presence:ann', 'presence', { user_id: 'ann', status: 'busy' });
      expect(ann().status).toBe('busy');

      presence.untrack(['ann', 'nobody']);
      await settle();
      controller.expectUnsubscribe('presence:ann');
      presence.untrack(['nobody']);
      await settle();
      expect(() => controller.expectUnsubscribe('presence:bob')).toThrow();
      controller.verify();
    });

    it('leaves the global channel when nobody is tracked any more', async () => {
      const { presence, controller, connect } = setup();
      connect();
      presence.presence('ann');
      await settle();
      controller.expectSubscribe('presence');
      controller.ack(controller.expectSent('get_presence'), { presence: [] });
      presence.untrack(['ann']);
      await settle();
      controller.expectUnsubscribe('presence');
    });

    it('tracks at most maxTrackedUsers, forgetting the least recently tracked', async () => {
      const { presence, controller, connect } = setup({
        maxTrackedUsers: 2,
        channels: 'per-user',
      });
      connect();
      const ann = presence.presence('ann');
      presence.presence('bob');
      presence.presence('ann'); // ann is used again: bob is now the oldest
      presence.presence('cy');
      await settle();
      // bob was forgotten before anything was sent for him.
      controller.expectSubscribe('presence:ann');
      controller.expectSubscribe('presence:cy');
      expect(() => controller.expectSubscribe('presence:bob')).toThrow();
      const first = controller.expectSent('get_presence');
      expect(idsOf(first)).toEqual(['ann', 'cy']);
      controller.ack(first, { presence: [] });

      presence.presence('dan'); // forgets ann
      await settle();
      controller.expectUnsubscribe('presence:ann');
      controller.expectSubscribe('presence:dan');
      const second = controller.expectSent('get_presence');
      expect(idsOf(second)).toEqual(['dan']);
      controller.ack(second, {
        presence: [
          { user_id: 'dan', status: 'online' },
          { user_id: 'ann', status: 'online' },
        ],
      });
      // ann was forgotten: her signal keeps its last value.
      expect(ann().status).toBe('unknown');
      expect(presence.presence('dan')().status).toBe('online');
      controller.verify();
    });

    it('asks again after every reconnect and after a catch-up that left a gap', async () => {
      jest.useFakeTimers();
      const { presence, realtime, controller, connect } = setup();
      const recoveries: RecoveryEvent[] = [];
      realtime.recovery$.subscribe((event) => recoveries.push(event));
      connect();
      const ann = presence.presence('ann');
      await settle();
      controller.expectSubscribe('presence');
      controller.ack(controller.expectSent('get_presence'), {
        presence: [{ user_id: 'ann', status: 'online' }],
      });
      controller.emit('presence', 'presence', { user_id: 'ann', status: 'away' }, { seq: 1 });

      controller.disconnect();
      jest.advanceTimersByTime(1_000);
      expect(controller.isConnected).toBe(true);
      controller.expectSubscribe('presence');
      const catchUp = controller.expectSent('get_missed_messages');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('online');
      controller.ack(controller.expectSent('get_presence'), {
        presence: [{ user_id: 'ann', status: 'busy' }],
      });
      expect(ann().status).toBe('busy');

      // The server could not replay what was missed: presence is asked for once more.
      controller.ack(catchUp, { messages: [], complete: false });
      expect(recoveries.map((event) => event.recovered)).toEqual([false]);
      const again = controller.expectSent('get_presence');
      expect(idsOf(again)).toEqual(['ann']);
      controller.ack(again, { presence: [{ user_id: 'ann', status: 'offline' }] });
      expect(ann().status).toBe('offline');
      controller.verify();
    });

    it('refresh() asks again for every tracked user, and only while connected', async () => {
      const { presence, realtime, controller, connect } = setup();
      presence.presence('ann');
      presence.refresh();
      connect();
      controller.ack(controller.expectSent('get_presence'), { presence: [] });
      presence.refresh();
      expect(idsOf(controller.expectSent('get_presence'))).toEqual(['ann']);
      realtime.disconnect();
      presence.refresh();
      await settle();
      controller.expectNone('get_presence');
    });

    it('keeps what it had when get_presence fails or answers garbage, and never throws', async () => {
      const { presence, controller, connect } = setup();
      connect();
      const ann = presence.presence('ann');
      await settle();
      controller.fail(controller.expectSent('get_presence'), 'UNKNOWN_TYPE');
      expect(ann().status).toBe('unknown');

      presence.refresh();
      controller.ack(controller.expectSent('get_presence'), {
        presence: [
          null,
          'ann',
          { user_id: 'ann', status: 'sleeping' },
          { user_id: '', status: 'online' },
          { user_id: 42, status: 'online' },
          { user_id: 'ann', status: 'online', last_seen: 'not a date' },
        ],
      });
      expect(ann()).toEqual({ userId: 'ann', status: 'online', lastSeen: null });
      presence.refresh();
      controller.ack(controller.expectSent('get_presence'), { presence: 'everyone' });
      presence.refresh();
      controller.ack(controller.expectSent('get_presence'));
      expect(ann().status).toBe('online');

      expect(presence.presence('')().status).toBe('unknown');
      expect(presence.presence(7 as unknown as string)().status).toBe('unknown');
      presence.track('ann' as unknown as string[]);
      presence.untrack(null as unknown as string[]);
      expect(ann().status).toBe('online');
      controller.verify();
    });

    it("holds the user's own presence (the server's view over all devices) without echoing it", async () => {
      const { presence, controller, connect } = setup();
      connect();
      const me = presence.presence('me');
      await settle();
      controller.expectSubscribe('presence');
      controller.ack(controller.expectSent('get_presence'), {
        presence: [{ user_id: 'me', status: 'online' }],
      });
      // Another device of mine went busy.
      controller.emit('presence', 'presence', { user_id: 'me', status: 'busy' });
      expect(me().status).toBe('busy');
      expect(presence.status()).toBe('online');
      controller.expectNone('set_presence');
      controller.verify();
    });
  });

  describe('own status', () => {
    it('goes away after the tab stayed hidden awayAfterHiddenMs, online again when visible', () => {
      jest.useFakeTimers();
      const { presence, controller, connect } = setup({ awayAfterHiddenMs: 60_000 });
      connect();
      setVisibility('hidden');
      jest.advanceTimersByTime(59_999);
      controller.expectNone('set_presence');
      expect(presence.status()).toBe('online');
      jest.advanceTimersByTime(1);
      expect(statusOf(controller.expectSent('set_presence'))).toBe('away');
      expect(presence.status()).toBe('away');

      setVisibility('visible');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('online');
      expect(presence.status()).toBe('online');
      controller.verify();
    });

    it('does not go away when the tab comes back before the delay', () => {
      jest.useFakeTimers();
      const { controller, connect } = setup({ awayAfterHiddenMs: 60_000 });
      connect();
      setVisibility('hidden');
      jest.advanceTimersByTime(30_000);
      setVisibility('visible');
      jest.advanceTimersByTime(60_000);
      controller.expectNone('set_presence');
    });

    it('never goes away by itself with awayAfterHiddenMs: null', () => {
      jest.useFakeTimers();
      const { presence, controller, connect } = setup({ awayAfterHiddenMs: null });
      connect();
      setVisibility('hidden');
      jest.advanceTimersByTime(24 * 60 * 60_000);
      controller.expectNone('set_presence');
      expect(presence.status()).toBe('online');
    });

    it('states the away status again on a reconnect while away', () => {
      jest.useFakeTimers();
      const { controller, connect } = setup({ awayAfterHiddenMs: 1_000 });
      connect();
      setVisibility('hidden');
      jest.advanceTimersByTime(1_000);
      expect(statusOf(controller.expectSent('set_presence'))).toBe('away');
      controller.disconnect();
      jest.advanceTimersByTime(1_000);
      expect(controller.isConnected).toBe(true);
      expect(statusOf(controller.expectSent('set_presence'))).toBe('away');
      controller.verify();
    });

    it('setStatus: busy and away stay through a hidden tab; online returns to automatic', () => {
      jest.useFakeTimers();
      const { presence, controller, connect } = setup({ awayAfterHiddenMs: 1_000 });
      connect();
      presence.setStatus('busy');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('busy');
      presence.setStatus('busy');
      controller.expectNone('set_presence');

      setVisibility('hidden');
      jest.advanceTimersByTime(5_000);
      controller.expectNone('set_presence');
      expect(presence.status()).toBe('busy');

      // Back to automatic while the tab is still hidden past the delay: away.
      presence.setStatus('online');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('away');
      setVisibility('visible');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('online');
      presence.setStatus('away');
      expect(statusOf(controller.expectSent('set_presence'))).toBe('away');
      presence.setStatus('offline' as 'online');
      expect(presence.status()).toBe('away');
      controller.verify();
    });

    it('remembers a status chosen while offline and sends it on connect', () => {
      const { presence, controller, connect } = setup();
      presence.setStatus('busy');
      controller.expectNone('set_presence');
      connect('busy');
      controller.verify();
    });

    it('hide my status: sends nothing while on, the current status when turned off', () => {
      jest.useFakeTimers();
      const { presence, realtime, controller } = setup({
        hideStatus: true,
        awayAfterHiddenMs: 1_000,
      });
      expect(presence.statusHidden()).toBe(true);
      realtime.connect();
      expect(controller.isConnected).toBe(true);
      presence.setStatus('busy');
      setVisibility('hidden');
      jest.advanceTimersByTime(5_000);
      controller.expectNone('set_presence');
      expect(presence.status()).toBe('busy');

      presence.setStatusHidden(false);
      expect(presence.statusHidden()).toBe(false);
      expect(statusOf(controller.expectSent('set_presence'))).toBe('busy');
      presence.setStatusHidden(true);
      presence.setStatus('online');
      controller.expectNone('set_presence');
      controller.verify();
    });
  });

  it('is inert on the server: nothing sent, joined or timed, every presence unknown', async () => {
    jest.useFakeTimers();
    const { presence, controller } = setup({ awayAfterHiddenMs: 1_000 }, 'server');
    const ann = presence.presence('ann');
    presence.track(['bob']);
    presence.setStatus('busy');
    presence.setStatusHidden(false);
    presence.refresh();
    await settle();
    expect(ann().status).toBe('unknown');
    expect(presence.status()).toBe('busy');
    expect(controller.received).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops its away timer and its requests when the injector is destroyed', async () => {
    jest.useFakeTimers();
    const { presence, controller, connect } = setup({ awayAfterHiddenMs: 1_000 });
    connect();
    presence.presence('ann');
    await settle();
    controller.expectSent('get_presence');
    setVisibility('hidden');
    TestBed.resetTestingModule();
    jest.advanceTimersByTime(5_000);
    expect(presence.status()).toBe('online');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refuses options that could never work', () => {
    expect(() => withPresence({ maxTrackedUsers: 0 })).toThrow(/maxTrackedUsers/);
    expect(() => withPresence({ seedBatchSize: 501 })).toThrow(/seedBatchSize/);
    expect(() => withPresence({ awayAfterHiddenMs: -1 })).toThrow(/awayAfterHiddenMs/);
    expect(() => withPresence({ seedTimeoutMs: 0 })).toThrow(/seedTimeoutMs/);
    expect(() => withPresence({ channels: 'all' as 'global' })).toThrow(/channels/);
    expect(withPresence({ awayAfterHiddenMs: undefined }).settings).toMatchObject({
      awayAfterHiddenMs: 120_000,
      channels: 'global',
      maxTrackedUsers: 1_000,
    });
  });
});
