import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NotificationRealtime, RtNotificationBadge } from 'ngx-realtime';

/** The header's bell: the unread badge and, when open, the list with "mark as read". */
@Component({
  selector: 'demo-notifications-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RtNotificationBadge],
  // Escape closes the list from anywhere inside it.
  host: { '(keydown.escape)': 'open.set(false)' },
  template: `
    <div class="menu">
      <button
        type="button"
        class="bell"
        data-testid="notifications-button"
        aria-controls="notification-list"
        [attr.aria-expanded]="open()"
        (click)="open.set(!open())"
      >
        <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        <span class="visually-hidden">Notifications</span>
        <!-- Its accessible name ("2 unread notifications") completes the button's. -->
        <rt-notification-badge
          class="bell-badge"
          data-testid="notification-badge"
          [count]="unread()"
        />
      </button>
      @if (open()) {
        <section id="notification-list" class="card popover" aria-label="Notifications">
          <header class="row">
            <h2>Notifications</h2>
            <button type="button" [disabled]="unread() === 0" (click)="markAllRead()">
              Mark all as read
            </button>
          </header>
          <ul class="plain" data-testid="notification-items">
            @for (item of items(); track item.id) {
              <li class="notification" [class.unread]="!item.read">
                <span class="text">{{ item.message ?? item.type }}</span>
                @if (item.created_at) {
                  <time class="muted" [attr.datetime]="item.created_at">{{
                    item.created_at | date: 'HH:mm:ss'
                  }}</time>
                }
                @if (!item.read) {
                  <button type="button" class="link" (click)="markRead(item.id)">
                    Mark as read
                  </button>
                }
              </li>
            } @empty {
              <li class="muted">No notifications yet.</li>
            }
          </ul>
          @if (problem()) {
            <p role="alert">{{ problem() }}</p>
          }
        </section>
      }
    </div>
  `,
})
export class NotificationsMenu {
  private readonly notifications = inject(NotificationRealtime);
  protected readonly unread = this.notifications.unreadCount;
  protected readonly items = this.notifications.notifications;
  protected readonly open = signal(false);
  protected readonly problem = signal<string | null>(null);

  protected markRead(id: string): void {
    this.problem.set(null);
    // Shown as read at once; the library puts it back if the server refuses.
    this.notifications
      .markAsRead(id)
      .subscribe({ error: () => this.problem.set('Could not mark it as read. Try again.') });
  }

  protected markAllRead(): void {
    this.problem.set(null);
    this.notifications
      .markAllAsRead()
      .subscribe({ error: () => this.problem.set('Could not mark them as read. Try again.') });
  }
}
