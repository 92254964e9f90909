import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';

/** Filters for {@link RtNotificationBadgeHarness.with}. */
export interface RtNotificationBadgeHarnessFilters extends BaseHarnessFilters {
  /** The visible text ("5", "99+"), exactly or as a pattern. */
  readonly text?: string | RegExp;
  /** Only hidden (`true`) or only shown (`false`) badges. */
  readonly hidden?: boolean;
}

/**
 * Test harness for `rt-notification-badge`.
 *
 * @example
 * const badge = await loader.getHarness(RtNotificationBadgeHarness);
 * expect(await badge.getCount()).toBe('99+');
 * expect(await badge.getAriaLabel()).toBe('120 unread notifications');
 */
export class RtNotificationBadgeHarness extends ComponentHarness {
  /** The badge's selector. */
  static hostSelector = 'rt-notification-badge';

  /** A predicate for a badge matching `options`. */
  static with(
    options: RtNotificationBadgeHarnessFilters = {},
  ): HarnessPredicate<RtNotificationBadgeHarness> {
    return new HarnessPredicate(RtNotificationBadgeHarness, options)
      .addOption('text', options.text, (harness, text) =>
        HarnessPredicate.stringMatches(harness.getCount(), text),
      )
      .addOption(
        'hidden',
        options.hidden,
        async (harness, hidden) => (await harness.isHidden()) === hidden,
      );
  }

  /** The visible text: the count, or the cap followed by `+` ("99+"). */
  async getCount(): Promise<string> {
    return (await this.host()).text();
  }

  /** Whether the badge is hidden (count 0 without `showZero`). */
  async isHidden(): Promise<boolean> {
    return (await (await this.host()).getAttribute('hidden')) !== null;
  }

  /** The accessible name ("5 unread notifications"), or `null` while hidden. */
  async getAriaLabel(): Promise<string | null> {
    return (await this.host()).getAttribute('aria-label');
  }

  /** Whether the rise pulse is on (it ends with its animation). */
  async isPulsing(): Promise<boolean> {
    const host = await this.host();
    return (
      (await host.hasClass('rt-notification-badge--pulse-a')) ||
      (await host.hasClass('rt-notification-badge--pulse-b'))
    );
  }
}
