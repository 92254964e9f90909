import { InjectionToken } from '@angular/core';
import type { RealtimeNotification } from './notification-model';

/** What the app's toast function is given for each new notification. */
export interface NotificationToast {
  /** The title for the notification's type (see `withNotifications({ titles })`). */
  readonly title: string;
  /** The notification's `message`, or an empty string. */
  readonly message: string;
  readonly notification: RealtimeNotification;
}

/** The app's toast function: shows one toast. Called in the Angular zone. */
export type NotificationToastHandler = (toast: NotificationToast) => void;

/**
 * The app's toast function, called once per new unread notification (never for one whose
 * id was seen before). None by default: provide one to get toasts.
 *
 * @example
 * { provide: NOTIFICATION_TOAST, useFactory: () => {
 *     const snackBar = inject(MatSnackBar);
 *     return (toast: NotificationToast) => snackBar.open(`${toast.title}: ${toast.message}`, 'OK', { duration: 5000 });
 * } }
 */
export const NOTIFICATION_TOAST = new InjectionToken<NotificationToastHandler | null>(
  'ngx-realtime notification toast',
  { providedIn: 'root', factory: () => null },
);
