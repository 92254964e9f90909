/**
 * The header-badge example of docs/notifications.md, kept runnable: if this file breaks,
 * the guide is wrong.
 */
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  NotificationRealtime,
  provideRealtime,
  WebSocketService,
  withNotifications,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Component({
  selector: 'rt-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" class="bell" [attr.aria-label]="label()" (click)="open.set(!open())">
      <span aria-hidden="true">🔔</span>
      @if (unread() > 0) {
        <span class="badge">{{ unread() > 99 ? '99+' : unread() }}</span>
      }
    </button>
    @if (open()) {
      <ul class="panel">
        @for (item of items(); track item.id) {
          <li [class.unread]="!item.read">
            {{ item.message ?? item.type }}
            @if (!item.read) {
              <button type="button" (click)="markRead(item.id)">Mark read</button>
            }
          </li>
        } @empty {
          <li>No notifications yet</li>
        }
      </ul>
      <button type="button" class="all" [disabled]="unread() === 0" (click)="markAllRead()">
        Mark all read
      </button>
      @if (problem()) {
        <p role="alert">{{ problem() }}</p>
      }
    }
  `,
})
class NotificationBellComponent {
  private readonly notifications = inject(NotificationRealtime);
  readonly unread = this.notifications.unreadCount;
  readonly items = this.notifications.notifications;
  readonly open = signal(false);
  readonly problem = signal<string | null>(null);
  readonly label = computed(() => `Notifications, ${this.unread()} unread`);

  markRead(id: string): void {
    this.problem.set(null);
    // Shown as read at once; put back (and reported here) if the server refuses.
    this.notifications
      .markAsRead(id)
      .subscribe({ error: () => this.problem.set('Could not mark it as read. Try again.') });
  }

  markAllRead(): void {
    this.problem.set(null);
    this.notifications
      .markAllAsRead()
      .subscribe({ error: () => this.problem.set('Could not mark them as read. Try again.') });
  }
}

describe('docs/notifications.md example: the header badge', () => {
  it('counts, lists, and marks read with a rollback message on refusal', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime(
          { url: 'ws://test/ws', token: () => 't', reportToErrorHandler: false },
          withNotifications(),
        ),
        provideRealtimeTesting(),
      ],
    });
    const controller = TestBed.inject(RealtimeTestingController);
    TestBed.inject(WebSocketService).connect();
    const fixture = TestBed.createComponent(NotificationBellComponent);
    const element: HTMLElement = fixture.nativeElement;
    const badge = () => element.querySelector('.badge')?.textContent?.trim() ?? null;
    await fixture.whenStable();
    expect(badge()).toBeNull();

    controller.emit('notifications', 'notification', {
      id: 'n1',
      type: 'like',
      message: 'Bob liked your post',
      unread_count: 1,
    });
    controller.emit('notifications', 'notification', { id: 'n2', type: 'follow', unread_count: 2 });
    await fixture.whenStable();
    expect(badge()).toBe('2');

    element.querySelector<HTMLButtonElement>('.bell')?.click();
    await fixture.whenStable();
    expect([...element.querySelectorAll('li')].map((li) => li.textContent?.trim())).toEqual([
      'follow Mark read',
      'Bob liked your post Mark read',
    ]);

    element.querySelector<HTMLButtonElement>('li button')?.click();
    await fixture.whenStable();
    expect(badge()).toBe('1');
    controller.fail(controller.expectSent('notification_read'), 'INTERNAL_ERROR');
    await fixture.whenStable();
    expect(badge()).toBe('2');
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Could not mark it');

    element.querySelector<HTMLButtonElement>('.all')?.click();
    controller.ack(controller.expectSent('notification_read_all'), { unread_count: 0 });
    await fixture.whenStable();
    expect(badge()).toBeNull();
    controller.verify();
  });
});
