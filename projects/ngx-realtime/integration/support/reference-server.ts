/*
 * Helpers for the suites that run the library against the real reference server
 * (`projects/reference-server`), started in-process on a free loopback port. jsdom's
 * WebSocket (undici) and Node's fetch talk to it over 127.0.0.1: nothing is mocked.
 *
 * The server is imported from its TypeScript sources through a relative path (no build
 * needed); `ws` resolves to its Node build because the workspace's jsdom environment
 * drops the "browser" export condition. The server does need Node's timers (it calls
 * `unref()` on them), which jsdom replaces with its own: see {@link useNodeTimers}.
 */
import * as nodeTimers from 'node:timers';
import {
  createEnvironmentInjector,
  EnvironmentInjector,
  Injector,
  type EnvironmentProviders,
  type ProviderToken,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  provideRealtime,
  withPolling,
  WebSocketService,
  type ConnectionStatus,
  type LongPollingOptions,
  type RealtimeConfig,
  type RealtimeError,
  type RealtimeFeature,
  type RealtimeMessage,
  type RecoveryVerdict,
} from 'ngx-realtime';
import type { Subscription } from 'rxjs';
// The server's library entry point, from its sources (Jest transpiles them like the specs).
import type { ServerEnvelope, ServerOptions } from '../../../reference-server/src/index';
import {
  startReferenceServer as startInProcess,
  waitFor,
  type ReferenceServer,
} from './in-process-server';

export {
  connectionsOf,
  killConnections,
  stopReferenceServer,
  waitFor,
  type ReferenceServer,
} from './in-process-server';

const SECRET = 'integration-secret';

/**
 * Starts a reference server with a poll rate limit high enough for fast test polling (the
 * default 30 a minute would throttle the 50 ms poll interval used here).
 */
export function startReferenceServer(
  options: Partial<ServerOptions> = {},
): Promise<ReferenceServer> {
  return startInProcess({ secret: SECRET, pollsPerMinute: 10_000, ...options });
}

type TimerGlobals = Pick<
  typeof globalThis,
  'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'
>;

/**
 * Gives this test file Node's timer functions in place of jsdom's. The in-process server
 * calls `unref()` on its timers (so they never keep Node alive), and jsdom's timers return
 * plain numbers; the library accepts any timer handle, so both sides work on Node's.
 * Call it at the top of the file's `describe`. Not undone afterwards: socket close
 * events can reach the server after the last test, and Jest gives every test file a fresh
 * jsdom global anyway.
 */
export function useNodeTimers(): void {
  beforeAll(() => {
    Object.assign(globalThis as TimerGlobals, {
      setTimeout: nodeTimers.setTimeout,
      clearTimeout: nodeTimers.clearTimeout,
      setInterval: nodeTimers.setInterval,
      clearInterval: nodeTimers.clearInterval,
    });
  });
}

/** True when an open connection of `userId` has joined `channel`. */
export function joined(server: ReferenceServer, userId: string, channel: string): boolean {
  for (const connection of server.hub.connections()) {
    if (connection.userId === userId && connection.open && connection.subscriptions.has(channel))
      return true;
  }
  return false;
}

/** Publishes a valid `feed_update` (new post `postId`) on `feed:updates`. */
export function publishPost(server: ReferenceServer, postId: string): number {
  return server.hub.publish('feed:updates', 'feed_update', { type: 'new_post', post_id: postId });
}

/** Delivers a valid `notification` to `userId` on the auto-joined `notifications` channel. */
export function notify(server: ReferenceServer, userId: string, id: string): ServerEnvelope {
  return server.hub.deliverToUser(
    userId,
    'notification',
    { id, type: 'like', message: `notification ${id}` },
    { channel: 'notifications' },
  );
}

/** Post ids of `feed_update` events, in arrival order. */
export function postIds(events: readonly RealtimeMessage[]): string[] {
  return events.map((event) => String((event.payload as { post_id: unknown }).post_id));
}

/** Notification ids of `notification` events, in arrival order. */
export function notificationIds(events: readonly RealtimeMessage[]): string[] {
  return events.map((event) => String((event.payload as { id: unknown }).id));
}

/** Settings of one {@link RealtimeHarness}. */
export interface RealtimeSetup {
  readonly userId: string;
  /** Add `withPolling({ minIntervalMs: 50, timeoutSeconds: 1, ...polling })`; `false`: none. */
  readonly polling?: false | Partial<LongPollingOptions>;
  /** Overrides of the configuration given to `provideRealtime`. */
  readonly config?: Partial<RealtimeConfig>;
  /** More features for `provideRealtime` (`withNotifications()`, ...). */
  readonly features?: readonly RealtimeFeature[];
}

/** `provideRealtime(...)` the way an app would call it, pointed at `server`. */
function realtimeProviders(
  server: ReferenceServer,
  setup: RealtimeSetup,
  token: () => string,
): EnvironmentProviders {
  const config: RealtimeConfig = {
    url: server.url,
    token,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
    heartbeat: { intervalMs: 1_000, deadAfterMs: 3_000 },
    reportToErrorHandler: false,
    ...setup.config,
  };
  const features =
    setup.polling === false
      ? []
      : [withPolling({ minIntervalMs: 50, timeoutSeconds: 1, ...setup.polling })];
  return provideRealtime(config, ...features, ...(setup.features ?? []));
}

/**
 * A `WebSocketService` for one user, pointed at the real server with short reconnect
 * delays, with everything it reports recorded. The first one comes from the TestBed
 * ({@link RealtimeHarness.inTestBed}); more users get their own environment injector
 * ({@link RealtimeHarness.forUser}), as two lazy routes with their own providers would.
 */
export class RealtimeHarness {
  /** Every status the service went through, the initial one first. */
  readonly statuses: ConnectionStatus[] = [];
  readonly recoveries: RecoveryVerdict[] = [];
  readonly errors: RealtimeError[] = [];
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    readonly server: ReferenceServer,
    readonly userId: string,
    readonly service: WebSocketService,
    private readonly injector: Injector,
    private readonly teardown: () => void,
  ) {
    this.subscriptions.push(
      service.status$.subscribe((status) => this.statuses.push(status)),
      service.recovery$.subscribe((event) => this.recoveries.push(event.verdict)),
      service.errors.subscribe((error) => this.errors.push(error)),
    );
  }

  /** Configures the TestBed with `provideRealtime` for `setup.userId` and injects the service. */
  static inTestBed(server: ReferenceServer, setup: RealtimeSetup): RealtimeHarness {
    const token = server.issueToken(setup.userId);
    TestBed.configureTestingModule({ providers: [realtimeProviders(server, setup, () => token)] });
    return new RealtimeHarness(
      server,
      setup.userId,
      TestBed.inject(WebSocketService),
      TestBed.inject(Injector),
      () => TestBed.resetTestingModule(),
    );
  }

  /** Another user's service, in a child environment injector of the TestBed's. */
  static forUser(server: ReferenceServer, setup: RealtimeSetup): RealtimeHarness {
    const token = server.issueToken(setup.userId);
    const injector = createEnvironmentInjector(
      [realtimeProviders(server, setup, () => token)],
      TestBed.inject(EnvironmentInjector),
    );
    return new RealtimeHarness(server, setup.userId, injector.get(WebSocketService), injector, () =>
      injector.destroy(),
    );
  }

  /** Something else from this user's injector, such as a domain service. */
  get<T>(token: ProviderToken<T>): T {
    return this.injector.get(token);
  }

  /** Events of `channel`, recorded from now on (the first listener joins the channel). */
  listen(channel: string): RealtimeMessage[] {
    const events: RealtimeMessage[] = [];
    this.subscriptions.push(
      this.service.subscribe(channel).subscribe((event) => events.push(event)),
    );
    return events;
  }

  /** Waits until the status is `status`. */
  async reach(status: ConnectionStatus, timeoutMs = 4_000): Promise<void> {
    await waitFor(
      () => this.service.status() === status,
      `status ${status}`,
      timeoutMs,
      () =>
        `went through ${this.statuses.join(' → ')}; errors: ${this.errors.map((error) => error.code).join(', ')}`,
    );
  }

  /** Waits until an open socket of this user on the server has joined `channel`. */
  async joined(channel: string): Promise<void> {
    await waitFor(() => joined(this.server, this.userId, channel), `${this.userId} in ${channel}`);
  }

  /** Stops recording and destroys the service's injector (which destroys the service). */
  destroy(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    this.teardown();
  }
}
