import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RtNewPostsBanner, RtNotificationBadge, RtTypingIndicator } from 'ngx-realtime';
import { filter, map, scan, startWith } from 'rxjs';
import { NaiveRealtime } from './naive-realtime';

/**
 * The baseline app: the same presentational components, fed the way a hand-written service
 * is usually consumed, one update per message: the badge and the typing line through fields
 * and `markForCheck()`, the banner through the `async` pipe.
 */
@Component({
  selector: 'bench-naive-app',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe, RtNotificationBadge, RtNewPostsBanner, RtTypingIndicator],
  template: `
    <header>
      Notifications
      <rt-notification-badge [count]="unread" [max]="max" />
    </header>
    <rt-new-posts-banner [count]="(newPosts$ | async) ?? 0" />
    <rt-typing-indicator [users]="typing" />
  `,
})
export class NaiveApp {
  private readonly realtime = inject(NaiveRealtime);
  private readonly changes = inject(ChangeDetectorRef);
  protected readonly max = 1_000_000_000;
  protected unread = 0;
  protected typing: readonly string[] = [];
  protected readonly newPosts$ = this.realtime.on('feed_update').pipe(
    filter((message) => message.payload['type'] === 'new_post'),
    scan((count) => count + 1, 0),
    startWith(0),
  );

  constructor() {
    this.realtime
      .on('notification')
      .pipe(takeUntilDestroyed())
      .subscribe((message) => {
        this.unread = Number(message.payload['unread_count']);
        this.changes.markForCheck();
      });
    this.realtime
      .on('typing_start')
      .pipe(
        map((message) => String(message.payload['username'])),
        takeUntilDestroyed(),
      )
      .subscribe((name) => {
        if (!this.typing.includes(name)) this.typing = [...this.typing, name];
        this.changes.markForCheck();
      });
    this.realtime
      .on('typing_stop')
      .pipe(
        map((message) => String(message.payload['username'])),
        takeUntilDestroyed(),
      )
      .subscribe((name) => {
        this.typing = this.typing.filter((typist) => typist !== name);
        this.changes.markForCheck();
      });
  }
}
