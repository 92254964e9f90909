import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';

/** Filters for {@link RtTypingIndicatorHarness.with}. */
export interface RtTypingIndicatorHarnessFilters extends BaseHarnessFilters {
  /** The typing line ("Jane is typing…"), exactly or as a pattern. */
  readonly text?: string | RegExp;
  /** Only indicators that show someone typing (`true`) or nobody (`false`). */
  readonly visible?: boolean;
}

/**
 * Test harness for `rt-typing-indicator`.
 *
 * @example
 * const typing = await loader.getHarness(RtTypingIndicatorHarness);
 * expect(await typing.getText()).toBe('Jane and Bob are typing…');
 */
export class RtTypingIndicatorHarness extends ComponentHarness {
  /** The indicator's selector. */
  static hostSelector = 'rt-typing-indicator';

  private readonly textElement = this.locatorForOptional('.rt-typing-indicator__text');

  /** A predicate for an indicator matching `options`. */
  static with(
    options: RtTypingIndicatorHarnessFilters = {},
  ): HarnessPredicate<RtTypingIndicatorHarness> {
    return new HarnessPredicate(RtTypingIndicatorHarness, options)
      .addOption('text', options.text, (harness, text) =>
        HarnessPredicate.stringMatches(harness.getText(), text),
      )
      .addOption(
        'visible',
        options.visible,
        async (harness, visible) => (await harness.isVisible()) === visible,
      );
  }

  /** The typing line, or `''` when nobody types. */
  async getText(): Promise<string> {
    return (await (await this.textElement())?.text()) ?? '';
  }

  /** Whether someone is shown typing (the live region itself is always present). */
  async isVisible(): Promise<boolean> {
    return (await this.textElement()) !== null;
  }

  /** The politeness of the live region on the host (`'polite'`). */
  async getAriaLive(): Promise<string | null> {
    return (await this.host()).getAttribute('aria-live');
  }
}
