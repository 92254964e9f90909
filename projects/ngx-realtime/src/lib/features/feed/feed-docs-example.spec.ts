/**
 * The examples of docs/feed.md, kept runnable (selectors use the `rt` prefix of this
 * workspace instead of `app`): if this file breaks, the guide is wrong.
 */
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  Injectable,
  input,
  output,
  signal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FeedRealtime, provideRealtime, WebSocketService, withFeed } from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';
import { of, type Observable } from 'rxjs';

interface Post {
  readonly id: string;
  readonly text: string;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
}

/** The app's REST client (a stand-in here). */
@Injectable({ providedIn: 'root' })
class PostsApi {
  latest(): Observable<Post[]> {
    return of([{ id: 'p1', text: 'Hello', likes: 3, comments: 1, shares: 0 }]);
  }
}

// --- docs/feed.md: the "N new posts" banner ---
@Component({
  selector: 'rt-new-posts-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (feed.hasNewPosts() || feed.stale()) {
      <button type="button" class="new-posts" (click)="show()">{{ label() }}</button>
    }
  `,
})
class NewPostsBanner {
  protected readonly feed = inject(FeedRealtime);
  /** The user asked for the new posts: reload the top of the feed. */
  readonly showNew = output();
  protected readonly label = computed(() => {
    const count = this.feed.newPostsCount();
    if (count === 0) return 'Show new posts'; // stale: posts may have been missed
    return count === 1 ? '1 new post' : `${count} new posts`;
  });

  protected show(): void {
    this.feed.loadNewPosts(); // resets the count; the newest buffered posts, if you want them
    this.showNew.emit();
  }
}

// --- docs/feed.md: live counts of one post ---
@Component({
  selector: 'rt-post-counts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span [class.stale]="counts().stale">
      {{ counts().likes }} likes · {{ counts().comments }} comments · {{ counts().shares }} shares
    </span>
    <button type="button" (click)="like()">Like</button>
  `,
})
class PostCountsBar {
  private readonly feed = inject(FeedRealtime);
  readonly post = input.required<Post>();
  /** Live counts once the feed knows them, else what the REST API said. */
  protected readonly counts = computed(() => {
    const post = this.post();
    return this.feed.counts(post.id)() ?? { ...post, stale: false };
  });

  protected like(): void {
    this.feed.like(this.post().id).subscribe({ error: () => undefined });
  }
}

// --- docs/feed.md: the page ---
@Component({
  selector: 'rt-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NewPostsBanner, PostCountsBar],
  template: `
    <rt-new-posts-banner (showNew)="load()" />
    @for (post of posts(); track post.id) {
      <article>
        <p>{{ post.text }}</p>
        <rt-post-counts [post]="post" />
      </article>
    }
  `,
})
class FeedPage {
  private readonly api = inject(PostsApi);
  private readonly feed = inject(FeedRealtime);
  protected readonly posts = signal<Post[]>([]);

  constructor() {
    inject(WebSocketService).connect();
    this.load();
  }

  protected load(): void {
    this.api.latest().subscribe((posts) => {
      for (const post of posts) this.feed.seedCounts(post.id, post);
      this.posts.set(posts);
    });
  }
}

describe('docs/feed.md examples', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws', token: () => 't', userId: 'me' }, withFeed()),
        provideRealtimeTesting(),
      ],
    });
  });

  it('shows the banner for posts by others and live counts', () => {
    const controller = TestBed.inject(RealtimeTestingController);
    const fixture = TestBed.createComponent(FeedPage);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement;
    controller.expectSubscribe('feed:updates');
    expect(element.querySelector('.new-posts')).toBeNull();
    expect(element.querySelector('span')?.textContent).toContain('3 likes · 1 comments');

    controller.emit('feed:updates', 'feed_update', {
      type: 'new_post',
      post_id: 'p2',
      user_id: 'al',
    });
    controller.emit('feed:updates', 'feed_update', {
      type: 'new_post',
      post_id: 'p3',
      user_id: 'me',
    });
    controller.emit('feed:updates', 'count_update', {
      post_id: 'p1',
      likes: 4,
      comments: 1,
      shares: 0,
    });
    fixture.detectChanges();
    expect(element.querySelector('.new-posts')?.textContent).toBe('1 new post');
    expect(element.querySelector('span')?.textContent).toContain('4 likes');

    element.querySelector<HTMLButtonElement>('.new-posts')?.click();
    fixture.detectChanges();
    expect(element.querySelector('.new-posts')).toBeNull();

    element.querySelector<HTMLButtonElement>('rt-post-counts button')?.click();
    controller.ack(controller.expectSent('like_post'), { likes: 5, comments: 1, shares: 0 });
    fixture.detectChanges();
    expect(element.querySelector('span')?.textContent).toContain('5 likes');
    controller.verify();
  });
});
