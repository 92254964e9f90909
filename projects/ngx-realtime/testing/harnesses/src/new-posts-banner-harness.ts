import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';

/** Filters for {@link RtNewPostsBannerHarness.with}. */
export interface RtNewPostsBannerHarnessFilters extends BaseHarnessFilters {
  /** The button text ("5 new posts"), exactly or as a pattern. */
  readonly text?: string | RegExp;
  /** Only shown (`true`) or only absent (`false`) banners. */
  readonly shown?: boolean;
}

/**
 * Test harness for `rt-new-posts-banner`.
 *
 * @example
 * const banner = await loader.getHarness(RtNewPostsBannerHarness.with({ text: '3 new posts' }));
 * await banner.load();
 */
export class RtNewPostsBannerHarness extends ComponentHarness {
  /** The banner's selector. */
  static hostSelector = 'rt-new-posts-banner';

  private readonly button = this.locatorForOptional('button');
  private readonly label = this.locatorForOptional('.rt-new-posts-banner__text');

  /** A predicate for a banner matching `options`. */
  static with(
    options: RtNewPostsBannerHarnessFilters = {},
  ): HarnessPredicate<RtNewPostsBannerHarness> {
    return new HarnessPredicate(RtNewPostsBannerHarness, options)
      .addOption('text', options.text, (harness, text) =>
        HarnessPredicate.stringMatches(harness.getText(), text),
      )
      .addOption(
        'shown',
        options.shown,
        async (harness, shown) => (await harness.isShown()) === shown,
      );
  }

  /** The button text ("5 new posts"), or `''` while the banner is absent. */
  async getText(): Promise<string> {
    return (await (await this.label())?.text()) ?? '';
  }

  /** Whether the button is there (count above 0). */
  async isShown(): Promise<boolean> {
    return (await this.button()) !== null;
  }

  /** Presses the button (the component emits `load`). Throws while the banner is absent. */
  async load(): Promise<void> {
    const button = await this.button();
    if (button === null)
      throw new Error('RtNewPostsBannerHarness: no banner to press (count is 0)');
    await button.click();
  }

  /** Moves focus to the button, as Tab would. */
  async focus(): Promise<void> {
    await (await this.button())?.focus();
  }

  /** Whether the button has focus. */
  async isFocused(): Promise<boolean> {
    return (await (await this.button())?.isFocused()) ?? false;
  }
}
