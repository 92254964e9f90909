import { isPlatformBrowser } from '@angular/common';
import {
  computed,
  DestroyRef,
  effect,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  signal,
  untracked,
  type Signal,
} from '@angular/core';
import { ConnectionStatus, type RealtimeEvent } from 'ngx-realtime/core';
import { filter, finalize, Subject, type Observable, type Subscription } from 'rxjs';
import { WebSocketService } from '../../angular/websocket.service';
import { PageVisibility } from '../shared/page-visibility';
import { PRESENCE_OPTIONS } from './presence-options';
import {
  readPresence,
  unknownPresence,
  type OwnPresenceStatus,
  type UserPresence,
} from './presence-model';
import { TrackedPresences } from './tracked-presences';

/** The channel that carries every user's presence changes. */
const GLOBAL_CHANNEL = 'presence';

/** The channel of one user's presence changes: `presence:{userId}`. */
export function presenceChannelOf(userId: string): string {
  return `${GLOBAL_CHANNEL}:${userId}`;
}

/**
 * Who is online: other users' presence as signals, and this device's own status (online,
 * away after the tab stayed hidden, busy or away by choice, or hidden for privacy).
 * Provided by `withPresence()`.
 *
 * - `presence(userId)` tracks a user and returns their presence as a signal; tracked users
 *   are asked for in bulk (`get_presence`) and kept current by `presence` events.
 * - Tracked users are asked for again after every (re)connect and after a catch-up that left
 *   a gap, because presence changes missed while offline are not reliably replayed.
 * - At most `maxTrackedUsers` are followed; the least recently tracked are forgotten.
 * - On the server (SSR) nothing is sent or listened to; every presence stays `unknown`.
 *
 * @example
 * export class Avatar {
 *   readonly userId = input.required<string>();
 *   private readonly presence = inject(PresenceRealtime);
 *   readonly state = computed(() => this.presence.presence(this.userId())());
 * }
 */
@Injectable()
export class PresenceRealtime {
  private readonly realtime = inject(WebSocketService);
  private readonly options = inject(PRESENCE_OPTIONS);
  private readonly zone = inject(NgZone);
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  private readonly tracked = new TrackedPresences(this.options.maxTrackedUsers);
  private readonly changesSubject = new Subject<UserPresence>();
  private readonly manualStatus = signal<Exclude<OwnPresenceStatus, 'online'> | null>(null);
  private readonly idle = signal(false);
  private readonly hiddenState = signal(this.options.hideStatus);
  /** Joined presence channels and their subscriptions. */
  private readonly channels = new Map<string, Subscription>();
  private readonly subscriptions: Subscription[] = [];
  /** `get_presence` requests waiting for their answer. */
  private readonly seeding = new Set<Subscription>();
  /** Tracked users not asked for yet (asked as soon as connected). */
  private readonly unseeded = new Set<string>();
  private connected = false;
  /** The status the server holds for this socket, as far as we know (`null`: unknown). */
  private sentStatus: OwnPresenceStatus | null = null;
  private awayTimer: ReturnType<typeof setTimeout> | null = null;
  private flushDue = false;
  private destroyed = false;

  /**
   * What this device reports: the status chosen with `setStatus('busy' | 'away')`, else away
   * after the tab stayed hidden `awayAfterHiddenMs`, else online. Reported even while hidden
   * from others, so a settings screen can show it.
   */
  readonly status: Signal<OwnPresenceStatus> = computed(
    () => this.manualStatus() ?? (this.idle() ? 'away' : 'online'),
  );
  /** True while "hide my status" is on: this device sends nothing about its activity. */
  readonly statusHidden: Signal<boolean> = this.hiddenState.asReadonly();
  /**
   * Every change of a tracked user's presence (from an answer or an event), outside the
   * Angular zone: run app callbacks through `NgZone.run`.
   */
  readonly changes$: Observable<UserPresence> = this.changesSubject.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.destroy());
    if (!this.browser) return;
    this.subscriptions.push(
      this.realtime.status$.subscribe((status) => this.onStatus(status)),
      this.realtime.recovery$
        .pipe(filter((event) => !event.recovered))
        .subscribe(() => this.refresh()),
    );
    const page = inject(PageVisibility);
    effect(() => {
      const hidden = page.hidden();
      untracked(() => this.onPageHidden(hidden));
    });
  }

  /**
   * The presence of `userId` as a signal, `unknown` until the server answered. Tracks the
   * user: the first call asks the server (batched with other new users in the same task)
   * and follows their changes. Cheap to call again (from a template or a `computed`): it
   * returns the same signal and marks the user as recently used. An empty or non-string id
   * gives a signal that stays `unknown`.
   */
  presence(userId: string): Signal<UserPresence> {
    if (typeof userId !== 'string' || userId === '')
      return signal(unknownPresence('')).asReadonly();
    const result = this.tracked.track(userId);
    if (result.added) this.unseeded.add(userId);
    for (const evicted of result.evicted) this.unseeded.delete(evicted);
    if (result.added || result.evicted.length > 0) this.scheduleFlush();
    return result.presence;
  }

  /**
   * Tracks several users at once (a contact list) and asks the server for their presence in
   * bulk (`get_presence`, `seedBatchSize` ids per frame). Users tracked already are not
   * asked again; use `refresh()` for that.
   */
  track(userIds: readonly string[]): void {
    if (!Array.isArray(userIds)) return;
    for (const userId of userIds) this.presence(userId);
  }

  /** Stops following these users; signals handed out keep their last value. */
  untrack(userIds: readonly string[]): void {
    if (!Array.isArray(userIds)) return;
    let changed = false;
    for (const userId of userIds) {
      this.unseeded.delete(userId);
      changed = this.tracked.untrack(userId) || changed;
    }
    if (changed) this.scheduleFlush();
  }

  /** Asks the server again for every tracked user (done by itself after reconnects and gaps). */
  refresh(): void {
    if (!this.browser || !this.connected) return;
    this.unseeded.clear();
    this.seed(this.tracked.ids());
  }

  /**
   * Chooses this device's status: `busy` or `away` stay until changed; `online` ends the
   * choice and returns to automatic (online while the tab is visible, away after it stayed
   * hidden). Sent as `set_presence` unless the status is hidden.
   */
  setStatus(status: OwnPresenceStatus): void {
    if (status !== 'online' && status !== 'away' && status !== 'busy') return;
    this.manualStatus.set(status === 'online' ? null : status);
    this.sendStatus();
  }

  /**
   * "Hide my status": while on, this device sends no `set_presence` at all (no away, busy or
   * back-online). The server still derives presence from the connection: others see online
   * while a socket is open and offline after the last closes, and a status sent before
   * hiding stays until this device reconnects. Turning it off sends the current status.
   */
  setStatusHidden(hidden: boolean): void {
    this.hiddenState.set(hidden === true);
    this.sendStatus();
  }

  private onStatus(status: ConnectionStatus): void {
    const connected = status === ConnectionStatus.CONNECTED;
    const reconnected = connected && !this.connected;
    this.connected = connected;
    if (!reconnected) {
      // What the server holds for the next socket is up to it: state it again after connecting.
      if (!connected) this.sentStatus = null;
      return;
    }
    this.sendStatus();
    this.refresh();
  }

  private onPageHidden(hidden: boolean): void {
    const delay = this.options.awayAfterHiddenMs;
    if (!hidden || delay === null) {
      this.clearAwayTimer();
      if (this.idle()) {
        this.idle.set(false);
        this.sendStatus();
      }
      return;
    }
    if (this.awayTimer !== null || this.idle()) return;
    this.awayTimer = this.zone.runOutsideAngular(() =>
      setTimeout(() => {
        this.awayTimer = null;
        this.idle.set(true);
        this.sendStatus();
      }, delay),
    );
  }

  /** Tells the server this device's status when it differs from what it holds. */
  private sendStatus(): void {
    if (!this.browser || !this.connected || this.hiddenState()) return;
    const status = untracked(this.status);
    if (status === this.sentStatus) return;
    try {
      this.realtime.send({ type: 'set_presence', payload: { status } });
      this.sentStatus = status;
    } catch {
      // Outbox full or frame refused: the next change or connect tries again.
      this.sentStatus = null;
    }
  }

  /** New users are asked for and channels joined in one go, after the current task. */
  private scheduleFlush(): void {
    if (!this.browser || this.flushDue) return;
    this.flushDue = true;
    // A microtask, not a timer: presence() may run inside a template, where joining channels
    // and sending frames must wait, and a burst of avatars should make one request.
    void Promise.resolve().then(() => {
      this.flushDue = false;
      if (!this.destroyed) this.flush();
    });
  }

  private flush(): void {
    const wanted = this.wantedChannels();
    for (const [channel, subscription] of this.channels) {
      if (wanted.has(channel)) continue;
      subscription.unsubscribe();
      this.channels.delete(channel);
    }
    for (const channel of wanted) {
      if (this.channels.has(channel)) continue;
      this.channels.set(
        channel,
        this.realtime.subscribe(channel).subscribe((event) => this.onEvent(event)),
      );
    }
    if (!this.connected || this.unseeded.size === 0) return;
    const userIds = [...this.unseeded];
    this.unseeded.clear();
    this.seed(userIds);
  }

  private wantedChannels(): Set<string> {
    if (this.tracked.size === 0) return new Set();
    if (this.options.channels === 'global') return new Set([GLOBAL_CHANNEL]);
    return new Set(this.tracked.ids().map(presenceChannelOf));
  }

  /** Asks the server for the presence of `userIds`, in batches. */
  private seed(userIds: readonly string[]): void {
    const size = this.options.seedBatchSize;
    for (let start = 0; start < userIds.length; start += size) {
      // `let`: a request refused at once finalizes before the assignment.
      let request: Subscription | null = null;
      request = this.realtime
        .sendWithAck<unknown>(
          { type: 'get_presence', payload: { user_ids: userIds.slice(start, start + size) } },
          { timeoutMs: this.options.seedTimeoutMs },
        )
        .pipe(finalize(() => request !== null && this.seeding.delete(request)))
        .subscribe({
          next: (data) => this.onSeed(data),
          // Unanswered users keep what they had; the next connect or refresh() asks again.
          error: () => undefined,
        });
      if (!request.closed) this.seeding.add(request);
    }
  }

  private onSeed(data: unknown): void {
    const list = (data as { presence?: unknown } | null)?.presence;
    if (!Array.isArray(list)) return;
    for (const entry of list) this.apply(readPresence(entry));
  }

  private onEvent(event: RealtimeEvent): void {
    if (event.type === 'presence') this.apply(readPresence(event.payload));
  }

  /**
   * Stores a presence of a tracked user. The user's own presence (the server's view over all
   * their devices) is stored like anyone's; it never changes what this device reports.
   */
  private apply(presence: UserPresence | null): void {
    if (presence === null) return;
    const changed = this.tracked.apply(presence);
    if (changed !== null) this.changesSubject.next(changed);
  }

  private clearAwayTimer(): void {
    if (this.awayTimer === null) return;
    clearTimeout(this.awayTimer);
    this.awayTimer = null;
  }

  private destroy(): void {
    this.destroyed = true;
    this.clearAwayTimer();
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    for (const subscription of this.seeding) subscription.unsubscribe();
    for (const subscription of this.channels.values()) subscription.unsubscribe();
    this.seeding.clear();
    this.unseeded.clear();
    this.channels.clear();
    this.tracked.clear();
    this.changesSubject.complete();
  }
}
