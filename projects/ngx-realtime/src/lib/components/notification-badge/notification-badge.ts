import {
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  input,
  linkedSignal,
} from '@angular/core';
import { cappedCount, unreadNotificationsLabel } from './notification-badge-text';

/** A count input: strings from static attributes, negatives and NaN become 0, fractions drop. */
function toCount(value: number | string | null | undefined): number {
  const count = Math.floor(Number(value));
  return Number.isFinite(count) && count > 0 ? count : 0;
}

/**
 * Which pulse class is on: 0 none, 1 or 2 alternately, so a rise during a running pulse
 * switches the animation name and restarts it without a forced reflow.
 */
type PulsePhase = 0 | 1 | 2;

/**
 * An unread-count badge: "5", "99+" above `max`, hidden at 0 unless `showZero`. Its
 * accessible name is "5 unread notifications" (`role="img"`, so a button around it reads
 * it as part of its own name). It pulses briefly when the count rises, neither on the first
 * render nor when the count falls; `prefers-reduced-motion: reduce` turns the pulse off.
 *
 * Themable through `--rt-notification-badge-*` custom properties (see docs/components.md).
 *
 * @example
 * <button type="button" aria-label="Notifications">
 *   <svg aria-hidden="true">…</svg>
 *   <rt-notification-badge [count]="notifications.unreadCount()" />
 * </button>
 */
@Component({
  selector: 'rt-notification-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'rt-notification-badge',
    role: 'img',
    '[attr.aria-label]': 'hidden() ? null : label()',
    '[attr.hidden]': "hidden() ? '' : null",
    '[class.rt-notification-badge--pulse-a]': 'pulse() === 1',
    '[class.rt-notification-badge--pulse-b]': 'pulse() === 2',
    '(animationend)': 'pulse.set(0)',
  },
  template: `{{ text() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      box-sizing: border-box;
      min-width: var(--rt-notification-badge-size, 1.25rem);
      height: var(--rt-notification-badge-size, 1.25rem);
      padding: var(--rt-notification-badge-padding, 0 0.375rem);
      border-radius: var(--rt-notification-badge-radius, 999px);
      background: var(--rt-notification-badge-background, #c5221f);
      color: var(--rt-notification-badge-color, #fff);
      font: inherit;
      font-size: var(--rt-notification-badge-font-size, 0.75rem);
      font-weight: var(--rt-notification-badge-font-weight, 600);
      font-variant-numeric: tabular-nums;
      line-height: 1;
      white-space: nowrap;
    }
    :host([hidden]) {
      display: none;
    }
    :host(.rt-notification-badge--pulse-a) {
      animation: rt-notification-badge-pulse-a var(--rt-notification-badge-pulse-duration, 400ms)
        ease-out;
    }
    :host(.rt-notification-badge--pulse-b) {
      animation: rt-notification-badge-pulse-b var(--rt-notification-badge-pulse-duration, 400ms)
        ease-out;
    }
    @keyframes rt-notification-badge-pulse-a {
      50% {
        transform: scale(var(--rt-notification-badge-pulse-scale, 1.3));
      }
    }
    @keyframes rt-notification-badge-pulse-b {
      50% {
        transform: scale(var(--rt-notification-badge-pulse-scale, 1.3));
      }
    }
    @media (prefers-reduced-motion: reduce) {
      /* A near-zero run rather than none: animationend still fires and clears the class. */
      :host(.rt-notification-badge--pulse-a),
      :host(.rt-notification-badge--pulse-b) {
        animation-duration: 1ms;
        animation-timing-function: step-start;
      }
    }
  `,
})
export class RtNotificationBadge {
  /** The unread count. Negative or non-numeric values count as 0. */
  readonly count = input(0, { transform: toCount });

  /** The largest count shown as is; above it the badge shows `max` followed by `+` ("99+"). */
  readonly max = input(99, { transform: toCount });

  /** Show the badge at 0 too (hidden by default). */
  readonly showZero = input(false, { transform: booleanAttribute });

  /**
   * The accessible name for a count (the real count, not capped). Default English:
   * {@link unreadNotificationsLabel} ("1 unread notification", "5 unread notifications").
   */
  readonly formatLabel = input<(count: number) => string>(unreadNotificationsLabel);

  /** The visible text for a count. Default: {@link cappedCount} ("5", "99+"). */
  readonly formatCount = input<(count: number, max: number) => string>(cappedCount);

  /** @internal */
  protected readonly hidden = computed(() => this.count() === 0 && !this.showZero());
  /** @internal */
  protected readonly text = computed(() => this.formatCount()(this.count(), this.max()));
  /** @internal */
  protected readonly label = computed(() => this.formatLabel()(this.count()));

  /** @internal Pulse on a rise after the first render; stop on a fall or when the run ends. */
  protected readonly pulse = linkedSignal<number, PulsePhase>({
    source: this.count,
    computation: (count, previous) => {
      if (previous === undefined || count < previous.source) return 0;
      return previous.value === 1 ? 2 : 1;
    },
  });
}
