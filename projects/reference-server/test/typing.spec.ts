import { ackData, DomainHarness } from './domain-support';
import { waitFor, type Received } from './support';

const isType = (type: string) => (frame: Received) => frame.type === type;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Debounce and auto-clear read the server's clock, which these tests drive by hand: the
 * timers still run on real time, but whether a deadline passed is decided by `now`.
 */
describe('reference server: typing indicators', () => {
  const harness = new DomainHarness();
  let now = 1_700_000_000_000;

  beforeEach(() =>
    harness.start({
      typingDebounceMs: 50,
      typingAutoClearMs: 100,
      clock: { now: () => now },
    }),
  );
  afterEach(() => harness.stop());

  it('broadcasts typing_start to the other participants who joined, not to the typist', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    const carol = await harness.connect('carol');
    const answer = ackData(await alice.request('typing_start', { conversation_id: 'c1' }));
    expect(answer).toEqual({ conversation_id: 'c1', is_typing: true, broadcast: true });
    const event = await bob.next(isType('typing_start'));
    expect(event).toMatchObject({
      channel: 'conversation:c1',
      payload: { conversation_id: 'c1', user_id: 'alice', username: 'alice', is_typing: true },
    });
    await alice.request('heartbeat', {});
    expect(alice.ofType('typing_start')).toEqual([]);
    expect(carol.ofType('typing_start')).toEqual([]);
  });

  it('does not re-broadcast a typing_start within the debounce window', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    await alice.request('typing_start', { conversation_id: 'c1' });
    now += 40;
    const debounced = ackData(await alice.request('typing_start', { conversation_id: 'c1' }));
    expect(debounced['broadcast']).toBe(false);
    now += 20;
    const again = ackData(await alice.request('typing_start', { conversation_id: 'c1' }));
    expect(again['broadcast']).toBe(true);
    await waitFor(() => bob.ofType('typing_start').length === 2);
  });

  it('typing_stop broadcasts typing_stop once; a stop without a start tells nobody', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    await alice.request('typing_start', { conversation_id: 'c1' });
    const stop = ackData(await alice.request('typing_stop', { conversation_id: 'c1' }));
    expect(stop).toEqual({ conversation_id: 'c1', is_typing: false, broadcast: true });
    const event = await bob.next(isType('typing_stop'));
    expect(event.payload).toMatchObject({ user_id: 'alice', is_typing: false });
    const idle = ackData(await alice.request('typing_stop', { conversation_id: 'c1' }));
    expect(idle['broadcast']).toBe(false);
    await bob.request('heartbeat', {});
    expect(bob.ofType('typing_stop')).toHaveLength(1);
  });

  it('clears itself after typingAutoClearMs without a new start', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    await alice.request('typing_start', { conversation_id: 'c1' });
    now += 90;
    await alice.request('typing_start', { conversation_id: 'c1' });
    // The first deadline passed in real time, but the clock says the last start was 0 ms ago.
    await sleep(250);
    expect(bob.ofType('typing_stop')).toEqual([]);
    now += 100;
    const event = await bob.next(isType('typing_stop'));
    expect(event.payload).toMatchObject({ user_id: 'alice', is_typing: false });
  });

  it('a sent message stops the typing indicator before the message arrives', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    await alice.request('typing_start', { conversation_id: 'c1' });
    await alice.request('send_message', { conversation_id: 'c1', content: 'done typing' });
    await bob.next(isType('message'));
    const types = bob.frames
      .map((frame) => frame.type)
      .filter((type) => type.startsWith('typing') || type === 'message');
    expect(types).toEqual(['typing_start', 'typing_stop', 'message']);
  });

  it('stops when the typist closes their last socket or leaves the conversation', async () => {
    const alice = await harness.joined('alice', 'c1');
    const bob = await harness.joined('bob', 'c1');
    await alice.request('typing_start', { conversation_id: 'c1' });
    await alice.close();
    await bob.next(isType('typing_stop'));

    const carol = await harness.joined('carol', 'c1');
    await carol.request('typing_start', { conversation_id: 'c1' });
    await carol.request('conversation_leave', { conversation_id: 'c1' });
    await waitFor(() => bob.ofType('typing_stop').length === 2);
    expect(bob.ofType('typing_stop')[1].payload['user_id']).toBe('carol');
  });

  it('validates the conversation id', async () => {
    const alice = await harness.connect('alice');
    const refused = await alice.request('typing_start', {});
    expect(refused.payload['code']).toBe('INVALID_MESSAGE');
  });
});
