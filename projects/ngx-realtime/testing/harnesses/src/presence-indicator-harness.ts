import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';
import type { PresenceState } from 'ngx-realtime';

/** Filters for {@link RtPresenceIndicatorHarness.with}. */
export interface RtPresenceIndicatorHarnessFilters extends BaseHarnessFilters {
  /** Only indicators showing this state (`unknown` included). */
  readonly status?: PresenceState;
  /** Only indicators whose "Active now" / "Last seen …" text matches (string: exact). */
  readonly text?: string | RegExp;
}

/** Test harness of `rt-presence-indicator`. */
export class RtPresenceIndicatorHarness extends ComponentHarness {
  /** The selector of the component this harness drives. */
  static hostSelector = 'rt-presence-indicator';

  /** A predicate to find an indicator by state or text. */
  static with(
    options: RtPresenceIndicatorHarnessFilters = {},
  ): HarnessPredicate<RtPresenceIndicatorHarness> {
    return new HarnessPredicate(RtPresenceIndicatorHarness, options)
      .addOption(
        'status',
        options.status,
        async (harness, status) => (await harness.getStatus()) === status,
      )
      .addOption('text', options.text, (harness, text) =>
        HarnessPredicate.stringMatches(harness.getText(), text),
      );
  }

  private readonly dot = this.locatorForOptional('.rt-presence-indicator__dot');
  private readonly textElement = this.locatorForOptional('.rt-presence-indicator__text');

  /** The state shown; `unknown` renders no dot. */
  async getStatus(): Promise<PresenceState> {
    const status = await (await this.host()).getAttribute('data-status');
    return (status ?? 'unknown') as PresenceState;
  }

  /** The "Active now" / "Last seen …" text, `''` when none is shown. */
  async getText(): Promise<string> {
    const text = await this.textElement();
    return text === null ? '' : text.text();
  }

  /** The dot's accessible name ("Online", ...), `null` when no dot is rendered. */
  async getAriaLabel(): Promise<string | null> {
    const dot = await this.dot();
    return dot === null ? null : dot.getAttribute('aria-label');
  }
}
