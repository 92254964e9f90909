import type { Signal } from '@angular/core';
import type { NotificationSoundPlayer } from './notification-sound-player';
import type { ResolvedNotificationOptions } from './notification-options';

/**
 * The notification sound: only while the user has it on and a `src` is configured, at most
 * once per `minIntervalMs` (a burst of notifications rings once). A player that throws or
 * rejects (autoplay refused before the user interacted with the page) is ignored.
 */
export class NotificationSound {
  private lastPlayedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly player: NotificationSoundPlayer | null,
    private readonly options: ResolvedNotificationOptions['sound'],
    private readonly enabled: Signal<boolean>,
  ) {}

  /** Plays the sound if it is on and not played just now. */
  play(): void {
    const { src, volume, minIntervalMs } = this.options;
    if (this.player === null || src === null || !this.enabled()) return;
    const now = Date.now();
    if (now - this.lastPlayedAt < minIntervalMs) return;
    this.lastPlayedAt = now;
    try {
      const playing = this.player(src, volume);
      // Autoplay refusal is the browser's policy, not an error of the app.
      if (playing !== undefined) playing.catch(() => undefined);
    } catch {
      // A player that throws synchronously (no audio device, ...) must not stop notifications.
    }
  }
}
