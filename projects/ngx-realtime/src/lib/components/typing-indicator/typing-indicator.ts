import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { typingText, typingUserName, type RtTypingIndicatorUser } from './typing-indicator-text';

/**
 * "Jane is typing…", "Jane and Bob are typing…", "Jane and 3 others are typing…", after
 * three animated dots. The host is a polite live region (`role="status"`) that stays in
 * the page while nobody types, empty and without height, so screen readers are already
 * listening when the first name appears. The dots are hidden from assistive technology and
 * stand still under `prefers-reduced-motion: reduce`.
 *
 * Themable through `--rt-typing-indicator-*` custom properties (see docs/components.md).
 *
 * @example
 * <rt-typing-indicator [users]="messages.typingUsers(conversationId)()" />
 */
@Component({
  selector: 'rt-typing-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'rt-typing-indicator',
    role: 'status',
    'aria-live': 'polite',
    'aria-atomic': 'true',
  },
  template: `
    @if (text(); as text) {
      <span class="rt-typing-indicator__dots" aria-hidden="true">
        <span class="rt-typing-indicator__dot"></span>
        <span class="rt-typing-indicator__dot"></span>
        <span class="rt-typing-indicator__dot"></span>
      </span>
      <span class="rt-typing-indicator__text">{{ text }}</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: var(--rt-typing-indicator-gap, 0.5rem);
      min-height: var(--rt-typing-indicator-min-height, 0);
      color: var(--rt-typing-indicator-color, #5f6368);
      font-size: var(--rt-typing-indicator-font-size, 0.875rem);
      font-style: var(--rt-typing-indicator-font-style, normal);
    }
    .rt-typing-indicator__dots {
      display: inline-flex;
      gap: calc(var(--rt-typing-indicator-dot-size, 0.375rem) / 2);
    }
    .rt-typing-indicator__dot {
      width: var(--rt-typing-indicator-dot-size, 0.375rem);
      height: var(--rt-typing-indicator-dot-size, 0.375rem);
      border-radius: 50%;
      background: var(--rt-typing-indicator-dot-color, currentColor);
      animation: rt-typing-indicator-bounce var(--rt-typing-indicator-duration, 1.2s) infinite
        ease-in-out;
    }
    .rt-typing-indicator__dot:nth-child(2) {
      animation-delay: calc(var(--rt-typing-indicator-duration, 1.2s) / 6);
    }
    .rt-typing-indicator__dot:nth-child(3) {
      animation-delay: calc(var(--rt-typing-indicator-duration, 1.2s) / 3);
    }
    @keyframes rt-typing-indicator-bounce {
      0%,
      60%,
      100% {
        opacity: 0.4;
        transform: translateY(0);
      }
      30% {
        opacity: 1;
        transform: translateY(-30%);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .rt-typing-indicator__dot {
        animation: none;
        opacity: 0.7;
      }
    }
  `,
})
export class RtTypingIndicator {
  /**
   * Everyone typing, in the order to name them: display names, `{ name }` objects or the
   * messages feature's `TypingUser` (`MessagesRealtime.typingUsers(id)()`).
   */
  readonly users = input<readonly RtTypingIndicatorUser[]>([]);

  /**
   * The line for the given display names; `''` shows nothing. Default English:
   * {@link typingText}.
   */
  readonly formatText = input<(names: readonly string[]) => string>(typingText);

  /** @internal */
  protected readonly text = computed(() => {
    const users = this.users();
    return users.length === 0 ? '' : this.formatText()(users.map(typingUserName));
  });
}
