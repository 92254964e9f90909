import { createEnvironmentInjector, EnvironmentInjector, type Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { IDBFactory } from 'fake-indexeddb';
import {
  ConnectionStatus,
  indexedDbOutboxStorage,
  NotificationRealtime,
  provideRealtime,
  RealtimeBackend,
  WebSocketService,
  withNotifications,
  withPersistentOutbox,
  withTabSharing,
  type RealtimeError,
  type RealtimeFeature,
} from 'ngx-realtime';
import { ackOf, FakeSocketFactory, serverFrame } from '../../../spec-support/client-harness';
import { FakeLockManager, FakeTabBus } from '../../../spec-support/fake-tabs';

/** Runs pending messages and promise callbacks, and one animation frame (state is coalesced). */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await jest.advanceTimersByTimeAsync(0);
  await jest.advanceTimersByTimeAsync(20);
}

function notification(id: string, seq: number, unread: number): Record<string, unknown> {
  return serverFrame(
    'notification',
    {
      id,
      type: 'like',
      actor_id: 'u2',
      actor_name: 'Bob',
      message: 'Bob liked your post',
      created_at: new Date().toISOString(),
      read: false,
      unread_count: unread,
    },
    { id: `ev-${id}`, channel: 'notifications', seq },
  );
}

/** Flushes until `check` holds: IndexedDB (fake-indexeddb) answers over several tasks. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let n = 0; n < 50 && !(await check()); n++) await flush();
}

describe('withTabSharing', () => {
  let tabs: EnvironmentInjector[];
  let bus: FakeTabBus;
  let locks: FakeLockManager;
  let sockets: FakeSocketFactory;

  beforeEach(() => {
    jest.useFakeTimers();
    tabs = [];
    bus = new FakeTabBus();
    locks = new FakeLockManager();
    sockets = new FakeSocketFactory();
  });

  afterEach(() => {
    for (const tab of tabs) tab.destroy();
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  /** A tab of the app: its own injector (a page), sharing the bus, locks and sockets. */
  function openTab(...features: RealtimeFeature[]): Injector {
    const backend: RealtimeBackend = {
      openSocket: sockets.factory,
      fetch: () => Promise.reject(new Error('no HTTP in this test')),
      lifecycle: () => null,
    };
    const tab = createEnvironmentInjector(
      [
        provideRealtime(
          { url: 'ws://test/ws', token: () => 't', autoConnect: true, heartbeat: false },
          withNotifications(),
          withTabSharing({ channel: bus.factory, locks, page: null }),
          ...features,
        ),
        { provide: RealtimeBackend, useValue: backend },
      ],
      TestBed.inject(EnvironmentInjector),
    );
    tabs.push(tab);
    return tab;
  }

  it('shares one socket between tabs and keeps unread counts equal in every tab', async () => {
    const first = openTab();
    await flush();
    const second = openTab();
    const services = [first, second].map((tab) => tab.get(NotificationRealtime));
    await flush();
    expect(sockets.count).toBe(1);
    const socket = sockets.last;
    expect(socket.url).toContain('shared=1');
    socket.open();
    socket.receive(notification('n1', 1, 1));
    socket.receive(notification('n2', 2, 2));
    await flush();
    expect(services.map((service) => service.unreadCount())).toEqual([2, 2]);
    expect(second.get(WebSocketService).status()).toBe(ConnectionStatus.CONNECTED);

    services[1].markAsRead('n1').subscribe();
    await flush();
    const read = socket.only('notification_read');
    const payload = { notification_id: 'n1', read_at: new Date().toISOString(), unread_count: 1 };
    // The server answers the asking tab's ack, and (the socket being shared) echoes the event.
    socket.receive(ackOf(read, payload));
    socket.receive(serverFrame('notification_read', payload, { channel: 'notifications', seq: 3 }));
    await flush();
    expect(services.map((service) => service.unreadCount())).toEqual([1, 1]);

    // The leader tab closes: the other takes over and catches up from seq 3.
    tabs.shift()?.destroy();
    await flush();
    expect(sockets.count).toBe(2);
    const next = sockets.last;
    next.open();
    expect(next.only('get_missed_messages').payload).toEqual({ last_sequence: 3 });
  });

  it('with withPersistentOutbox(), the next leader sends what the closing leader still queued', async () => {
    // One origin: every tab's storage opens the same IndexedDB.
    const indexedDB = new IDBFactory();
    const persistent = () =>
      withPersistentOutbox({ storage: () => indexedDbOutboxStorage({ indexedDB }) });
    const stored = async () =>
      (await indexedDbOutboxStorage({ indexedDB }).load()).map((entry) => entry.message.id);
    const first = openTab(persistent());
    await flush();
    const second = openTab(persistent());
    await flush();
    // The leader's socket never opens: everything sent now waits in the leader's outbox.
    expect(sockets.count).toBe(1);
    const [leader, follower] = [first, second].map((tab) => tab.get(WebSocketService));
    leader.send({ type: 'note', payload: { n: 1 }, id: 'leader-1' });
    expect(follower.send({ type: 'note', payload: { n: 2 }, id: 'follower-1' }).queued).toBe(true);
    leader.send({ type: 'note', payload: { n: 3 }, id: 'leader-2' });
    const failures: RealtimeError[] = [];
    follower
      .sendWithAck({ type: 'note', payload: { n: 4 }, id: 'follower-ack' })
      .subscribe({ error: (error: RealtimeError) => failures.push(error) });
    await until(async () => (await stored()).length === 4);
    // The follower's sends reach the leader's outbox one channel message later.
    expect(await stored()).toEqual(['leader-1', 'leader-2', 'follower-1', 'follower-ack']);

    // The leader tab closes with its socket still down; the other tab takes over.
    tabs.shift()?.destroy();
    await until(() => sockets.count === 2);
    const next = sockets.last;
    next.open();
    await until(() => next.framesOf('note').length >= 3);
    await flush();
    // The plain sends go out once, in order; the acknowledged one failed in the tab that
    // asked (the closing leader withdrew it) and is not sent behind its back.
    expect(next.framesOf('note').map((frame) => frame.id)).toEqual([
      'leader-1',
      'leader-2',
      'follower-1',
    ]);
    expect(failures.map((error) => error.code)).toEqual(['disconnected']);
    await until(async () => (await stored()).length === 0);
    expect(await stored()).toEqual([]);
  });
});
