import { getPresence, setPresence } from '../src/features/presence';
import { ackData, DomainHarness } from './domain-support';
import { TestClient, waitFor, type Received } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Presence events about `userId` on `channel`, as statuses. */
const statuses = (client: TestClient, userId: string, channel = 'presence') =>
  client
    .ofType('presence')
    .filter((frame: Received) => frame.channel === channel && frame.payload['user_id'] === userId)
    .map((frame) => frame.payload['status']);

describe('reference server: presence', () => {
  const harness = new DomainHarness();

  beforeEach(() => harness.start({ presenceOfflineDelayMs: 100 }));
  afterEach(() => harness.stop());

  /** A user watching `presence` and `presence:alice`. */
  const watcher = async () => {
    const client = await harness.connect('watcher');
    await client.request('subscribe', { channel: 'presence' });
    await client.request('subscribe', { channel: 'presence:alice' });
    return client;
  };

  it('goes online on the first socket, on presence and presence:{userId}', async () => {
    const watch = await watcher();
    await harness.connect('alice');
    await waitFor(() => statuses(watch, 'alice', 'presence:alice').length === 1);
    expect(statuses(watch, 'alice')).toEqual(['online']);
    const event = watch.ofType('presence').find((frame) => frame.payload['user_id'] === 'alice');
    expect(Date.parse(String(event?.payload['last_seen']))).not.toBeNaN();
  });

  it('goes offline a grace period after the last of several sockets closed', async () => {
    const watch = await watcher();
    const phone = await harness.connect('alice');
    const laptop = await harness.connect('alice');
    await phone.close();
    await laptop.request('heartbeat', {});
    await sleep(200);
    expect(statuses(watch, 'alice')).toEqual(['online']);
    await laptop.close();
    await waitFor(() => statuses(watch, 'alice').length === 2);
    expect(statuses(watch, 'alice')).toEqual(['online', 'offline']);
    expect(getPresence(harness.context, 'alice').status).toBe('offline');
  });

  it('a reconnect within the grace period calls the offline off', async () => {
    await harness.restartWith({ presenceOfflineDelayMs: 200 });
    const watch = await watcher();
    const first = await harness.connect('alice');
    await first.close();
    await harness.connect('alice');
    await sleep(400);
    expect(statuses(watch, 'alice')).toEqual(['online']);
  });

  it('set_presence away / busy is broadcast and acked; other values are refused', async () => {
    const watch = await watcher();
    const alice = await harness.connect('alice');
    const away = ackData(await alice.request('set_presence', { status: 'away' }));
    expect(away).toMatchObject({ user_id: 'alice', status: 'away' });
    await alice.request('set_presence', { status: 'busy' });
    await alice.request('set_presence', { status: 'busy' });
    await waitFor(() => statuses(watch, 'alice').length === 3);
    expect(statuses(watch, 'alice')).toEqual(['online', 'away', 'busy']);
    for (const status of ['offline', 'sleeping', 3]) {
      const refused = await alice.request('set_presence', { status });
      expect(refused.payload['code']).toBe('INVALID_MESSAGE');
    }
  });

  it('with several devices the most available status wins: online > busy > away', async () => {
    const watch = await watcher();
    const phone = await harness.connect('alice');
    const laptop = await harness.connect('alice');
    // The phone goes idle while the laptop is in use: alice stays online.
    expect(ackData(await phone.request('set_presence', { status: 'away' }))).toMatchObject({
      status: 'online',
    });
    expect(getPresence(harness.context, 'alice').status).toBe('online');
    // The laptop turns busy: busy outranks the idle phone.
    await laptop.request('set_presence', { status: 'busy' });
    expect(getPresence(harness.context, 'alice').status).toBe('busy');
    // The laptop closes: only the idle phone is left.
    await laptop.close();
    await waitFor(() => getPresence(harness.context, 'alice').status === 'away');
    // A new device starts online and brings alice back.
    await harness.connect('alice');
    await waitFor(() => statuses(watch, 'alice').length === 4);
    expect(statuses(watch, 'alice')).toEqual(['online', 'busy', 'away', 'online']);
  });

  it('extension get_presence answers the current presence of several users', async () => {
    const alice = await harness.connect('alice');
    setPresence(harness.context, 'bob', 'busy');
    const answer = ackData<{ presence: Record<string, unknown>[] }>(
      await alice.request('get_presence', { user_ids: ['alice', 'bob', 'nobody'] }),
    );
    expect(answer.presence).toEqual([
      { user_id: 'alice', status: 'online', last_seen: expect.any(String) },
      { user_id: 'bob', status: 'busy', last_seen: expect.any(String) },
      { user_id: 'nobody', status: 'offline' },
    ]);
    const refused = await alice.request('get_presence', { user_ids: 'alice' });
    expect(refused.payload['code']).toBe('INVALID_MESSAGE');
  });

  it('owns presence and presence:{userId}, nothing else', async () => {
    const client = await harness.connect('alice');
    expect((await client.request('subscribe', { channel: 'presence:bob' })).type).toBe('ack');
    const refused = await client.request('subscribe', { channel: 'presence:' });
    expect(refused.payload['code']).toBe('CHANNEL_NOT_FOUND');
  });

  it('sockets closed by a restart do not mark anyone offline in the new epoch', async () => {
    await harness.connect('alice');
    harness.server.restart();
    const watch = await watcher();
    await sleep(250);
    expect(statuses(watch, 'alice')).toEqual([]);
    expect(getPresence(harness.context, 'alice')).toEqual({ user_id: 'alice', status: 'offline' });
  });
});
