import {
  ConnectionStatus,
  RealtimeClient,
  TabSharedClient,
  type RealtimeError,
  type RealtimeMessage,
  type TabSharingOptions,
} from 'ngx-realtime';
import {
  ackOf,
  feedEvent,
  FakeSocketFactory,
  postIds,
  type FakeSocket,
} from '../../../../spec-support/client-harness';
import { FakeLockManager, FakeTabBus } from '../../../../spec-support/fake-tabs';

const HEARTBEAT_MS = 100;
const LEADER_TIMEOUT_MS = 300;

/** One simulated tab: its shared client and what its app saw. */
interface Tab {
  readonly client: TabSharedClient;
  readonly seen: RealtimeMessage[];
  readonly errors: RealtimeError[];
}

/** Lets every pending message, lock grant and promise callback run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await jest.advanceTimersByTimeAsync(0);
}

function replayed(seq: number): Record<string, unknown> {
  return feedEvent(`p${seq}`, { id: `e${seq}`, seq });
}

describe('TabSharedClient: one connection for all tabs', () => {
  let bus: FakeTabBus;
  let locks: FakeLockManager;
  let sockets: FakeSocketFactory;
  let tabs: Tab[];
  let visible: boolean;
  let ids: number;

  beforeEach(() => {
    jest.useFakeTimers();
    bus = new FakeTabBus();
    locks = new FakeLockManager();
    sockets = new FakeSocketFactory();
    tabs = [];
    visible = true;
    ids = 0;
  });

  afterEach(() => {
    for (const tab of tabs) tab.client.destroy();
    jest.useRealTimers();
  });

  function openTab(options: Partial<TabSharingOptions> = {}): Tab {
    const client = new TabSharedClient({
      name: 'ngx-realtime:u1@wss://rt.example.test/ws',
      locks,
      channel: bus.factory,
      page: { visible: () => visible, listen: () => () => undefined },
      heartbeatMs: HEARTBEAT_MS,
      leaderTimeoutMs: LEADER_TIMEOUT_MS,
      ids: () => `id${++ids}`,
      createClient: (resumeFrom) =>
        new RealtimeClient({
          url: 'wss://rt.example.test/ws',
          token: () => 'tok',
          webSocket: sockets.factory,
          lifecycle: null,
          heartbeat: false,
          ids: () => `m${++ids}`,
          resumeFrom,
        }),
      ...options,
    });
    const tab: Tab = { client, seen: [], errors: [] };
    client.channel('feed:updates').subscribe((event) => tab.seen.push(event));
    client.errors$.subscribe((error) => tab.errors.push(error));
    tabs.push(tab);
    return tab;
  }

  /** Three tabs, the first one leading with an open socket. */
  async function threeTabs(): Promise<[Tab, Tab, Tab, FakeSocket]> {
    const first = openTab();
    await flush();
    const others = [openTab(), openTab()];
    for (const tab of [first, ...others]) tab.client.connect();
    await flush();
    const socket = sockets.last;
    socket.open();
    await flush();
    return [first, others[0], others[1], socket];
  }

  it('elects one leader, which alone opens a socket; the others mirror its status', async () => {
    const [first, second, third] = await threeTabs();
    expect(sockets.count).toBe(1);
    expect(tabs.map((tab) => tab.client.isLeader)).toEqual([true, false, false]);
    for (const tab of [first, second, third]) {
      expect(tab.client.status).toBe(ConnectionStatus.CONNECTED);
      expect(tab.client.stats.transport).toBe('websocket');
    }
  });

  it('relays every event to every tab once, and joins a channel while any tab wants it', async () => {
    const [first, second, third, socket] = await threeTabs();
    expect(socket.framesOf('subscribe').map((frame) => frame.payload)).toEqual([
      { channel: 'feed:updates' },
    ]);
    const alerts: RealtimeMessage[] = [];
    second.client.channel('alerts').subscribe((event) => alerts.push(event));
    await flush();
    expect(socket.framesOf('subscribe')).toHaveLength(2);
    socket.receive(replayed(1));
    socket.receive(feedEvent('a1', { id: 'x1', seq: 2, channel: 'alerts' }));
    await flush();
    for (const tab of [first, second, third]) expect(postIds(tab.seen)).toEqual(['p1']);
    expect(postIds(alerts)).toEqual(['a1']);
    second.client.unsubscribe('alerts');
    await flush();
    expect(socket.framesOf('unsubscribe').map((frame) => frame.payload)).toEqual([
      { channel: 'alerts' },
    ]);
  });

  it('sends for a follower, and brings its ack back to that tab only', async () => {
    const [first, second, , socket] = await threeTabs();
    const receipt = second.client.send({
      type: 'typing_start',
      payload: { conversation_id: 'c1' },
    });
    const answers: unknown[] = [];
    second.client
      .sendWithAck({ type: 'notification_read', payload: { notification_id: 'n1' } })
      .subscribe((data) => answers.push(data));
    await flush();
    expect(socket.only('typing_start').id).toBe(receipt.id);
    const request = socket.only('notification_read');
    socket.receive(ackOf(request, { unread_count: 3 }));
    await flush();
    expect(answers).toEqual([{ unread_count: 3 }]);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });

  it('fails an unanswered ack with `disconnected` when the leader goes, and sends queued ones to the next', async () => {
    const [first, second] = await threeTabs();
    const outcome: string[] = [];
    second.client
      .sendWithAck({ type: 'notification_read', payload: { notification_id: 'n1' } })
      .subscribe({ error: (error: RealtimeError) => outcome.push(error.code) });
    await flush();
    first.client.destroy();
    await flush();
    expect(outcome).toEqual(['disconnected']);
    // Nobody leads for a moment: the send waits, then goes out on the new leader's socket.
    second.client.send({ type: 'typing_stop', payload: { conversation_id: 'c1' } });
    await flush();
    const socket = sockets.last;
    socket.open();
    await flush();
    expect(socket.framesOf('typing_stop')).toHaveLength(1);
  });

  it('takes over when the leader tab closes: resumes from the last sequence, nothing lost or doubled', async () => {
    const [first, second, third, socket] = await threeTabs();
    for (const seq of [1, 2, 3]) socket.receive(replayed(seq));
    await flush();
    first.client.destroy();
    await flush();
    expect(sockets.count).toBe(2);
    expect(second.client.isLeader).toBe(true);
    const next = sockets.last;
    next.open();
    const request = next.only('get_missed_messages');
    expect(request.payload).toEqual({ last_sequence: 3 });
    // Sent while nobody held a socket: 4 and 5; the replay repeats 3 as well.
    next.receive(
      ackOf(request, { messages: [replayed(3), replayed(4), replayed(5)], complete: true }),
    );
    next.receive(replayed(6));
    await flush();
    for (const tab of [second, third]) {
      expect(postIds(tab.seen)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      expect(tab.client.status).toBe(ConnectionStatus.CONNECTED);
    }
  });

  it('replaces a frozen leader after the timeout (stealing its lock), and the thawed one steps down', async () => {
    const [first, second, third, socket] = await threeTabs();
    socket.receive(replayed(1));
    await flush();
    for (const end of bus.ends.filter((end) => end === bus.ends[0])) end.frozen = true;
    socket.receive(replayed(2)); // reaches the frozen tab only
    await jest.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS + 2 * HEARTBEAT_MS);
    await flush();
    const leaders = tabs.filter((tab) => tab.client.isLeader);
    expect(leaders).toHaveLength(1);
    expect(first.client.isLeader).toBe(false);
    expect(socket.isClosed).toBe(true);
    const next = sockets.last;
    next.open();
    const request = next.only('get_missed_messages');
    expect(request.payload).toEqual({ last_sequence: 1 });
    next.receive(ackOf(request, { messages: [replayed(2)], complete: true }));
    next.receive(replayed(3));
    await flush();
    for (const tab of [second, third]) expect(postIds(tab.seen)).toEqual(['p1', 'p2', 'p3']);
  });

  it('never steals from a hidden tab: a hidden follower waits until it is shown', async () => {
    const [, second, third, socket] = await threeTabs();
    visible = false;
    bus.ends[0].frozen = true;
    await jest.advanceTimersByTimeAsync(LEADER_TIMEOUT_MS * 3);
    expect([second, third].some((tab) => tab.client.isLeader)).toBe(false);
    expect(second.client.status).toBe(ConnectionStatus.RECONNECTING);
    expect(socket.isClosed).toBe(false);
    visible = true;
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS * 2);
    await flush();
    expect([second, third].filter((tab) => tab.client.isLeader)).toHaveLength(1);
  });

  it('ignores hostile messages on the channel with a typed error, and keeps relaying', async () => {
    const [, second, , socket] = await threeTabs();
    const name = bus.ends[0].name;
    const hostile: unknown[] = [
      'hello',
      null,
      { ns: 'ngx-realtime/tabs@1', from: 'x', kind: 'event', message: { id: 1 }, position: 1 },
      { ns: 'ngx-realtime/tabs@1', from: 'x', kind: 'state', state: { status: 'owned' } },
      { ns: 'ngx-realtime/tabs@1', from: 'x', kind: 'reply', to: 'id1', requestId: 'r', reply: {} },
      {
        ns: 'ngx-realtime/tabs@1',
        from: 'x',
        kind: 'request',
        requestId: 'r',
        request: { op: 'eval' },
      },
      {
        ns: 'ngx-realtime/tabs@1',
        from: 'x',
        kind: 'error',
        error: { code: 'pwned', message: '' },
      },
      { ns: 'other', from: 'x', kind: 'bye' },
    ];
    for (const data of hostile) bus.inject(name, data);
    await flush();
    expect(second.errors).toHaveLength(hostile.length);
    expect(new Set(second.errors.map((error) => error.code))).toEqual(
      new Set(['invalid_tab_message']),
    );
    expect(second.client.status).toBe(ConnectionStatus.CONNECTED);
    socket.receive(replayed(1));
    await flush();
    expect(postIds(second.seen)).toEqual(['p1']);
  });

  it('elects over the channel where Web Locks are missing, and re-elects when the leader goes', async () => {
    const first = openTab({ locks: null });
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    const second = openTab({ locks: null });
    const third = openTab({ locks: null });
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    expect(tabs.map((tab) => tab.client.isLeader)).toEqual([true, false, false]);
    first.client.destroy();
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    expect([second, third].filter((tab) => tab.client.isLeader)).toHaveLength(1);
  });

  it('answers getMissedMessages and connect commands of followers through the leader', async () => {
    const [first, second] = await threeTabs();
    second.client.disconnect();
    await flush();
    expect(first.client.status).toBe(ConnectionStatus.DISCONNECTED);
    expect(second.client.status).toBe(ConnectionStatus.DISCONNECTED);
    second.client.connect();
    await flush();
    expect(sockets.count).toBe(2);
  });
});

describe('TabSharedClient over a real BroadcastChannel', () => {
  it("relays an event between two tabs through Node's BroadcastChannel", async () => {
    // jsdom does not expose BroadcastChannel; Node's own is injected through the factory.
    const { BroadcastChannel } =
      jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');
    const locks = new FakeLockManager();
    const sockets = new FakeSocketFactory();
    const name = `real-${Date.now()}`;
    const open = () =>
      new TabSharedClient({
        name,
        locks,
        channel: (name) =>
          new BroadcastChannel(name) as unknown as import('ngx-realtime').TabChannel,
        page: null,
        createClient: (resumeFrom) =>
          new RealtimeClient({
            url: 'wss://rt.example.test/ws',
            webSocket: sockets.factory,
            lifecycle: null,
            heartbeat: false,
            resumeFrom,
          }),
      });
    const leader = open();
    const follower = open();
    const seen: RealtimeMessage[] = [];
    follower.channel('feed:updates').subscribe((event) => seen.push(event));
    leader.connect();
    try {
      await until(() => sockets.count === 1);
      sockets.last.open();
      await until(() => follower.status === ConnectionStatus.CONNECTED);
      await until(() => sockets.last.framesOf('subscribe').length === 1);
      sockets.last.receive(feedEvent('p1', { id: 'e1', seq: 1 }));
      await until(() => seen.length === 1);
      expect(postIds(seen)).toEqual(['p1']);
    } finally {
      leader.destroy();
      follower.destroy();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('condition never became true');
}
