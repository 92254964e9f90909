import { InjectionToken } from '@angular/core';
import { RealtimeError, type NotificationKind } from 'ngx-realtime/core';
import type { Observable } from 'rxjs';
import type { NotificationSnapshot, RealtimeNotification } from './notification-model';

/** Toast and desktop titles per notification type (override them to translate). */
export type NotificationTitles = Readonly<Partial<Record<NotificationKind, string>>>;

/**
 * Loads the newest notifications and the unread count from the app's API (for example with
 * `HttpClient`). Runs in an injection context, so it may call `inject()`.
 */
export type NotificationLoader = () =>
  Observable<NotificationSnapshot> | Promise<NotificationSnapshot>;

/** Desktop notification settings of {@link NotificationRealtimeOptions}. */
export interface DesktopNotificationOptions {
  /** Shown by default once permission is granted (default `true`; the user's choice is stored). */
  readonly enabled?: boolean;
  /** Only while the tab is hidden (default `true`); `false`: also while it is visible. */
  readonly onlyWhenHidden?: boolean;
  /** Icon URL of the desktop notification (default none). */
  readonly icon?: string;
  /** Called (in the Angular zone) when the user clicks one; the window is focused first. */
  readonly onClick?: (notification: RealtimeNotification) => void;
}

/** Sound settings of {@link NotificationRealtimeOptions}. */
export interface NotificationSoundOptions {
  /** URL of the sound file (default none: without it nothing plays). */
  readonly src?: string;
  /** Whether sound is on until the user chooses (default `false`; the choice is stored). */
  readonly enabled?: boolean;
  /** Volume from 0 to 1 (default 1). */
  readonly volume?: number;
  /** Shortest gap between two sounds, so a burst rings once (default 2 000 ms). */
  readonly minIntervalMs?: number;
}

/** Options of `withNotifications()`. Every field is optional. */
export interface NotificationRealtimeOptions {
  /** Channel the notifications arrive on (default `notifications`). */
  readonly channel?: string;
  /** Most notifications kept in the list, newest first (default 100). */
  readonly maxNotifications?: number;
  /**
   * Titles per type, merged over the English defaults, or a function of the notification
   * (run in an injection context, so it may `inject()` a translation service).
   */
  readonly titles?: NotificationTitles | ((notification: RealtimeNotification) => string);
  /** Title for types without one (default `New notification`). */
  readonly defaultTitle?: string;
  /** Ack timeout of `markAsRead` / `markAllAsRead` (default: the connection's `ackTimeoutMs`). */
  readonly ackTimeoutMs?: number;
  /** Loads the list on the first connect and after a gap the catch-up could not fill. */
  readonly load?: NotificationLoader;
  /** Desktop notifications (browser Notification API). */
  readonly desktop?: DesktopNotificationOptions;
  /** A sound when a notification arrives (off by default). */
  readonly sound?: NotificationSoundOptions;
  /** Storage key of the user's sound / desktop choices (default `ngx-realtime.notifications`). */
  readonly storageKey?: string;
}

/** The options with every default filled in. */
export interface ResolvedNotificationOptions {
  /** See {@link NotificationRealtimeOptions.channel}. */
  readonly channel: string;
  /** See {@link NotificationRealtimeOptions.maxNotifications}. */
  readonly maxNotifications: number;
  /** The toast and desktop title of a notification (from `titles` and `defaultTitle`). */
  readonly title: (notification: RealtimeNotification) => string;
  /** See {@link NotificationRealtimeOptions.ackTimeoutMs}. */
  readonly ackTimeoutMs: number | undefined;
  /** See {@link NotificationRealtimeOptions.load}; `null` when none. */
  readonly load: NotificationLoader | null;
  /** Desktop settings with defaults filled in. */
  readonly desktop: Required<Omit<DesktopNotificationOptions, 'icon' | 'onClick'>> &
    Pick<DesktopNotificationOptions, 'icon' | 'onClick'>;
  /** Sound settings with defaults filled in; `src` is `null` when none. */
  readonly sound: Required<Omit<NotificationSoundOptions, 'src'>> & { readonly src: string | null };
  /** See {@link NotificationRealtimeOptions.storageKey}. */
  readonly storageKey: string;
}

/** The English titles used when an app gives none. */
export const DEFAULT_NOTIFICATION_TITLES: Readonly<Record<string, string>> = {
  like: 'New like',
  comment: 'New comment',
  follow: 'New follower',
  mention: 'You were mentioned',
  reply: 'New reply',
  share: 'Your post was shared',
};

/** The resolved options of `withNotifications()`. */
export const NOTIFICATION_OPTIONS = new InjectionToken<ResolvedNotificationOptions>(
  'ngx-realtime notification options',
);

/**
 * Fills in the defaults.
 * @throws RealtimeError `invalid_config` for a list bound, volume or interval out of range.
 */
export function resolveNotificationOptions(
  options: NotificationRealtimeOptions = {},
): ResolvedNotificationOptions {
  const maxNotifications = options.maxNotifications ?? 100;
  const sound = options.sound ?? {};
  const volume = sound.volume ?? 1;
  const minIntervalMs = sound.minIntervalMs ?? 2_000;
  if (!Number.isInteger(maxNotifications) || maxNotifications < 1) {
    throw invalid('maxNotifications must be a positive integer');
  }
  if (!(volume >= 0 && volume <= 1)) throw invalid('sound.volume must be between 0 and 1');
  if (!(minIntervalMs >= 0)) throw invalid('sound.minIntervalMs must not be negative');
  if (options.ackTimeoutMs !== undefined && !(options.ackTimeoutMs > 0)) {
    throw invalid('ackTimeoutMs must be positive');
  }
  const defaultTitle = options.defaultTitle ?? 'New notification';
  const titles = options.titles;
  const table: Readonly<Record<string, string | undefined>> =
    typeof titles === 'function' ? {} : { ...DEFAULT_NOTIFICATION_TITLES, ...titles };
  return {
    channel: options.channel ?? 'notifications',
    maxNotifications,
    title:
      typeof titles === 'function'
        ? titles
        : (notification) => table[notification.type] ?? defaultTitle,
    ackTimeoutMs: options.ackTimeoutMs,
    load: options.load ?? null,
    desktop: {
      enabled: options.desktop?.enabled ?? true,
      onlyWhenHidden: options.desktop?.onlyWhenHidden ?? true,
      icon: options.desktop?.icon,
      onClick: options.desktop?.onClick,
    },
    sound: {
      src: sound.src ?? null,
      enabled: sound.enabled ?? false,
      volume,
      minIntervalMs,
    },
    storageKey: options.storageKey ?? 'ngx-realtime.notifications',
  };
}

function invalid(message: string): RealtimeError {
  return new RealtimeError('invalid_config', `withNotifications: ${message}`);
}
