import { isPlatformBrowser } from '@angular/common';
import {
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  NgZone,
  output,
  PLATFORM_ID,
  signal,
} from '@angular/core';
import type { ConnectionStatus } from 'ngx-realtime/core';
import {
  connectionStatusText,
  DEFAULT_CONNECTION_STATUS_TEXTS,
  RETRYABLE_CONNECTION_STATUSES,
  type RtConnectionStatusTexts,
} from './connection-status-texts';

const SECOND = 1_000;

/**
 * The connection's state in words: "Connected", "Connecting…", "Reconnecting in 4 s…" (counting
 * down to `nextRetryAt`), "Offline, using polling", "Not authorized", "Disconnected", with a
 * Retry button while reconnecting, disconnected or unauthorized.
 *
 * Screen readers hear each state change once through a polite `role="status"` region; the
 * seconds of the countdown are shown, not announced (one announcement a second would drown
 * everything else).
 *
 * The countdown runs a timer only while it is visible (reconnecting with a `nextRetryAt` in the
 * future), outside the Angular zone, and never on the server.
 *
 * @example
 * <rt-connection-status
 *   [status]="realtime.status()"
 *   [nextRetryAt]="realtime.stats().nextRetryAt"
 *   hideWhenConnected
 *   (retry)="realtime.reconnect()"
 * />
 */
@Component({
  selector: 'rt-connection-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-state]': 'status()',
    '[class.rt-connection-status--hidden]': 'hidden()',
  },
  template: `
    @if (!hidden()) {
      <span class="rt-connection-status__dot" aria-hidden="true"></span>
      <span class="rt-connection-status__text" aria-hidden="true">{{ text() }}</span>
      @if (canRetry()) {
        <button type="button" class="rt-connection-status__retry" (click)="retry.emit()">
          {{ resolvedTexts().retry }}
        </button>
      }
    }
    <span class="rt-connection-status__live" role="status" aria-live="polite">{{
      announcement()
    }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--rt-connection-status-gap, 0.5em);
      position: relative;
      color: var(--rt-connection-status-text-color, inherit);
      font-size: var(--rt-connection-status-font-size, 0.875em);
      --rt-connection-status-color: var(--rt-connection-status-offline-color, #757575);
    }
    :host([data-state='connected']) {
      --rt-connection-status-color: var(--rt-connection-status-connected-color, #2e7d32);
    }
    :host([data-state='connecting']),
    :host([data-state='reconnecting']) {
      --rt-connection-status-color: var(--rt-connection-status-pending-color, #b26a00);
    }
    :host([data-state='polling']) {
      --rt-connection-status-color: var(--rt-connection-status-polling-color, #1565c0);
    }
    :host([data-state='unauthorized']) {
      --rt-connection-status-color: var(--rt-connection-status-error-color, #c62828);
    }
    .rt-connection-status__dot {
      flex: none;
      width: var(--rt-connection-status-dot-size, 8px);
      height: var(--rt-connection-status-dot-size, 8px);
      border-radius: 50%;
      background: var(--rt-connection-status-color);
    }
    :host([data-state='connecting']) .rt-connection-status__dot,
    :host([data-state='reconnecting']) .rt-connection-status__dot {
      animation: rt-connection-status-pulse 1.2s ease-in-out infinite alternate;
    }
    .rt-connection-status__retry {
      padding: 0.125em 0.625em;
      border: 1px solid currentColor;
      border-radius: var(--rt-connection-status-button-radius, 4px);
      background: var(--rt-connection-status-button-background, transparent);
      color: var(--rt-connection-status-button-color, inherit);
      font: inherit;
      cursor: pointer;
    }
    .rt-connection-status__retry:focus-visible {
      outline: 2px solid var(--rt-connection-status-focus-color, #1565c0);
      outline-offset: 2px;
    }
    /* Visually hidden, but read by screen readers. */
    .rt-connection-status__live {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
      border: 0;
    }
    @keyframes rt-connection-status-pulse {
      to {
        opacity: 0.35;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      :host([data-state]) .rt-connection-status__dot {
        animation: none;
      }
    }
  `,
})
export class RtConnectionStatus {
  /** The connection's state (`WebSocketService.status()`). */
  readonly status = input.required<ConnectionStatus>();
  /** When the next attempt starts, epoch ms (`WebSocketService.stats().nextRetryAt`). */
  readonly nextRetryAt = input<number | null | undefined>(null);
  /** Shows nothing while connected (the live region stays, to announce the next change). */
  readonly hideWhenConnected = input(false, { transform: booleanAttribute });
  /** Replaces some or all of the English texts. */
  readonly texts = input<Partial<RtConnectionStatusTexts>>({});

  /** Emitted when the user activates Retry (call `WebSocketService.reconnect()`). */
  readonly retry = output<void>();

  /** The current time, moved on by the countdown timer only. */
  private readonly now = signal(Date.now());

  /** The moment the countdown runs to, or `null` when there is no countdown. */
  private readonly retryAt = computed(() => {
    const retryAt = this.nextRetryAt();
    return this.status() === 'reconnecting' && typeof retryAt === 'number' ? retryAt : null;
  });

  /** Whole seconds left until the next attempt; `null` when none is pending. */
  private readonly seconds = computed(() => {
    const retryAt = this.retryAt();
    if (retryAt === null) return null;
    const seconds = Math.ceil((retryAt - this.now()) / SECOND);
    return seconds > 0 ? seconds : null;
  });

  /** The English texts with the `texts` input over them. */
  protected readonly resolvedTexts = computed<RtConnectionStatusTexts>(() => ({
    ...DEFAULT_CONNECTION_STATUS_TEXTS,
    ...this.texts(),
  }));

  /** The visible text, with the countdown. */
  protected readonly text = computed(() =>
    connectionStatusText(this.status(), this.seconds(), this.resolvedTexts()),
  );

  /** What screen readers hear: the state, without the ticking seconds. */
  protected readonly announcement = computed(() =>
    connectionStatusText(this.status(), null, this.resolvedTexts()),
  );

  /** True when the Retry button is offered. */
  protected readonly canRetry = computed(() => RETRYABLE_CONNECTION_STATUSES.has(this.status()));

  /** True when the visible part is hidden (connected with `hideWhenConnected`). */
  protected readonly hidden = computed(
    () => this.hideWhenConnected() && this.status() === 'connected',
  );

  constructor() {
    // On the server a pending timer would keep the render from ever becoming stable.
    if (isPlatformBrowser(inject(PLATFORM_ID))) this.countDown(inject(NgZone));
  }

  /**
   * Moves `now` on each time the shown whole second changes, while a countdown is running;
   * the effect's cleanup stops the timer when the state changes or the component goes.
   */
  private countDown(zone: NgZone): void {
    effect((onCleanup) => {
      const retryAt = this.retryAt();
      if (retryAt === null) return;
      let handle: ReturnType<typeof setTimeout> | undefined;
      const tick = (): void => {
        const now = Date.now();
        this.now.set(now);
        const left = retryAt - now;
        // Wake up when ceil(left / 1 s) drops, not on a free-running 1 s grid.
        if (left > 0) handle = setTimeout(tick, left % SECOND || SECOND);
      };
      // Outside the zone: the signal schedules the render; a zone.js tick per second is waste.
      zone.runOutsideAngular(tick);
      onCleanup(() => clearTimeout(handle));
    });
  }
}
