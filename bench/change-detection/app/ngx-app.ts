import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import {
  FeedRealtime,
  MessagesRealtime,
  NotificationRealtime,
  RtNewPostsBanner,
  RtNotificationBadge,
  RtTypingIndicator,
} from 'ngx-realtime';

/** The conversation whose typing indicator is shown (the sender's `conversation:c1`). */
const CONVERSATION = 'c1';

/**
 * The app as the docs show it: the library's services read through signals straight into
 * the library's presentational components. No subscription, no `markForCheck` here.
 */
@Component({
  selector: 'bench-ngx-app',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RtNotificationBadge, RtNewPostsBanner, RtTypingIndicator],
  template: `
    @if (parts.has('badge')) {
      <header>
        Notifications
        <rt-notification-badge [count]="notifications.unreadCount()" [max]="max" />
      </header>
    }
    @if (parts.has('banner')) {
      <rt-new-posts-banner [count]="feed.newPostsCount()" (load)="feed.loadNewPosts()" />
    }
    @if (parts.has('typing')) {
      <rt-typing-indicator [users]="typing()" />
    }
  `,
})
export class NgxApp {
  protected readonly notifications = inject(NotificationRealtime);
  protected readonly feed = inject(FeedRealtime);
  private readonly messages = inject(MessagesRealtime);
  protected readonly typing = this.messages.typingUsers(CONVERSATION);
  /**
   * What the page shows (`?parts=badge,banner,typing`, the default): showing one part at a
   * time tells which feature's signals schedule the ticks.
   */
  protected readonly parts = new Set(
    (new URLSearchParams(location.search).get('parts') ?? 'badge,banner,typing').split(','),
  );
  /** Shows the real count (not "99+"), so the page can check it. */
  protected readonly max = 1_000_000_000;

  constructor() {
    this.messages.openConversation(CONVERSATION);
    inject(DestroyRef).onDestroy(() => this.messages.closeConversation(CONVERSATION));
  }
}
