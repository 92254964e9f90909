import { setConversationMembers } from '../src/features/conversations';
import { getPresence } from '../src/features/presence';
import { startSimulator } from '../src/simulator';
import { SIMULATED_USERS } from '../src/simulator-script';
import { DomainHarness } from './domain-support';
import { waitFor, type TestClient } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small seeded PRNG (mulberry32): the same seed gives the same traffic decisions. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAIN_EVENTS = [
  'notification',
  'typing_start',
  'typing_stop',
  'message',
  'feed_update',
  'count_update',
  'presence',
];

const domainEvents = (client: TestClient) =>
  client.frames.filter((frame) => DOMAIN_EVENTS.includes(frame.type));

describe('reference server: simulator', () => {
  const harness = new DomainHarness();
  const stops: (() => void)[] = [];

  beforeEach(() => harness.start());
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await harness.stop();
  });

  const simulate = (options: Parameters<typeof startSimulator>[2]) => {
    const stop = startSimulator(harness.server, harness.context, options);
    stops.push(stop);
    return stop;
  };

  /** A real user in conversation `demo`, on the feed and watching presence. */
  const realUser = async () => {
    const client = await harness.joined('alice', 'demo');
    await client.request('subscribe', { channel: 'feed:updates' });
    await client.request('subscribe', { channel: 'presence' });
    return client;
  };

  it('produces every kind of traffic for a connected user, all of it valid for the library', async () => {
    const alice = await realUser();
    simulate({ random: seeded(42), intervalMs: 10, typingMs: 5 });
    for (const type of DOMAIN_EVENTS)
      await waitFor(() => alice.ofType(type).length > 0, 5000, `a simulated ${type}`);
    const simulated = new Set(SIMULATED_USERS.map((user) => user.id));
    const message = alice.ofType('message')[0].payload;
    expect(simulated.has(String(message['sender_id']))).toBe(true);
    expect(message['conversation_id']).toBe('demo');
    expect(message['sender']).toMatchObject({ display_name: expect.any(String) });
    expect(simulated.has(String(alice.ofType('notification')[0].payload['actor_id']))).toBe(true);
    // The harness checks every received event against the library's validators on stop.
  });

  it('follows the injected random source', async () => {
    const alice = await realUser();
    // Always the first action: a notification (there is a real user to notify).
    simulate({ random: () => 0, intervalMs: 10 });
    await waitFor(() => alice.ofType('notification').length >= 5);
    const kinds = new Set(domainEvents(alice).map((frame) => frame.type));
    // The cast's presence is announced once at the start; everything after is notifications.
    kinds.delete('presence');
    expect([...kinds]).toEqual(['notification']);
  });

  it('only lets members of a members-only conversation speak in it', async () => {
    setConversationMembers(harness.context, 'demo', ['alice', 'sim-leo']);
    const alice = await realUser();
    simulate({ random: seeded(7), intervalMs: 10, typingMs: 5 });
    await waitFor(() => alice.ofType('message').length >= 3, 5000, 'simulated messages');
    const senders = new Set(alice.ofType('message').map((frame) => frame.payload['sender_id']));
    expect([...senders]).toEqual(['sim-leo']);
  });

  it('without real users it still changes the presence of its cast', async () => {
    simulate({ random: seeded(3), intervalMs: 5 });
    await waitFor(() =>
      SIMULATED_USERS.some((user) => getPresence(harness.context, user.id).status !== 'online'),
    );
  });

  it('stops cleanly: nothing more happens after stop()', async () => {
    const alice = await realUser();
    const stop = simulate({ random: seeded(1), intervalMs: 10, typingMs: 30 });
    await waitFor(() => domainEvents(alice).length >= 10);
    stop();
    // Frames sent before stop() arrive before the answer to a frame sent after it.
    await alice.request('heartbeat', {});
    const seen = domainEvents(alice).length;
    await sleep(150);
    expect(domainEvents(alice).length).toBe(seen);
    // Nobody of the cast is left "typing" by a message that will never come.
    const typing = new Map<unknown, unknown>();
    for (const frame of alice.frames)
      if (frame.type === 'typing_start' || frame.type === 'typing_stop')
        typing.set(frame.payload['user_id'], frame.type);
    expect([...typing.values()].filter((type) => type === 'typing_start')).toEqual([]);
  });

  it('keeps going after a restart and announces its cast again', async () => {
    simulate({ random: seeded(9), intervalMs: 10 });
    expect(getPresence(harness.context, 'sim-maya').status).toBe('online');
    harness.server.restart();
    expect(getPresence(harness.context, 'sim-maya').status).toBe('offline');
    await waitFor(() => getPresence(harness.context, 'sim-maya').status !== 'offline');
  });

  it('starts with the server when simulate is on', async () => {
    await harness.restartWith({ simulate: true, dev: true });
    expect(getPresence(harness.context, 'sim-maya').status).toBe('online');
  });
});
