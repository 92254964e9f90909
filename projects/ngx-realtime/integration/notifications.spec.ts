/*
 * NotificationRealtime against the real reference server over loopback: notifications the
 * server pushes, with its unread count; read marks acknowledged by the server and seen by
 * the user's other devices; a notification missed while offline arriving through the
 * catch-up, announced once. Real timers; every wait polls a condition.
 */
import { TestBed } from '@angular/core/testing';
import {
  NOTIFICATION_TOAST,
  NotificationRealtime,
  withNotifications,
  type NotificationToast,
} from 'ngx-realtime';
import { firstValueFrom } from 'rxjs';
import {
  pushNotification,
  type NotificationInput,
} from '../../reference-server/src/features/notifications';
import {
  killConnections,
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  useNodeTimers,
  waitFor,
  type ReferenceServer,
} from './support/reference-server';

describe('integration: NotificationRealtime against the reference server', () => {
  let server: ReferenceServer;
  let tab: RealtimeHarness;
  let notifications: NotificationRealtime;
  let toasts: NotificationToast[];
  const others: RealtimeHarness[] = [];
  useNodeTimers();

  /** Pushes a notification the way the server's simulator and control API do. */
  function push(userId: string, input: NotificationInput) {
    return pushNotification(
      { hub: server.hub, config: server.config, faults: server.faults, setTimer: setTimeout },
      userId,
      input,
    );
  }

  /** Another device of alice's, connected and on the notifications channel. */
  async function secondDevice(): Promise<NotificationRealtime> {
    const device = RealtimeHarness.forUser(server, {
      userId: 'alice',
      polling: false,
      features: [withNotifications()],
    });
    others.push(device);
    device.service.connect();
    await device.reach('connected');
    return device.get(NotificationRealtime);
  }

  beforeEach(async () => {
    server = await startReferenceServer();
    toasts = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: NOTIFICATION_TOAST, useValue: (toast: NotificationToast) => toasts.push(toast) },
      ],
    });
    tab = RealtimeHarness.inTestBed(server, {
      userId: 'alice',
      polling: false,
      features: [withNotifications()],
    });
    notifications = tab.get(NotificationRealtime);
    tab.service.connect();
    await tab.reach('connected');
    await tab.joined('notifications');
  });

  afterEach(async () => {
    for (const other of others.splice(0)) other.destroy();
    tab.destroy();
    await stopReferenceServer(server);
  });

  it('shows what the server pushes, newest first, with the server count, and toasts once each', async () => {
    push('alice', { id: 'n1', type: 'like', actor_name: 'Bob', message: 'Bob liked your post' });
    push('alice', { id: 'n2', type: 'follow', message: 'Carol followed you' });
    push('bob', { id: 'n-bob', type: 'like' });
    await waitFor(() => notifications.notifications().length === 2, 'two notifications');

    expect(notifications.notifications().map((n) => [n.id, n.type, n.read])).toEqual([
      ['n2', 'follow', false],
      ['n1', 'like', false],
    ]);
    expect(notifications.unreadCount()).toBe(2);
    expect(toasts.map((toast) => [toast.title, toast.message])).toEqual([
      ['New like', 'Bob liked your post'],
      ['New follower', 'Carol followed you'],
    ]);
  });

  it("marks one read with the server's ack, and the user's other device sees the count drop", async () => {
    const device = await secondDevice();
    push('alice', { id: 'n1', type: 'like' });
    push('alice', { id: 'n2', type: 'comment' });
    await waitFor(
      () => notifications.unreadCount() === 2 && device.unreadCount() === 2,
      'both devices at 2',
    );

    const count = await firstValueFrom(notifications.markAsRead('n1'));

    expect(count).toBe(1);
    expect(notifications.notifications().find((n) => n.id === 'n1')?.read).toBe(true);
    await waitFor(() => device.unreadCount() === 1, 'the other device at 1');
    expect(device.notifications().find((n) => n.id === 'n1')?.read).toBe(true);
    expect(device.notifications().find((n) => n.id === 'n2')?.read).toBe(false);
  });

  it('marks everything read on every device', async () => {
    const device = await secondDevice();
    push('alice', { id: 'n1', type: 'like' });
    push('alice', { id: 'n2', type: 'reply' });
    await waitFor(() => device.unreadCount() === 2, 'the other device at 2');

    await expect(firstValueFrom(notifications.markAllAsRead())).resolves.toBe(0);

    await waitFor(() => device.unreadCount() === 0, 'the other device at 0');
    expect(device.notifications().every((n) => n.read)).toBe(true);
    expect(notifications.unreadCount()).toBe(0);
  });

  it('receives a notification missed while offline through the catch-up, announced once', async () => {
    push('alice', { id: 'n1', type: 'like' });
    await waitFor(() => notifications.unreadCount() === 1, 'the first notification');

    expect(killConnections(server)).toBe(1);
    // Pushed in the same tick as the kill: it can only arrive through the catch-up.
    push('alice', { id: 'n2', type: 'mention' });
    await waitFor(() => tab.statuses.includes('reconnecting'), 'reconnecting');
    await tab.reach('connected');
    await waitFor(() => notifications.notifications().length === 2, 'the missed notification');

    expect(notifications.unreadCount()).toBe(2);
    expect(tab.recoveries).toEqual(['complete']);
    expect(toasts.map((toast) => toast.notification.id)).toEqual(['n1', 'n2']);
  });
});
