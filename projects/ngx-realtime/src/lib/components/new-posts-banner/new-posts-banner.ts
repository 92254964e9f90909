import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { newPostsText } from './new-posts-banner-text';

/** A count input: strings from static attributes, negatives and NaN become 0, fractions drop. */
function toCount(value: number | string | null | undefined): number {
  const count = Math.floor(Number(value));
  return Number.isFinite(count) && count > 0 ? count : 0;
}

/**
 * A "5 new posts" button over a feed that emits `load` when pressed; absent at 0. It is a
 * real `<button>` (Tab, Enter and Space work), slides in when it appears (not under
 * `prefers-reduced-motion: reduce`), and sits in a polite live region that stays in the
 * page, so screen readers announce "5 new posts" without moving focus.
 *
 * The banner leaves positioning to the app (wrap it in a sticky container to keep it on
 * screen) and disappears once the count is back to 0: move focus to the first loaded post
 * in the `load` handler so keyboard users keep their place.
 *
 * Themable through `--rt-new-posts-banner-*` custom properties (see docs/components.md).
 *
 * @example
 * <rt-new-posts-banner [count]="feed.newPostsCount()" (load)="showNewPosts()" />
 */
@Component({
  selector: 'rt-new-posts-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'rt-new-posts-banner' },
  template: `
    <div class="rt-new-posts-banner__live" aria-live="polite" aria-atomic="true">
      @if (count() > 0) {
        <button type="button" class="rt-new-posts-banner__button" (click)="load.emit()">
          <span class="rt-new-posts-banner__arrow" aria-hidden="true">↑</span>
          <span class="rt-new-posts-banner__text">{{ text() }}</span>
        </button>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .rt-new-posts-banner__live {
      display: flex;
      justify-content: center;
    }
    .rt-new-posts-banner__button {
      display: inline-flex;
      align-items: center;
      gap: 0.375em;
      margin: var(--rt-new-posts-banner-margin, 0.5rem 0);
      padding: var(--rt-new-posts-banner-padding, 0.5rem 1rem);
      border: 0;
      border-radius: var(--rt-new-posts-banner-radius, 999px);
      background: var(--rt-new-posts-banner-background, #1967d2);
      color: var(--rt-new-posts-banner-color, #fff);
      box-shadow: var(--rt-new-posts-banner-shadow, 0 2px 6px rgb(0 0 0 / 0.25));
      font: inherit;
      font-size: var(--rt-new-posts-banner-font-size, 0.875rem);
      font-weight: var(--rt-new-posts-banner-font-weight, 600);
      cursor: pointer;
      animation: rt-new-posts-banner-slide-in var(--rt-new-posts-banner-duration, 250ms) ease-out;
    }
    .rt-new-posts-banner__button:hover {
      background: var(--rt-new-posts-banner-hover-background, #185abc);
    }
    .rt-new-posts-banner__button:focus-visible {
      outline: 3px solid var(--rt-new-posts-banner-focus-ring, #1967d2);
      outline-offset: 2px;
    }
    @keyframes rt-new-posts-banner-slide-in {
      from {
        opacity: 0;
        transform: translateY(-100%);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .rt-new-posts-banner__button {
        animation: none;
      }
    }
  `,
})
export class RtNewPostsBanner {
  /** How many new posts wait; the banner shows from 1. Negative or non-numeric count as 0. */
  readonly count = input(0, { transform: toCount });

  /** The button text for a count. Default English: {@link newPostsText} ("5 new posts"). */
  readonly formatText = input<(count: number) => string>(newPostsText);

  /** Emits when the user presses the button: show the waiting posts. */
  // The issue names it `load`; a DOM `load` never reaches the host (it does not bubble and
  // nothing inside loads a resource), so `(load)` only ever hears this output.
  // eslint-disable-next-line @angular-eslint/no-output-native
  readonly load = output<void>();

  /** @internal */
  protected readonly text = computed(() => this.formatText()(this.count()));
}
