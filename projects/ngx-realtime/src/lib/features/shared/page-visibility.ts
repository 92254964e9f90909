import { DOCUMENT, isPlatformBrowser } from '@angular/common';
import {
  DestroyRef,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  signal,
  type Signal,
} from '@angular/core';

/**
 * Whether the page is visible and focused, as signals, for the domain services: desktop
 * notifications only while the tab is hidden, "away" after it stayed hidden for a while.
 * Listens outside the Angular zone. On the server (SSR) the page counts as visible and
 * focused, and nothing is listened to.
 */
@Injectable({ providedIn: 'root' })
export class PageVisibility {
  private readonly hiddenState = signal(false);
  private readonly focusedState = signal(true);

  /** True while the tab is in the background (`document.visibilityState === 'hidden'`). */
  readonly hidden: Signal<boolean> = this.hiddenState.asReadonly();
  /** True while the window has the focus. */
  readonly focused: Signal<boolean> = this.focusedState.asReadonly();

  constructor() {
    if (!isPlatformBrowser(inject(PLATFORM_ID))) return;
    const document = inject(DOCUMENT);
    const window = document.defaultView;
    const read = () => {
      this.hiddenState.set(document.visibilityState === 'hidden');
      this.focusedState.set(document.hasFocus());
    };
    read();
    const onVisibility = () => read();
    const onFocus = () => this.focusedState.set(true);
    const onBlur = () => this.focusedState.set(false);
    inject(NgZone).runOutsideAngular(() => {
      document.addEventListener('visibilitychange', onVisibility);
      window?.addEventListener('focus', onFocus);
      window?.addEventListener('blur', onBlur);
    });
    inject(DestroyRef).onDestroy(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      window?.removeEventListener('focus', onFocus);
      window?.removeEventListener('blur', onBlur);
    });
  }
}
