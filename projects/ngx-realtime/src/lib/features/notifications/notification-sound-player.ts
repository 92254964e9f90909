import { isPlatformBrowser } from '@angular/common';
import { inject, InjectionToken, PLATFORM_ID } from '@angular/core';

/**
 * Plays a sound file. May return a promise that rejects (browsers refuse autoplay before
 * the user interacted with the page): the library swallows that.
 */
export type NotificationSoundPlayer = (src: string, volume: number) => Promise<void> | void;

/**
 * Plays notification sounds with `new Audio(src)`; `null` on the server (SSR) and where
 * there is no `Audio`. Provide another value to swap it (tests, Web Audio).
 */
export const NOTIFICATION_SOUND_PLAYER = new InjectionToken<NotificationSoundPlayer | null>(
  'ngx-realtime notification sound player',
  {
    providedIn: 'root',
    factory: () => {
      if (!isPlatformBrowser(inject(PLATFORM_ID))) return null;
      const audio = (globalThis as { Audio?: typeof Audio }).Audio;
      if (typeof audio !== 'function') return null;
      return (src, volume) => {
        const sound = new audio(src);
        sound.volume = volume;
        return sound.play();
      };
    },
  },
);
