import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FeedRealtime, RtNewPostsBanner, type FeedUpdate } from 'ngx-realtime';
import { ControlApi } from './control-api';
import { DEMO_SETTINGS } from './demo-settings';
import { PostCounts } from './post-counts';

/** A post as the demo lists it. */
export interface DemoPost {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  readonly createdAt: string;
}

/** What a demo post embeds in its `new_post` update (the feed's optional `post` field). */
interface EmbeddedPost {
  readonly text?: unknown;
}

/** Posts the feed starts with (a real app loads them over REST). */
const WELCOME: readonly DemoPost[] = [
  {
    id: 'welcome-1',
    author: 'ngx-realtime',
    text: 'Welcome! Like this post from two windows and watch the counts move in both.',
    createdAt: new Date().toISOString(),
  },
];

/**
 * The feed: the "N new posts" banner, posts with live like / comment / share counts, and a
 * composer. The reference server stores no posts, so the composer publishes the `new_post`
 * update through the test-control API, standing in for the app's own backend.
 */
@Component({
  selector: 'demo-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, PostCounts, RtNewPostsBanner],
  template: `
    <section class="card feed" aria-labelledby="feed-title">
      <h2 id="feed-title">Feed</h2>
      <form class="composer" (submit)="post($event)">
        <label class="visually-hidden" for="post-input">New post</label>
        <input
          id="post-input"
          data-testid="post-input"
          autocomplete="off"
          placeholder="Share something"
          [value]="draft()"
          (input)="onDraft($event)"
        />
        <button type="submit" [disabled]="draft().trim() === ''">Post</button>
      </form>
      @if (problem()) {
        <p role="alert">{{ problem() }}</p>
      }

      <rt-new-posts-banner
        data-testid="new-posts-banner"
        [count]="feed.newPostsCount()"
        (load)="showNew()"
      />

      <ol class="plain posts" aria-label="Posts" data-testid="posts">
        @for (post of posts(); track post.id) {
          <li class="post" [attr.data-post]="post.id">
            <p>
              <strong>{{ post.author }}</strong>
              <time class="muted" [attr.datetime]="post.createdAt">{{
                post.createdAt | date: 'HH:mm:ss'
              }}</time>
            </p>
            <p class="post-text" data-testid="post-text">{{ post.text }}</p>
            <demo-post-counts [postId]="post.id" />
          </li>
        }
      </ol>
    </section>
  `,
})
export class Feed {
  protected readonly feed = inject(FeedRealtime);
  private readonly control = inject(ControlApi);
  private readonly settings = inject(DEMO_SETTINGS);
  protected readonly posts = signal<readonly DemoPost[]>(WELCOME);
  protected readonly draft = signal('');
  protected readonly problem = signal<string | null>(null);

  constructor() {
    for (const post of WELCOME) this.feed.seedCounts(post.id, { likes: 0, comments: 0, shares: 0 });
  }

  protected onDraft(event: Event): void {
    this.draft.set((event.target as HTMLInputElement).value);
  }

  /** The banner was clicked: the buffered posts go on top. */
  protected showNew(): void {
    const fresh = this.feed.loadNewPosts<EmbeddedPost>().map((update) => toPost(update));
    const known = new Set(fresh.map((post) => post.id));
    this.posts.update((posts) => [...fresh, ...posts.filter((post) => !known.has(post.id))]);
  }

  protected async post(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.draft().trim();
    const user = this.settings.user;
    if (text === '' || user === null) return;
    const post: DemoPost = {
      id: `post-${crypto.randomUUID()}`,
      author: user,
      text,
      createdAt: new Date().toISOString(),
    };
    this.problem.set(null);
    try {
      await this.control.publish({
        channel: 'feed:updates',
        type: 'feed_update',
        except_user_id: user,
        payload: {
          type: 'new_post',
          post_id: post.id,
          user_id: user,
          username: user,
          action: 'created',
          created_at: post.createdAt,
          post: { text },
        },
      });
      this.draft.set('');
      this.posts.update((posts) => [post, ...posts]);
    } catch {
      this.problem.set('Could not post: is the reference server running with --control?');
    }
  }
}

function toPost(update: FeedUpdate<EmbeddedPost>): DemoPost {
  const text = update.post?.text;
  return {
    id: update.post_id,
    author: update.username ?? update.user_id ?? 'someone',
    text: typeof text === 'string' ? text : 'shared a new post',
    createdAt: update.created_at ?? new Date().toISOString(),
  };
}
