import { inject, LOCALE_ID, Pipe, type PipeTransform } from '@angular/core';
import { presenceText, type PresenceTextInput, type PresenceTextOptions } from './presence-text';

/**
 * "Active now" / "Last seen 5 minutes ago" in a template, through {@link presenceText}. The
 * locale defaults to the app's `LOCALE_ID`. Pure: it recomputes when the presence or the
 * options change, not as time passes, so pass a `now` that ticks (see
 * `injectPresenceClock()`) to keep "5 minutes ago" current.
 *
 * @example
 * <span>{{ presence() | rtPresenceText: { now: now() } }}</span>
 * <span>{{ presence() | rtPresenceText: { now: now(), activeNow: 'Online' } }}</span>
 */
@Pipe({ name: 'rtPresenceText' })
export class RtPresenceTextPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  /** The presence as text (empty for `null` / `undefined`); see {@link presenceText}. */
  transform(
    presence: PresenceTextInput | null | undefined,
    options: PresenceTextOptions = {},
  ): string {
    return presenceText(presence, { locale: this.locale, ...options });
  }
}
