import {
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  input,
  output,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import type { MessageStatus } from '../../features/messages/chat-message';

/** The accessible name of the mark for each message status. */
export type RtMessageStatusLabels = Readonly<Record<MessageStatus, string>>;

/** The English accessible names; override some or all with the `labels` input. */
export const DEFAULT_MESSAGE_STATUS_LABELS: RtMessageStatusLabels = {
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed to send',
};

/**
 * The delivery mark of a chat message: a clock while `sending`, one tick when `sent`, two ticks
 * when `delivered`, two coloured ticks when `read`, a warning mark when `failed`. Inline SVG
 * from the template, with an accessible name.
 *
 * With `retryable`, a failed mark is a button that emits `retry` (wire it to
 * `MessagesRealtime.retry()`).
 *
 * @example
 * <rt-message-status [status]="message.status" retryable (retry)="messages.retry(message)" />
 */
@Component({
  selector: 'rt-message-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-status]': 'status()' },
  template: `
    @if (canRetry()) {
      <button
        type="button"
        class="rt-message-status__retry"
        [attr.aria-label]="retryLabel()"
        (click)="retry.emit()"
      >
        <ng-container [ngTemplateOutlet]="icon" />
      </button>
    } @else {
      <span class="rt-message-status__mark" role="img" [attr.aria-label]="label()">
        <ng-container [ngTemplateOutlet]="icon" />
      </span>
    }
    <ng-template #icon>
      <svg
        class="rt-message-status__icon"
        viewBox="0 0 20 16"
        aria-hidden="true"
        focusable="false"
        fill="none"
        stroke="currentColor"
        stroke-width="1.75"
        stroke-linecap="round"
        stroke-linejoin="round"
      >
        @switch (status()) {
          @case ('sending') {
            <circle cx="10" cy="8" r="6" />
            <path class="rt-message-status__hand" d="M10 5v3l2 1.5" />
          }
          @case ('sent') {
            <path d="M5 8.5l3 3 7-7" />
          }
          @case ('failed') {
            <circle cx="10" cy="8" r="7" fill="currentColor" stroke="none" />
            <path class="rt-message-status__glyph" d="M10 4.5v4" />
            <circle class="rt-message-status__glyph" cx="10" cy="11.5" r="0.5" />
          }
          @default {
            <path d="M1.5 8.5l3 3 7-7" />
            <path d="M9 11l0.5 0.5 7-7" />
          }
        }
      </svg>
    </ng-template>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      vertical-align: middle;
      color: var(--rt-message-status-color, currentColor);
    }
    :host([data-status='read']) {
      color: var(--rt-message-status-read-color, #1565c0);
    }
    :host([data-status='failed']) {
      color: var(--rt-message-status-failed-color, #c62828);
    }
    .rt-message-status__mark,
    .rt-message-status__retry {
      display: inline-flex;
    }
    .rt-message-status__icon {
      /* One box for every state, so a status change does not shift the text beside it. */
      width: calc(var(--rt-message-status-size, 1em) * 1.25);
      height: var(--rt-message-status-size, 1em);
    }
    .rt-message-status__glyph {
      stroke: var(--rt-message-status-failed-glyph-color, #fff);
    }
    .rt-message-status__hand {
      transform-origin: 10px 8px;
      animation: rt-message-status-tick 2s steps(8) infinite;
    }
    .rt-message-status__retry {
      margin: 0;
      padding: 2px;
      border: 0;
      border-radius: 4px;
      background: none;
      color: inherit;
      font: inherit;
      cursor: pointer;
    }
    .rt-message-status__retry:focus-visible {
      outline: 2px solid var(--rt-message-status-focus-color, #1565c0);
      outline-offset: 1px;
    }
    @keyframes rt-message-status-tick {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .rt-message-status__hand {
        animation: none;
      }
    }
  `,
  imports: [NgTemplateOutlet],
})
export class RtMessageStatus {
  /** The message's status (`ChatMessage.status`). */
  readonly status = input.required<MessageStatus>();
  /** Accessible names by status; missing ones fall back to the English defaults. */
  readonly labels = input<Partial<RtMessageStatusLabels>>({});
  /** Makes a failed mark a button that emits `retry`. Default `false`. */
  readonly retryable = input(false, { transform: booleanAttribute });
  /** Accessible name of the retry button. Default `Failed to send. Retry`. */
  readonly retryLabel = input('Failed to send. Retry');

  /** Emitted when the user activates the retry button of a failed message. */
  readonly retry = output<void>();

  /** The mark's accessible name. */
  protected readonly label = computed(
    () => this.labels()[this.status()] ?? DEFAULT_MESSAGE_STATUS_LABELS[this.status()],
  );

  /** True when the failed mark is a retry button. */
  protected readonly canRetry = computed(() => this.retryable() && this.status() === 'failed');
}
