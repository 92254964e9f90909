import { isPlatformBrowser } from '@angular/common';
import { inject, InjectionToken, PLATFORM_ID } from '@angular/core';

/** Permission for desktop notifications; `unsupported` where there is no Notification API. */
export type DesktopPermission = 'default' | 'granted' | 'denied' | 'unsupported';

/** What a desktop notification is shown with. */
export interface DesktopNotificationRequest {
  /** The text under the title: the notification's message. */
  readonly body: string;
  /** The notification id: the browser replaces, never stacks, notifications with one tag. */
  readonly tag: string;
  /** Icon URL, when the app set one. */
  readonly icon?: string;
  /** Called when the user clicks the notification (the API closes it and focuses the window). */
  readonly onClick: () => void;
}

/** The part of the browser's Notification API the library uses (swap it in tests). */
export interface DesktopNotificationApi {
  /** The current permission. */
  permission(): Exclude<DesktopPermission, 'unsupported'>;
  /** Asks the user; browsers only allow it from a user gesture (a click). */
  requestPermission(): Promise<Exclude<DesktopPermission, 'unsupported'>>;
  /** Shows one notification. May throw (Chrome on Android has no `new Notification`). */
  show(title: string, request: DesktopNotificationRequest): void;
}

type NotificationConstructor = typeof Notification;

/**
 * The browser's Notification API, or `null` on the server (SSR) and where it is missing.
 * Provide another value to swap it (tests, a service worker's `showNotification`).
 */
export const DESKTOP_NOTIFICATION_API = new InjectionToken<DesktopNotificationApi | null>(
  'ngx-realtime desktop notification API',
  {
    providedIn: 'root',
    factory: () => {
      if (!isPlatformBrowser(inject(PLATFORM_ID))) return null;
      const api = (globalThis as { Notification?: NotificationConstructor }).Notification;
      return typeof api === 'function' ? browserNotifications(api) : null;
    },
  },
);

function browserNotifications(api: NotificationConstructor): DesktopNotificationApi {
  return {
    permission: () => api.permission,
    // Older Safari takes a callback and returns nothing; newer browsers return a promise.
    requestPermission: () =>
      new Promise((resolve, reject) => {
        const answer = api.requestPermission(resolve) as
          Promise<NotificationPermission> | undefined;
        answer?.then(resolve, reject);
      }),
    show: (title, request) => {
      const shown = new api(title, { body: request.body, tag: request.tag, icon: request.icon });
      shown.onclick = () => {
        globalThis.focus?.();
        shown.close();
        request.onClick();
      };
    },
  };
}
