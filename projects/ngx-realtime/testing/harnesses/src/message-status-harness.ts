import { ComponentHarness, HarnessPredicate, type BaseHarnessFilters } from '@angular/cdk/testing';
import type { MessageStatus } from 'ngx-realtime';

/** Filters for {@link RtMessageStatusHarness.with}. */
export interface RtMessageStatusHarnessFilters extends BaseHarnessFilters {
  /** Only marks showing this status. */
  readonly status?: MessageStatus;
}

/** Test harness of `rt-message-status`. */
export class RtMessageStatusHarness extends ComponentHarness {
  /** The selector of the component this harness drives. */
  static hostSelector = 'rt-message-status';

  /** A predicate to find a mark by status. */
  static with(
    options: RtMessageStatusHarnessFilters = {},
  ): HarnessPredicate<RtMessageStatusHarness> {
    return new HarnessPredicate(RtMessageStatusHarness, options).addOption(
      'status',
      options.status,
      async (harness, status) => (await harness.getStatus()) === status,
    );
  }

  private readonly mark = this.locatorFor('[role="img"], button');
  private readonly retryButton = this.locatorForOptional('button');

  /** The status shown. */
  async getStatus(): Promise<MessageStatus> {
    return (await (await this.host()).getAttribute('data-status')) as MessageStatus;
  }

  /** The accessible name of the mark ("Sent", ...), or of the retry button when it is one. */
  async getAriaLabel(): Promise<string | null> {
    return (await this.mark()).getAttribute('aria-label');
  }

  /** True when the mark is a retry button (a failed message with `retryable`). */
  async canRetry(): Promise<boolean> {
    return (await this.retryButton()) !== null;
  }

  /** Clicks the retry button; throws when there is none. */
  async retry(): Promise<void> {
    const button = await this.retryButton();
    if (button === null)
      throw new Error('rt-message-status: no retry button (not failed or not retryable)');
    await button.click();
  }
}
