import {
  ErrorHandler,
  inject,
  InjectionToken,
  PLATFORM_ID,
  signal,
  type Provider,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  DESKTOP_NOTIFICATION_API,
  NOTIFICATION_PREFERENCE_STORAGE,
  NOTIFICATION_SOUND_PLAYER,
  NOTIFICATION_TOAST,
  NotificationRealtime,
  PageVisibility,
  provideRealtime,
  WebSocketService,
  withNotifications,
  type DesktopNotificationApi,
  type DesktopNotificationRequest,
  type DesktopPermission,
  type NotificationRealtimeOptions,
  type NotificationToast,
  type NotificationPreferenceStorage,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

const CHANNEL = 'notifications';
const GREETING = new InjectionToken<string>('greeting');

/** The Notification API as a test double: records what it shows. */
class FakeDesktop implements DesktopNotificationApi {
  current: Exclude<DesktopPermission, 'unsupported'> = 'granted';
  answer: Exclude<DesktopPermission, 'unsupported'> = 'granted';
  readonly shown: { title: string; request: DesktopNotificationRequest }[] = [];
  failing = false;
  permission() {
    return this.current;
  }
  async requestPermission() {
    this.current = this.answer;
    return this.answer;
  }
  show(title: string, request: DesktopNotificationRequest): void {
    if (this.failing) throw new TypeError('Illegal constructor');
    this.shown.push({ title, request });
  }
}

class MemoryStorage implements NotificationPreferenceStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

interface AlertSetup {
  readonly options?: NotificationRealtimeOptions;
  readonly hidden?: boolean;
  readonly desktop?: DesktopNotificationApi | null;
  readonly storage?: NotificationPreferenceStorage | null;
  readonly player?: (src: string, volume: number) => Promise<void> | void;
  readonly providers?: Provider[];
}

function setup(config: AlertSetup = {}) {
  const toasts: NotificationToast[] = [];
  const errors: unknown[] = [];
  const hidden = signal(config.hidden ?? true);
  const desktop = config.desktop === undefined ? new FakeDesktop() : config.desktop;
  const storage = config.storage === undefined ? new MemoryStorage() : config.storage;
  const played: [string, number][] = [];
  const player =
    config.player ??
    ((src: string, volume: number) => {
      played.push([src, volume]);
    });
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', userId: 'me', reportToErrorHandler: false },
        withNotifications(config.options),
      ),
      provideRealtimeTesting(),
      { provide: NOTIFICATION_TOAST, useValue: (toast: NotificationToast) => toasts.push(toast) },
      { provide: DESKTOP_NOTIFICATION_API, useValue: desktop },
      { provide: NOTIFICATION_PREFERENCE_STORAGE, useValue: storage },
      { provide: NOTIFICATION_SOUND_PLAYER, useValue: player },
      { provide: PageVisibility, useValue: { hidden, focused: signal(!hidden()) } },
      { provide: ErrorHandler, useValue: { handleError: (error: unknown) => errors.push(error) } },
      ...(config.providers ?? []),
    ],
  });
  const service = TestBed.inject(NotificationRealtime);
  const controller = TestBed.inject(RealtimeTestingController);
  TestBed.inject(WebSocketService).connect();
  controller.expectSubscribe(CHANNEL);
  const notify = (id: string, extra: object = {}) =>
    controller.emit(CHANNEL, 'notification', { id, type: 'like', message: `m-${id}`, ...extra });
  return { service, controller, notify, toasts, errors, hidden, desktop, storage, played };
}

describe('NotificationRealtime alerts', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  describe('toasts', () => {
    it('calls the toast function once per new unread notification, with the title for its type', () => {
      const { notify, toasts } = setup();
      notify('n1', { type: 'comment' });
      notify('n1', { type: 'comment' });
      notify('n2', { type: 'follow', read: true });
      notify('n3', { type: 'share' });
      expect(toasts.map((toast) => [toast.title, toast.message, toast.notification.id])).toEqual([
        ['New comment', 'm-n1', 'n1'],
        ['Your post was shared', 'm-n3', 'n3'],
      ]);
    });

    it('has a title for every documented type and a fallback', () => {
      const { notify, toasts } = setup();
      for (const type of ['like', 'comment', 'follow', 'mention', 'reply', 'share', 'poll']) {
        notify(type, { type });
      }
      expect(toasts.map((toast) => toast.title)).toEqual([
        'New like',
        'New comment',
        'New follower',
        'You were mentioned',
        'New reply',
        'Your post was shared',
        'New notification',
      ]);
    });

    it('takes translated titles, merged over the defaults, and a default title', () => {
      const { notify, toasts } = setup({
        options: { titles: { like: "J'aime" }, defaultTitle: 'Notification' },
      });
      notify('n1');
      notify('n2', { type: 'follow' });
      notify('n3', { type: 'poll' });
      expect(toasts.map((toast) => toast.title)).toEqual([
        "J'aime",
        'New follower',
        'Notification',
      ]);
    });

    it('takes titles from a function, run in an injection context', () => {
      const { notify, toasts } = setup({
        options: {
          titles: (notification) =>
            `${inject(GREETING)} ${notification.actor_name ?? '?'}: ${notification.type}`,
        },
        providers: [{ provide: GREETING, useValue: 'Hey' }],
      });
      notify('n1', { actor_name: 'Bob' });
      expect(toasts[0].title).toBe('Hey Bob: like');
    });

    it('never toasts twice for an id, even after it left the bounded list', () => {
      const { notify, toasts } = setup({ options: { maxNotifications: 1 } });
      notify('n1');
      notify('n2');
      notify('n1');
      expect(toasts.map((toast) => toast.notification.id)).toEqual(['n1', 'n2']);
    });

    it("does not announce the user's own actions", () => {
      const { notify, toasts, service } = setup();
      notify('n1', { actor_id: 'me' });
      expect(toasts).toEqual([]);
      expect(service.notifications()).toHaveLength(1);
    });

    it('reports a toast function that throws and keeps going', () => {
      const errors: unknown[] = [];
      const failure = new Error('toast broke');
      const { notify, service } = setup({
        providers: [
          {
            provide: NOTIFICATION_TOAST,
            useValue: () => {
              throw failure;
            },
          },
          { provide: ErrorHandler, useValue: { handleError: (e: unknown) => errors.push(e) } },
        ],
      });
      notify('n1');
      notify('n2');
      expect(errors).toEqual([failure, failure]);
      expect(service.notifications()).toHaveLength(2);
    });

    it('reports a title function that throws and uses the type', () => {
      const { notify, toasts, errors } = setup({
        options: {
          titles: () => {
            throw new Error('no translation');
          },
        },
      });
      notify('n1');
      expect(toasts[0].title).toBe('like');
      expect(errors).toHaveLength(1);
    });

    it('shows nothing without a toast function (the default)', () => {
      const { notify, service } = setup({
        providers: [{ provide: NOTIFICATION_TOAST, useValue: null }],
      });
      notify('n1');
      expect(service.notifications()).toHaveLength(1);
    });
  });

  describe('desktop notifications', () => {
    it('shows one only while the tab is hidden, tagged with the notification id', () => {
      const desktop = new FakeDesktop();
      const { notify, hidden } = setup({ desktop });
      hidden.set(false);
      notify('n1');
      expect(desktop.shown).toEqual([]);
      hidden.set(true);
      notify('n2', { type: 'mention' });
      expect(desktop.shown).toEqual([
        {
          title: 'You were mentioned',
          request: expect.objectContaining({ body: 'm-n2', tag: 'n2', icon: undefined }),
        },
      ]);
    });

    it('never shows one id twice', () => {
      const desktop = new FakeDesktop();
      const { notify } = setup({ desktop, options: { maxNotifications: 1 } });
      notify('n1');
      notify('n2');
      notify('n1');
      expect(desktop.shown.map((shown) => shown.request.tag)).toEqual(['n1', 'n2']);
    });

    it('also shows while visible with onlyWhenHidden: false, with the icon', () => {
      const desktop = new FakeDesktop();
      const { notify } = setup({
        desktop,
        hidden: false,
        options: { desktop: { onlyWhenHidden: false, icon: '/icon.png' } },
      });
      notify('n1');
      expect(desktop.shown[0].request.icon).toBe('/icon.png');
    });

    it('calls onClick with the notification', () => {
      const desktop = new FakeDesktop();
      const clicked: string[] = [];
      const { notify } = setup({
        desktop,
        options: { desktop: { onClick: (notification) => clicked.push(notification.id) } },
      });
      notify('n1');
      desktop.shown[0].request.onClick();
      expect(clicked).toEqual(['n1']);
    });

    it('shows nothing when the permission is denied or not asked yet', async () => {
      const desktop = new FakeDesktop();
      desktop.current = 'denied';
      desktop.answer = 'denied';
      const { notify, service } = setup({ desktop });
      notify('n1');
      expect(desktop.shown).toEqual([]);
      expect(service.desktopPermission()).toBe('denied');
      await expect(service.requestDesktopPermission()).resolves.toBe('denied');
      desktop.current = 'default';
      notify('n2');
      expect(desktop.shown).toEqual([]);
      expect(service.desktopPermission()).toBe('default');
    });

    it('asks for permission and turns itself on when granted; off stays off', async () => {
      const desktop = new FakeDesktop();
      desktop.current = 'default';
      const storage = new MemoryStorage();
      const { notify, service } = setup({ desktop, storage });
      service.setDesktopEnabled(false);
      await expect(service.requestDesktopPermission()).resolves.toBe('granted');
      expect(service.desktopPermission()).toBe('granted');
      expect(service.desktopEnabled()).toBe(true);
      notify('n1');
      service.setDesktopEnabled(false);
      notify('n2');
      expect(desktop.shown.map((shown) => shown.request.tag)).toEqual(['n1']);
      expect(JSON.parse(storage.getItem('ngx-realtime.notifications') ?? '')).toEqual({
        sound: false,
        desktop: false,
      });
    });

    it('is safe where the Notification API is missing', async () => {
      const { notify, service, toasts } = setup({ desktop: null });
      expect(service.desktopPermission()).toBe('unsupported');
      await expect(service.requestDesktopPermission()).resolves.toBe('unsupported');
      notify('n1');
      expect(toasts).toHaveLength(1);
    });

    it('reports a browser that refuses to construct one, and still toasts', () => {
      const desktop = new FakeDesktop();
      desktop.failing = true;
      const { notify, errors, toasts } = setup({ desktop });
      notify('n1');
      expect(errors).toEqual([expect.any(TypeError)]);
      expect(toasts).toHaveLength(1);
    });

    it('reports a permission request that rejects', async () => {
      const desktop = new FakeDesktop();
      desktop.current = 'default';
      desktop.requestPermission = () => Promise.reject(new Error('blocked'));
      const { service, errors } = setup({ desktop });
      await expect(service.requestDesktopPermission()).resolves.toBe('default');
      expect(errors).toEqual([new Error('blocked')]);
    });
  });

  describe('sound', () => {
    it('is off by default; turned on, plays the configured sound and stores the choice', () => {
      const storage = new MemoryStorage();
      const { notify, service, played } = setup({
        storage,
        options: { sound: { src: '/ding.mp3', volume: 0.5 } },
      });
      expect(service.soundEnabled()).toBe(false);
      notify('n1');
      expect(played).toEqual([]);

      service.setSoundEnabled(true);
      notify('n2');
      expect(played).toEqual([['/ding.mp3', 0.5]]);
      expect(JSON.parse(storage.getItem('ngx-realtime.notifications') ?? '')).toEqual({
        sound: true,
        desktop: true,
      });
    });

    it('reads the stored choice back in a new session', () => {
      const storage = new MemoryStorage();
      storage.setItem('my-key', JSON.stringify({ sound: true, desktop: false }));
      const { service } = setup({ storage, options: { storageKey: 'my-key' } });
      expect(service.soundEnabled()).toBe(true);
      expect(service.desktopEnabled()).toBe(false);
    });

    it('falls back to the defaults for a broken stored value or a throwing storage', () => {
      const storage = new MemoryStorage();
      storage.setItem('ngx-realtime.notifications', '{not json');
      const first = setup({ storage, options: { sound: { enabled: true } } });
      expect(first.service.soundEnabled()).toBe(true);
      TestBed.resetTestingModule();

      const throwing: NotificationPreferenceStorage = {
        getItem: () => {
          throw new Error('SecurityError');
        },
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      };
      const second = setup({ storage: throwing });
      expect(second.service.soundEnabled()).toBe(false);
      second.service.setSoundEnabled(true);
      expect(second.service.soundEnabled()).toBe(true);
    });

    it('swallows an autoplay refusal and a player that throws', async () => {
      const unhandled = jest.fn();
      process.on('unhandledRejection', unhandled);
      let calls = 0;
      const { notify, service, toasts } = setup({
        options: { sound: { src: '/ding.mp3', enabled: true, minIntervalMs: 0 } },
        player: () => {
          calls++;
          if (calls === 2) throw new Error('no audio device');
          return Promise.reject(new DOMException('play() failed', 'NotAllowedError'));
        },
      });
      notify('n1');
      notify('n2');
      notify('n3');
      await new Promise((resolve) => setTimeout(resolve, 0));
      process.off('unhandledRejection', unhandled);
      expect(calls).toBe(3);
      expect(unhandled).not.toHaveBeenCalled();
      expect(toasts).toHaveLength(3);
      expect(service.notifications()).toHaveLength(3);
    });

    it('rings once for a burst, again after minIntervalMs', () => {
      jest.useFakeTimers();
      const { notify, played } = setup({
        options: { sound: { src: '/ding.mp3', enabled: true, minIntervalMs: 2_000 } },
      });
      notify('n1');
      notify('n2');
      expect(played).toHaveLength(1);
      jest.advanceTimersByTime(2_000);
      notify('n3');
      expect(played).toHaveLength(2);
    });

    it('plays nothing without a src', () => {
      const { notify, service, played } = setup({ options: { sound: { enabled: true } } });
      expect(service.soundEnabled()).toBe(true);
      notify('n1');
      expect(played).toEqual([]);
    });
  });

  describe('browser defaults', () => {
    afterEach(() => {
      localStorage.clear();
      Reflect.deleteProperty(globalThis, 'Notification');
    });

    it('stores preferences in localStorage and uses the Notification API when present', async () => {
      const constructed: { title: string; options: NotificationOptions }[] = [];
      class BrowserNotification {
        static permission: NotificationPermission = 'default';
        static requestPermission = jest.fn(async () => {
          BrowserNotification.permission = 'granted';
          return BrowserNotification.permission;
        });
        onclick: (() => void) | null = null;
        close = jest.fn();
        constructor(title: string, options: NotificationOptions) {
          constructed.push({ title, options });
          instances.push(this);
        }
      }
      const instances: BrowserNotification[] = [];
      Object.defineProperty(globalThis, 'Notification', {
        configurable: true,
        value: BrowserNotification,
      });
      const clicked: string[] = [];
      TestBed.configureTestingModule({
        providers: [
          provideRealtime(
            { url: 'ws://test/ws', token: () => 't', reportToErrorHandler: false },
            withNotifications({ desktop: { onClick: (n) => clicked.push(n.id) } }),
          ),
          provideRealtimeTesting(),
          { provide: PageVisibility, useValue: { hidden: signal(true), focused: signal(false) } },
        ],
      });
      const service = TestBed.inject(NotificationRealtime);
      const controller = TestBed.inject(RealtimeTestingController);
      TestBed.inject(WebSocketService).connect();
      expect(service.desktopPermission()).toBe('default');

      await expect(service.requestDesktopPermission()).resolves.toBe('granted');
      service.setSoundEnabled(true);
      expect(JSON.parse(localStorage.getItem('ngx-realtime.notifications') ?? '')).toEqual({
        sound: true,
        desktop: true,
      });
      controller.emit(CHANNEL, 'notification', { id: 'n1', type: 'reply', message: 'hi' });
      expect(constructed).toEqual([
        { title: 'New reply', options: { body: 'hi', tag: 'n1', icon: undefined } },
      ]);
      const focus = jest.spyOn(window, 'focus').mockImplementation(() => undefined);
      instances[0].onclick?.();
      expect(focus).toHaveBeenCalled();
      focus.mockRestore();
      expect(instances[0].close).toHaveBeenCalled();
      expect(clicked).toEqual(['n1']);
    });

    it('asks for permission the old callback way (older Safari)', async () => {
      Object.defineProperty(globalThis, 'Notification', {
        configurable: true,
        value: Object.assign(function OldNotification() {}, {
          permission: 'default',
          requestPermission: (callback: (permission: string) => void) => {
            callback('denied');
            return undefined;
          },
        }),
      });
      const api = TestBed.inject(DESKTOP_NOTIFICATION_API);
      await expect(api?.requestPermission()).resolves.toBe('denied');
    });

    it('gives no desktop API, sound player or storage on the server, or without the APIs', () => {
      expect(TestBed.inject(DESKTOP_NOTIFICATION_API)).toBeNull();
      TestBed.resetTestingModule();
      TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
      expect(TestBed.inject(DESKTOP_NOTIFICATION_API)).toBeNull();
      expect(TestBed.inject(NOTIFICATION_SOUND_PLAYER)).toBeNull();
      expect(TestBed.inject(NOTIFICATION_PREFERENCE_STORAGE)).toBeNull();
      expect(TestBed.inject(NOTIFICATION_TOAST)).toBeNull();
    });

    it('plays through Audio in the browser', async () => {
      const play = jest
        .spyOn(HTMLMediaElement.prototype, 'play')
        .mockImplementation(() => Promise.resolve());
      const player = TestBed.inject(NOTIFICATION_SOUND_PLAYER);
      await player?.('/ding.mp3', 0.25);
      expect(play).toHaveBeenCalledTimes(1);
      expect((play.mock.contexts[0] as HTMLAudioElement).volume).toBe(0.25);
      expect(TestBed.inject(NOTIFICATION_PREFERENCE_STORAGE)).toBe(localStorage);
      play.mockRestore();
    });
  });
});
