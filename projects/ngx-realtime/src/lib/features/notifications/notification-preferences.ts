import { isPlatformBrowser } from '@angular/common';
import {
  inject,
  InjectionToken,
  PLATFORM_ID,
  signal,
  type Signal,
  type WritableSignal,
} from '@angular/core';

/** Where the user's notification choices are kept: `localStorage` has this shape. */
export interface NotificationPreferenceStorage {
  /** The stored value, or `null` when there is none. */
  getItem(key: string): string | null;
  /** Stores a value (may throw, as `localStorage` does when full or blocked). */
  setItem(key: string, value: string): void;
}

/**
 * Storage of the user's sound and desktop choices: `localStorage` in the browser, `null` on
 * the server (SSR) and where storage is blocked (the choices then last for the page only).
 */
export const NOTIFICATION_PREFERENCE_STORAGE =
  new InjectionToken<NotificationPreferenceStorage | null>(
    'ngx-realtime notification preference storage',
    {
      providedIn: 'root',
      factory: () => {
        if (!isPlatformBrowser(inject(PLATFORM_ID))) return null;
        try {
          // Reading the property itself throws where the user blocked site data.
          return (
            (globalThis as { localStorage?: NotificationPreferenceStorage }).localStorage ?? null
          );
        } catch {
          return null;
        }
      },
    },
  );

interface StoredChoices {
  readonly sound?: boolean;
  readonly desktop?: boolean;
}

/**
 * The user's sound and desktop choices as signals, stored as JSON under one key. A broken
 * or foreign value, and a storage that throws (quota, privacy mode), fall back to the
 * defaults: preferences never break notifications.
 */
export class NotificationPreferences {
  private readonly soundState: WritableSignal<boolean>;
  private readonly desktopState: WritableSignal<boolean>;

  /** Whether a sound plays for new notifications. */
  readonly sound: Signal<boolean>;
  /** Whether desktop notifications are shown (when permission is granted). */
  readonly desktop: Signal<boolean>;

  constructor(
    private readonly storage: NotificationPreferenceStorage | null,
    private readonly key: string,
    defaults: { readonly sound: boolean; readonly desktop: boolean },
  ) {
    const stored = this.read();
    this.soundState = signal(stored.sound ?? defaults.sound);
    this.desktopState = signal(stored.desktop ?? defaults.desktop);
    this.sound = this.soundState.asReadonly();
    this.desktop = this.desktopState.asReadonly();
  }

  setSound(enabled: boolean): void {
    this.soundState.set(enabled);
    this.write();
  }

  setDesktop(enabled: boolean): void {
    this.desktopState.set(enabled);
    this.write();
  }

  private read(): StoredChoices {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) ?? 'null');
      if (typeof parsed !== 'object' || parsed === null) return {};
      const { sound, desktop } = parsed as Record<string, unknown>;
      return {
        sound: typeof sound === 'boolean' ? sound : undefined,
        desktop: typeof desktop === 'boolean' ? desktop : undefined,
      };
    } catch {
      return {};
    }
  }

  private write(): void {
    const choices: StoredChoices = { sound: this.soundState(), desktop: this.desktopState() };
    try {
      this.storage?.setItem(this.key, JSON.stringify(choices));
    } catch {
      // Quota or privacy mode: the choice still holds for this page.
    }
  }
}
