import { isPlatformBrowser } from '@angular/common';
import {
  DestroyRef,
  EnvironmentInjector,
  ErrorHandler,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  runInInjectionContext,
  signal,
  type Signal,
} from '@angular/core';
import {
  ConnectionStatus,
  isRealtimeError,
  RealtimeError,
  type RealtimeMessage,
} from 'ngx-realtime/core';
import {
  AsyncSubject,
  catchError,
  defer,
  EMPTY,
  filter,
  finalize,
  from,
  Subject,
  Subscription,
  switchMap,
  take,
  tap,
  throwError,
  type Observable,
} from 'rxjs';
import { coalescePerFrame } from '../../angular/coalesce';
import { REALTIME_FRAME_SCHEDULER } from '../../angular/frame-scheduler';
import { WebSocketService } from '../../angular/websocket.service';
import { PageVisibility } from '../shared/page-visibility';
import { DESKTOP_NOTIFICATION_API, type DesktopPermission } from './desktop-notification-api';
import { DesktopNotifier } from './desktop-notifier';
import {
  countIn,
  toNotification,
  type NotificationSnapshot,
  type RealtimeNotification,
} from './notification-model';
import { NOTIFICATION_OPTIONS } from './notification-options';
import {
  NOTIFICATION_PREFERENCE_STORAGE,
  NotificationPreferences,
} from './notification-preferences';
import { NotificationSound } from './notification-sound';
import { NOTIFICATION_SOUND_PLAYER } from './notification-sound-player';
import { NotificationStore } from './notification-store';
import { NOTIFICATION_TOAST } from './notification-toast';

/** Ids remembered beyond the list, so a notification that scrolled out never alerts twice. */
const MIN_SEEN_IDS = 1_000;

/**
 * Realtime notifications (provided by `withNotifications()`): the list and the unread count
 * as signals, kept in step with the server and the user's other tabs and devices; read
 * marks that show at once and roll back if the server refuses; toasts, desktop
 * notifications and an optional sound for each new notification.
 *
 * It listens on the notifications channel from the start (joined whenever connected);
 * connecting is up to the app (`WebSocketService.connect()`). On the server (SSR) it stays
 * empty and inert.
 *
 * What the server sends shows in `notifications` and `unreadCount` at most once per
 * animation frame (`REALTIME_FRAME_SCHEDULER`), so a flood costs one render per frame; the
 * user's own actions (read marks, a load) show at once. Toasts and `incoming$` are not delayed.
 *
 * @example
 * export class HeaderBadge {
 *   private readonly notifications = inject(NotificationRealtime);
 *   readonly unread = this.notifications.unreadCount;
 *   markAll(): void { this.notifications.markAllAsRead(); }
 * }
 */
@Injectable()
export class NotificationRealtime {
  private readonly realtime = inject(WebSocketService);
  private readonly options = inject(NOTIFICATION_OPTIONS);
  private readonly zone = inject(NgZone);
  private readonly errorHandler = inject(ErrorHandler);
  private readonly injector = inject(EnvironmentInjector);
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  private readonly toast = inject(NOTIFICATION_TOAST);
  private readonly store = new NotificationStore(
    this.options.maxNotifications,
    Math.max(MIN_SEEN_IDS, 2 * this.options.maxNotifications),
  );
  private readonly preferences = new NotificationPreferences(
    inject(NOTIFICATION_PREFERENCE_STORAGE),
    this.options.storageKey,
    { sound: this.options.sound.enabled, desktop: this.options.desktop.enabled },
  );
  private readonly desktop = new DesktopNotifier({
    api: inject(DESKTOP_NOTIFICATION_API),
    options: this.options.desktop,
    enabled: this.preferences.desktop,
    hidden: inject(PageVisibility).hidden,
    runInZone: (callback) => this.runAppCallback(callback),
    report: (error) => this.report(error),
  });
  private readonly sound = new NotificationSound(
    inject(NOTIFICATION_SOUND_PLAYER),
    this.options.sound,
    this.preferences.sound,
  );
  private readonly incoming = new Subject<RealtimeNotification>();
  private readonly loadingState = signal(false);
  private readonly loadRequests = new Subject<void>();
  /** Ids received while a load runs: the loaded list must not hide them. */
  private receivedDuringLoad: Set<string> | null = null;
  /** Publishes what the server changed, once per frame however many events came. */
  private readonly publisher = coalescePerFrame(
    () => this.store.publish(),
    inject(REALTIME_FRAME_SCHEDULER),
  );

  /** The notifications, newest first, at most `maxNotifications`, one per id. */
  readonly notifications: Signal<readonly RealtimeNotification[]> = this.store.notifications;
  /** Unread notifications as the server counts them (read marks in flight already applied). */
  readonly unreadCount: Signal<number> = this.store.unreadCount;
  /** True while the app's loader runs. */
  readonly loading: Signal<boolean> = this.loadingState.asReadonly();
  /** Each new notification, once (not for duplicates). Emits outside the Angular zone. */
  readonly incoming$: Observable<RealtimeNotification> = this.incoming.asObservable();
  /** Whether a sound plays for new notifications (the user's stored choice). */
  readonly soundEnabled: Signal<boolean> = this.preferences.sound;
  /** Whether desktop notifications are on (the user's stored choice; permission aside). */
  readonly desktopEnabled: Signal<boolean> = this.preferences.desktop;
  /** The browser's permission for desktop notifications; `unsupported` without the API. */
  readonly desktopPermission: Signal<DesktopPermission> = this.desktop.permission;

  constructor() {
    if (!this.browser) return;
    const { channel, load } = this.options;
    const subscriptions = new Subscription();
    subscriptions.add(
      this.realtime.subscribe(channel).subscribe({
        next: (event) => this.onEvent(event),
        // A refused channel already reached `WebSocketService.errors` (and the ErrorHandler).
        error: () => undefined,
      }),
    );
    if (load !== null) {
      subscriptions.add(this.loadRequests.pipe(switchMap(() => this.runLoader(load))).subscribe());
      subscriptions.add(
        this.realtime.status$
          .pipe(
            // Polling counts too: with `withPolling({ mode: 'only' })` there is no `connected`.
            filter(
              (status) =>
                status === ConnectionStatus.CONNECTED || status === ConnectionStatus.POLLING,
            ),
            take(1),
          )
          .subscribe(() => this.reload()),
      );
      subscriptions.add(
        this.realtime.recovery$
          .pipe(filter((event) => !event.recovered && event.channels.includes(channel)))
          .subscribe(() => this.reload()),
      );
    }
    inject(DestroyRef).onDestroy(() => {
      subscriptions.unsubscribe();
      this.publisher.cancel();
      this.incoming.complete();
    });
  }

  /**
   * Marks one notification read: shown at once, sent as `notification_read` with an ack.
   * The returned Observable (the work starts without subscribing) emits the unread count
   * once the server agreed, or errors with the server's `RealtimeError`, the read mark
   * then undone. Emits outside the Angular zone.
   */
  markAsRead(id: string): Observable<number> {
    if (typeof id !== 'string' || id === '') {
      return throwError(
        () => new RealtimeError('invalid_message', 'markAsRead: no notification id'),
      );
    }
    return this.sendRead(
      this.userChange(() => this.store.beginRead(id)),
      { type: 'notification_read', payload: { notification_id: id } },
      (count) => this.store.markRead(id, count),
    );
  }

  /** Marks every notification read, like {@link markAsRead} (`notification_read_all`). */
  markAllAsRead(): Observable<number> {
    return this.sendRead(
      this.userChange(() => this.store.beginRead()),
      { type: 'notification_read_all', payload: {} },
      (count) => this.store.markAllRead(count),
    );
  }

  /** Runs the app's loader now (no-op without one, or on the server). */
  reload(): void {
    if (this.browser && this.options.load !== null) this.loadRequests.next();
  }

  /**
   * Asks the user for desktop permission (browsers allow it only from a click) and turns
   * desktop notifications on when granted. Never rejects: `unsupported` without the API.
   */
  async requestDesktopPermission(): Promise<DesktopPermission> {
    const permission = await this.desktop.request();
    if (permission === 'granted') this.preferences.setDesktop(true);
    return permission;
  }

  /** Turns desktop notifications on or off; the choice is stored. */
  setDesktopEnabled(enabled: boolean): void {
    this.preferences.setDesktop(enabled);
  }

  /** Turns the notification sound on or off; the choice is stored. */
  setSoundEnabled(enabled: boolean): void {
    this.preferences.setSound(enabled);
  }

  private onEvent(event: RealtimeMessage): void {
    const payload: unknown = event.payload;
    switch (event.type) {
      case 'notification':
        this.onNotification(payload);
        break;
      case 'notification_read': {
        const id = (payload as { notification_id?: unknown } | null)?.notification_id;
        if (typeof id !== 'string' || id === '') break;
        this.store.markRead(id, countIn(payload));
        this.serverChanged();
        break;
      }
      case 'notification_read_all':
        this.store.markAllRead(countIn(payload));
        this.serverChanged();
        break;
    }
  }

  /** The server changed the state: shown at the next frame, with whatever else it changes. */
  private serverChanged(): void {
    // Outside the zone: in a zone.js app, scheduling the frame must not cause a tick itself.
    this.zone.runOutsideAngular(() => this.publisher.schedule());
  }

  /**
   * Applies a change the user made (or waits for: an ack, a load) and shows it at once,
   * together with whatever the server changed since the last frame.
   */
  private userChange<T>(change: () => T): T {
    const result = change();
    this.publisher.cancel();
    this.store.publish();
    return result;
  }

  private onNotification(payload: unknown): void {
    const notification = toNotification(payload);
    if (notification === null) return;
    this.receivedDuringLoad?.add(notification.id);
    const outcome = this.store.receive(notification, countIn(payload));
    this.serverChanged();
    if (outcome !== 'new') return;
    this.incoming.next(notification);
    if (!notification.read) this.alert(notification);
  }

  /** Toast, desktop notification and sound for one new unread notification. */
  private alert(notification: RealtimeNotification): void {
    // The user's own action reported back (a self-mention, ...) is listed but not announced.
    const own = this.realtime.userId();
    if (own !== null && notification.actor_id === own) return;
    const title = this.titleOf(notification);
    const toast = this.toast;
    if (toast !== null) {
      this.runAppCallback(() =>
        toast({ title, message: notification.message ?? '', notification }),
      );
    }
    this.desktop.show(notification, title);
    this.sound.play();
  }

  private titleOf(notification: RealtimeNotification): string {
    try {
      // In an injection context, so a title function may `inject()` a translation service.
      return runInInjectionContext(this.injector, () => this.options.title(notification));
    } catch (error) {
      this.report(error);
      return notification.type;
    }
  }

  private sendRead(
    mark: number,
    message: { readonly type: string; readonly payload: object },
    apply: (count: number | null) => void,
  ): Observable<number> {
    const outcome = new AsyncSubject<number>();
    const { ackTimeoutMs } = this.options;
    this.realtime
      .sendWithAck(message, ackTimeoutMs === undefined ? undefined : { timeoutMs: ackTimeoutMs })
      .subscribe({
        next: (data) => {
          this.userChange(() => {
            apply(countIn(data));
            this.store.settle(mark);
          });
          outcome.next(this.store.currentUnreadCount);
        },
        error: (error: unknown) => {
          // Dropping the overlay puts the state back exactly as the server last described it.
          this.userChange(() => this.store.settle(mark));
          outcome.error(asRealtimeError(error));
        },
        complete: () => outcome.complete(),
      });
    return outcome.asObservable();
  }

  private runLoader(
    load: () => Observable<NotificationSnapshot> | Promise<NotificationSnapshot>,
  ): Observable<unknown> {
    return defer(() => {
      const received = new Set<string>();
      this.receivedDuringLoad = received;
      this.loadingState.set(true);
      return from(runInInjectionContext(this.injector, load)).pipe(
        take(1),
        tap((snapshot) => this.applySnapshot(snapshot, received)),
        catchError((error: unknown) => {
          this.report(error);
          return EMPTY;
        }),
        finalize(() => {
          if (this.receivedDuringLoad === received) this.receivedDuringLoad = null;
          this.loadingState.set(false);
        }),
      );
    });
  }

  private applySnapshot(snapshot: NotificationSnapshot, received: ReadonlySet<string>): void {
    const list: unknown = (snapshot as Partial<NotificationSnapshot> | null)?.notifications;
    if (!Array.isArray(list)) {
      throw new RealtimeError('invalid_message', 'The notification loader returned no list');
    }
    const loaded = list
      .map((payload) => toNotification(payload))
      .filter((notification) => notification !== null);
    this.userChange(() =>
      this.store.replace(loaded, countIn({ unread_count: snapshot.unreadCount }), received),
    );
  }

  private runAppCallback(callback: () => void): void {
    try {
      this.zone.run(callback);
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    this.errorHandler.handleError(error);
  }
}

function asRealtimeError(error: unknown): RealtimeError {
  return isRealtimeError(error)
    ? error
    : new RealtimeError('server_error', 'The read mark failed', { cause: error });
}
