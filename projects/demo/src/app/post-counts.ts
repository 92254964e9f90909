import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FeedRealtime } from 'ngx-realtime';

/** A post's live counts and its like button. */
@Component({
  selector: 'demo-post-counts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="counts" data-testid="post-counts" [class.stale]="counts().stale">
      <span data-testid="likes">{{ counts().likes }} likes</span> ·
      <span>{{ counts().comments }} comments</span> ·
      <span>{{ counts().shares }} shares</span>
      <button type="button" class="link" [disabled]="liking()" (click)="like()">Like</button>
    </p>
  `,
})
export class PostCounts {
  private readonly feed = inject(FeedRealtime);
  readonly postId = input.required<string>();
  protected readonly liking = signal(false);

  /** Live counts once the feed knows them (new posts start at zero). */
  protected readonly counts = computed(
    () => this.feed.counts(this.postId())() ?? { likes: 0, comments: 0, shares: 0, stale: false },
  );

  protected like(): void {
    this.liking.set(true);
    this.feed.like(this.postId()).subscribe({
      complete: () => this.liking.set(false),
      error: () => this.liking.set(false),
    });
  }
}
