import {
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  LOCALE_ID,
} from '@angular/core';
import type { PresenceState, UserPresence } from '../../features/presence/presence-model';
import { presenceText } from '../../features/presence/presence-text';

/** The accessible name of the dot for each presence state. */
export type RtPresenceLabels = Readonly<Record<PresenceState, string>>;

/** The English accessible names of the dot; override some or all with the `labels` input. */
export const DEFAULT_PRESENCE_LABELS: RtPresenceLabels = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Offline',
  unknown: 'Status unknown',
};

/**
 * A presence dot for avatars (online / away / busy / offline), with an optional "Active now" /
 * "Last seen 5 minutes ago" text from `presenceText()`.
 *
 * Feed it a `UserPresence` (from `PresenceRealtime.presence(userId)`) or a `status` plus
 * `lastSeen`. The `unknown` state (nobody told us yet) renders nothing: no dot, no text, so an
 * avatar does not flash a wrong status while the first answer is on its way.
 *
 * The text does not tick on its own: pass a moving `now` (e.g. `injectPresenceClock()`) to keep
 * "5 minutes ago" current.
 *
 * @example
 * <rt-presence-indicator [presence]="presence()" showText [now]="now()" />
 * <rt-presence-indicator status="away" [lastSeen]="user.lastSeen" />
 */
@Component({
  selector: 'rt-presence-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-status]': 'state()',
    '[class.rt-presence-indicator--unknown]': "state() === 'unknown'",
  },
  template: `
    @if (state() !== 'unknown') {
      <span
        class="rt-presence-indicator__dot"
        [class]="'rt-presence-indicator__dot--' + state()"
        role="img"
        [attr.aria-label]="label()"
      ></span>
      @if (showText() && text()) {
        <span class="rt-presence-indicator__text">{{ text() }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--rt-presence-indicator-gap, 0.375em);
      vertical-align: middle;
    }
    :host(.rt-presence-indicator--unknown) {
      display: none;
    }
    .rt-presence-indicator__dot {
      box-sizing: border-box;
      position: relative;
      flex: none;
      width: var(--rt-presence-indicator-size, 10px);
      height: var(--rt-presence-indicator-size, 10px);
      border-radius: 50%;
      /* The ring separates the dot from the avatar picture it sits on. */
      box-shadow: 0 0 0 var(--rt-presence-indicator-ring-width, 2px)
        var(--rt-presence-indicator-ring-color, #fff);
      background: var(--rt-presence-indicator-color);
    }
    .rt-presence-indicator__dot--online {
      --rt-presence-indicator-color: var(--rt-presence-indicator-online-color, #2e7d32);
    }
    .rt-presence-indicator__dot--away {
      --rt-presence-indicator-color: var(--rt-presence-indicator-away-color, #b26a00);
    }
    .rt-presence-indicator__dot--busy {
      --rt-presence-indicator-color: var(--rt-presence-indicator-busy-color, #c62828);
    }
    /* Shapes as well as colours (WCAG 1.4.1): busy has a bar, offline is a hollow ring. */
    .rt-presence-indicator__dot--busy::after {
      content: '';
      position: absolute;
      left: 20%;
      right: 20%;
      top: 40%;
      height: 20%;
      background: var(--rt-presence-indicator-ring-color, #fff);
    }
    .rt-presence-indicator__dot--offline {
      background: transparent;
      border: max(2px, calc(var(--rt-presence-indicator-size, 10px) / 4)) solid
        var(--rt-presence-indicator-offline-color, #757575);
    }
    .rt-presence-indicator__text {
      color: var(--rt-presence-indicator-text-color, inherit);
      font-size: var(--rt-presence-indicator-font-size, 0.875em);
    }
  `,
})
export class RtPresenceIndicator {
  private readonly appLocale = inject(LOCALE_ID);

  /** The user's presence (from `PresenceRealtime`); wins over `status` and `lastSeen`. */
  readonly presence = input<UserPresence | null | undefined>(null);
  /** The state to show when no `presence` is given. Default `unknown` (renders nothing). */
  readonly status = input<PresenceState | null | undefined>(null);
  /** When the user was last seen (a `Date`, ISO 8601 string or epoch ms), with `status`. */
  readonly lastSeen = input<Date | string | number | null | undefined>(null);
  /** Shows "Active now" / "Last seen …" next to the dot. Default `false`. */
  readonly showText = input(false, { transform: booleanAttribute });
  /** The moment "Last seen" is measured from (a `Date` or epoch ms). Default: render time. */
  readonly now = input<Date | number | null | undefined>(null);
  /** BCP 47 locale of the text. Default: the app's `LOCALE_ID`. */
  readonly locale = input<string | null | undefined>(null);
  /** Replaces "Active now" (shown for online and busy users). */
  readonly activeNowText = input<string | undefined>(undefined);
  /** Replaces "Last seen {time}"; receives the localized relative time ("5 minutes ago"). */
  readonly lastSeenText = input<((relativeTime: string) => string) | undefined>(undefined);
  /** `Intl.RelativeTimeFormat` style of the relative time. Default `'long'`. */
  readonly timeStyle = input<'long' | 'short' | 'narrow'>('long');
  /** Accessible names of the dot by state; missing ones fall back to the English defaults. */
  readonly labels = input<Partial<RtPresenceLabels>>({});

  /** The state shown: the `presence` input's, else `status`, else `unknown`. */
  protected readonly state = computed<PresenceState>(
    () => this.presence()?.status ?? this.status() ?? 'unknown',
  );

  /** The dot's accessible name. */
  protected readonly label = computed(
    () => this.labels()[this.state()] ?? DEFAULT_PRESENCE_LABELS[this.state()],
  );

  /** "Active now" / "Last seen …", or `''` when there is nothing true to say. */
  protected readonly text = computed(() => {
    if (!this.showText()) return '';
    const presence = this.presence();
    return presenceText(
      { status: this.state(), lastSeen: presence ? presence.lastSeen : this.lastSeen() },
      {
        locale: this.locale() ?? this.appLocale,
        now: this.now() ?? Date.now(),
        activeNow: this.activeNowText(),
        lastSeen: this.lastSeenText(),
        style: this.timeStyle(),
      },
    );
  });
}
