import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';
import type { ConnectionStatus } from 'ngx-realtime';

/** Filters for {@link RtConnectionStatusHarness.with}. */
export interface RtConnectionStatusHarnessFilters extends BaseHarnessFilters {
  /** Only indicators showing this connection state. */
  readonly state?: ConnectionStatus;
  /** Only indicators whose visible text matches (string: exact). */
  readonly text?: string | RegExp;
}

/** Test harness of `rt-connection-status`. */
export class RtConnectionStatusHarness extends ComponentHarness {
  /** The selector of the component this harness drives. */
  static hostSelector = 'rt-connection-status';

  /** A predicate to find an indicator by state or text. */
  static with(
    options: RtConnectionStatusHarnessFilters = {},
  ): HarnessPredicate<RtConnectionStatusHarness> {
    return new HarnessPredicate(RtConnectionStatusHarness, options)
      .addOption(
        'state',
        options.state,
        async (harness, state) => (await harness.getState()) === state,
      )
      .addOption('text', options.text, (harness, text) =>
        HarnessPredicate.stringMatches(harness.getText(), text),
      );
  }

  private readonly textElement = this.locatorForOptional('.rt-connection-status__text');
  private readonly liveRegion = this.locatorFor('[role="status"]');
  private readonly retryButton = this.locatorForOptional('button.rt-connection-status__retry');

  /** The connection state shown. */
  async getState(): Promise<ConnectionStatus> {
    return (await (await this.host()).getAttribute('data-state')) as ConnectionStatus;
  }

  /** The visible text ("Reconnecting in 4 s…"); `''` while hidden (`hideWhenConnected`). */
  async getText(): Promise<string> {
    const text = await this.textElement();
    return text === null ? '' : text.text();
  }

  /** What the polite live region holds for screen readers (no countdown seconds). */
  async getAnnouncement(): Promise<string> {
    return (await this.liveRegion()).text();
  }

  /** False while connected with `hideWhenConnected`. */
  async isVisible(): Promise<boolean> {
    return (await this.textElement()) !== null;
  }

  /** True when the Retry button is shown. */
  async canRetry(): Promise<boolean> {
    return (await this.retryButton()) !== null;
  }

  /** Clicks Retry; throws when the button is not shown. */
  async retry(): Promise<void> {
    const button = await this.retryButton();
    if (button === null) {
      throw new Error('rt-connection-status: no Retry button in this state');
    }
    await button.click();
  }
}
