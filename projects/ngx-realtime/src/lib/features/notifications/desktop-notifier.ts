import { signal, type Signal, type WritableSignal } from '@angular/core';
import type { DesktopNotificationApi, DesktopPermission } from './desktop-notification-api';
import type { RealtimeNotification } from './notification-model';
import type { ResolvedNotificationOptions } from './notification-options';

/** What the notifier needs from the service around it. */
export interface DesktopNotifierContext {
  readonly api: DesktopNotificationApi | null;
  readonly options: ResolvedNotificationOptions['desktop'];
  /** The user's choice (stored preference). */
  readonly enabled: Signal<boolean>;
  /** Whether the tab is in the background. */
  readonly hidden: Signal<boolean>;
  /** Runs an app callback in the Angular zone. */
  readonly runInZone: (callback: () => void) => void;
  /** Reports a failure the user should not see as a crash. */
  readonly report: (error: unknown) => void;
}

/** Ids remembered as shown, so a notification never reaches the desktop twice. */
const SHOWN_IDS_KEPT = 500;

/**
 * Desktop notifications through the Notification API: only with permission, only while
 * enabled, by default only while the tab is hidden, tagged with the notification id and
 * never twice for one id. Without the API (old browsers, SSR) it does nothing.
 */
export class DesktopNotifier {
  private readonly permissionState: WritableSignal<DesktopPermission>;
  private readonly shown = new Set<string>();

  /** The browser's permission, `unsupported` without a Notification API. */
  readonly permission: Signal<DesktopPermission>;

  constructor(private readonly context: DesktopNotifierContext) {
    this.permissionState = signal(this.readPermission());
    this.permission = this.permissionState.asReadonly();
  }

  /** Asks the user for permission (call it from a click). Never rejects. */
  async request(): Promise<DesktopPermission> {
    const api = this.context.api;
    if (api === null) return 'unsupported';
    let permission: DesktopPermission;
    try {
      permission = await api.requestPermission();
    } catch (error) {
      this.context.report(error);
      permission = this.readPermission();
    }
    this.permissionState.set(permission);
    return permission;
  }

  /** Shows `notification` on the desktop when everything allows it. */
  show(notification: RealtimeNotification, title: string): void {
    const { api, options, enabled, hidden } = this.context;
    if (api === null || !enabled() || this.shown.has(notification.id)) return;
    // Cheap checks first: in Chromium `Notification.permission` is a synchronous call to the
    // browser process, far too slow to pay for every notification of a flood to a visible tab.
    if (options.onlyWhenHidden && !hidden()) return;
    // The user may have changed the permission in the browser's settings since we looked.
    const permission = this.readPermission();
    this.permissionState.set(permission);
    if (permission !== 'granted') return;
    this.remember(notification.id);
    try {
      api.show(title, {
        body: notification.message ?? '',
        tag: notification.id,
        icon: options.icon,
        onClick: () => {
          const onClick = options.onClick;
          if (onClick !== undefined) this.context.runInZone(() => onClick(notification));
        },
      });
    } catch (error) {
      this.context.report(error);
    }
  }

  private readPermission(): DesktopPermission {
    try {
      return this.context.api?.permission() ?? 'unsupported';
    } catch {
      return 'unsupported';
    }
  }

  private remember(id: string): void {
    this.shown.add(id);
    if (this.shown.size > SHOWN_IDS_KEPT) {
      this.shown.delete(this.shown.values().next().value as string);
    }
  }
}
