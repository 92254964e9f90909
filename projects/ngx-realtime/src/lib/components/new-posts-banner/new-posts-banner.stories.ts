import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import type { Meta, StoryObj } from '@storybook/angular-vite';
import { RtNewPostsBanner } from 'ngx-realtime';

/** A feed where posts arrive and the banner loads them, to see it slide in and go. */
@Component({
  selector: 'rt-story-new-posts-feed',
  imports: [RtNewPostsBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" (click)="waiting.set(waiting() + 1)">A post arrives</button>
    <rt-new-posts-banner [count]="waiting()" (load)="load()" />
    <ul>
      @for (post of posts(); track post) {
        <li>{{ post }}</li>
      }
    </ul>
  `,
})
class FeedDemoComponent {
  readonly waiting = signal(2);
  readonly posts = signal<readonly string[]>(['Post 2', 'Post 1']);

  load(): void {
    const first = this.posts().length + 1;
    const fresh = Array.from({ length: this.waiting() }, (_, i) => `Post ${first + i}`).reverse();
    this.posts.update((posts) => [...fresh, ...posts]);
    this.waiting.set(0);
  }
}

const meta: Meta<RtNewPostsBanner> = {
  title: 'Components/New posts banner',
  component: RtNewPostsBanner,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A "5 new posts" button that emits `load`; absent at 0. A real `<button>` in a ' +
          'polite live region, so it is keyboard reachable and announced without taking ' +
          'focus. It slides in when it appears (not under `prefers-reduced-motion: reduce`). ' +
          '`formatText` translates it; `--rt-new-posts-banner-*` custom properties theme it.',
      },
    },
  },
  argTypes: {
    count: { control: { type: 'number', min: 0 }, description: 'How many new posts wait.' },
    formatText: { control: false, description: 'The button text for a count (i18n).' },
    load: { action: 'load', description: 'The user pressed the button.' },
  },
  args: { count: 5 },
};

export default meta;
type Story = StoryObj<RtNewPostsBanner>;

/** Several new posts. */
export const Several: Story = {};

/** One new post (singular). */
export const One: Story = { args: { count: 1 } };

/** A large count, with digit grouping. */
export const Many: Story = { args: { count: 1204 } };

/** At 0 the banner is absent (the frame below is empty); its live region stays. */
export const Hidden: Story = {
  args: { count: 0 },
  render: (args) => ({
    props: args,
    template: `<p>Banner at 0: [<rt-new-posts-banner [count]="count" />]</p>`,
  }),
};

/** Translated ("4 nouvelles publications"). */
export const Translated: Story = {
  args: {
    count: 4,
    formatText: (count: number) =>
      count === 1 ? '1 nouvelle publication' : `${count} nouvelles publications`,
  },
};

/** Restyled through its custom properties. */
export const Themed: Story = {
  args: { count: 3 },
  render: (args) => ({
    props: args,
    template: `<rt-new-posts-banner
      [count]="count"
      style="--rt-new-posts-banner-background: #202124; --rt-new-posts-banner-hover-background: #3c4043; --rt-new-posts-banner-radius: 6px"
    />`,
  }),
};

/** In a feed: posts arrive, the banner slides in, pressing it loads them. */
export const InAFeed: Story = {
  parameters: { controls: { disable: true } },
  render: () => ({
    moduleMetadata: { imports: [FeedDemoComponent] },
    template: `<rt-story-new-posts-feed />`,
  }),
};
