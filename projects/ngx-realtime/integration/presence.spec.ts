/*
 * PresenceRealtime against the real reference server: two users (and two devices of one),
 * real sockets, real timers. The server's offline debounce is shortened to 200 ms; every wait
 * polls a condition, none sleeps.
 */
import { TestBed } from '@angular/core/testing';
import {
  PresenceRealtime,
  withPresence,
  type PresenceOptions,
  type UserPresence,
} from 'ngx-realtime';
import {
  RealtimeHarness,
  startReferenceServer,
  stopReferenceServer,
  useNodeTimers,
  waitFor,
  type ReferenceServer,
} from './support/reference-server';

/** Makes jsdom's document report `state` and tells the page, as a browser would. */
function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
  // Runs the services' effects on the page signal now rather than at the next scheduled tick.
  TestBed.tick();
}

describe('integration: presence against the reference server', () => {
  let server: ReferenceServer;
  const harnesses: RealtimeHarness[] = [];
  useNodeTimers();

  beforeEach(async () => {
    server = await startReferenceServer({ presenceOfflineDelayMs: 200 });
  });

  afterEach(async () => {
    // Child injectors first: the TestBed one (the first) goes last.
    for (const harness of harnesses.splice(0).reverse()) harness.destroy();
    Reflect.deleteProperty(document, 'visibilityState');
    await stopReferenceServer(server);
  });

  /** A user (or one more device of a user) with the presence feature. */
  function user(userId: string, options: PresenceOptions = {}) {
    const setup = { userId, polling: false as const, features: [withPresence(options)] };
    const harness =
      harnesses.length === 0
        ? RealtimeHarness.inTestBed(server, setup)
        : RealtimeHarness.forUser(server, setup);
    harnesses.push(harness);
    return { harness, presence: harness.get(PresenceRealtime) };
  }

  /** Every status `userId` went through, as `observer` saw it. */
  function watch(observer: PresenceRealtime, userId: string) {
    const seen: string[] = [];
    observer.changes$.subscribe((change: UserPresence) => {
      if (change.userId === userId) seen.push(change.status);
    });
    return { seen, presence: observer.presence(userId) };
  }

  /** True once the server processed a `set_presence {status}` from `userId`. */
  const serverGot = (userId: string, status: string) =>
    server.hub
      .session(userId)
      .received.some(
        (frame) => frame.type === 'set_presence' && frame.payload['status'] === status,
      );

  it('B sees A online, away while A’s tab is hidden past the delay, online again, offline after A leaves', async () => {
    const bob = user('bob', { awayAfterHiddenMs: null });
    const alice = user('alice', { awayAfterHiddenMs: 100 });
    const { seen, presence: aliceForBob } = watch(bob.presence, 'alice');

    bob.harness.service.connect();
    // Seeded through get_presence: the server never saw alice.
    await waitFor(() => aliceForBob().status === 'offline', 'alice seeded offline');
    expect(aliceForBob().lastSeen).toBeNull();

    alice.harness.service.connect();
    await waitFor(() => aliceForBob().status === 'online', 'alice online');
    expect(aliceForBob().lastSeen).toBeInstanceOf(Date);

    setVisibility('hidden');
    await waitFor(() => aliceForBob().status === 'away', 'alice away');
    expect(alice.presence.status()).toBe('away');
    // Bob's own status stays online: he turned automatic away off.
    expect(bob.presence.status()).toBe('online');

    setVisibility('visible');
    await waitFor(() => aliceForBob().status === 'online', 'alice back online');

    alice.harness.service.disconnect();
    await waitFor(() => aliceForBob().status === 'offline', 'alice offline');
    expect(aliceForBob().lastSeen).toBeInstanceOf(Date);
    expect(seen).toEqual(['offline', 'online', 'away', 'online', 'offline']);
    expect(bob.harness.errors).toEqual([]);
  });

  it('two devices of A: B sees the most available status (online > busy > away)', async () => {
    const bob = user('bob', { awayAfterHiddenMs: null });
    const phone = user('alice', { awayAfterHiddenMs: 50 });
    const laptop = user('alice', { awayAfterHiddenMs: null });
    const { seen, presence: aliceForBob } = watch(bob.presence, 'alice');

    bob.harness.service.connect();
    phone.harness.service.connect();
    laptop.harness.service.connect();
    await Promise.all([phone.harness.reach('connected'), laptop.harness.reach('connected')]);
    await waitFor(() => aliceForBob().status === 'online', 'alice online');

    // The phone's tab goes idle, the laptop stays in use: alice is still online.
    setVisibility('hidden');
    await waitFor(() => serverGot('alice', 'away'), 'the phone reported away');
    // The laptop's busy is the next change bob sees: no away came in between.
    laptop.presence.setStatus('busy');
    await waitFor(() => aliceForBob().status === 'busy', 'alice busy');

    // The laptop leaves: only the idle phone is left.
    laptop.harness.service.disconnect();
    await waitFor(() => aliceForBob().status === 'away', 'alice away');

    phone.harness.service.disconnect();
    await waitFor(() => aliceForBob().status === 'offline', 'alice offline');
    // Before `online` there may be the seed's `offline`, depending on who connected first.
    expect(seen.slice(seen.indexOf('online'))).toEqual(['online', 'busy', 'away', 'offline']);
  });

  it('hide my status: away and busy never reach B; the connection still shows A online', async () => {
    const bob = user('bob', { awayAfterHiddenMs: null });
    const alice = user('alice', { awayAfterHiddenMs: 50, hideStatus: true });
    const { seen, presence: aliceForBob } = watch(bob.presence, 'alice');

    bob.harness.service.connect();
    alice.harness.service.connect();
    await waitFor(() => aliceForBob().status === 'online', 'alice online');
    alice.presence.setStatus('busy');
    setVisibility('hidden');
    await waitFor(() => alice.presence.status() === 'busy', 'alice chose busy');

    alice.harness.service.disconnect();
    await waitFor(() => aliceForBob().status === 'offline', 'alice offline');
    expect(server.hub.session('alice').received.map((frame) => frame.type)).not.toContain(
      'set_presence',
    );
    expect(seen.slice(seen.indexOf('online'))).toEqual(['online', 'offline']);
  });
});
