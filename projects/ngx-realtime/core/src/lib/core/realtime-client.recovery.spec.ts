import {
  listingsProtocol,
  type RealtimeMessage,
  type RecoveryEvent,
  type RecoveryVerdict,
} from 'ngx-realtime';
import {
  ackErrorOf,
  ackOf,
  createHarness,
  serverFrame,
  feedEvent,
  postIds,
  type FakeSocket,
  type Harness,
} from '../../../../spec-support/client-harness';

/** The wire shape of a replayed event, as inside a `get_missed_messages` reply. */
function replayed(seq: number): Record<string, unknown> {
  return feedEvent(`p${seq}`, { id: `e${seq}`, seq });
}

describe('RealtimeClient: catch-up after a reconnect', () => {
  let h: Harness;
  let seen: RealtimeMessage[];
  let verdicts: RecoveryVerdict[];
  let recoveries: RecoveryEvent[];
  const reasons = () => recoveries.map((event) => event.reason);

  beforeEach(() => {
    jest.useFakeTimers();
    h = createHarness();
    seen = [];
    verdicts = [];
    recoveries = [];
    h.client.channel('feed:updates').subscribe((event) => seen.push(event));
    h.client.recovery$.subscribe((event) => {
      recoveries.push(event);
      verdicts.push(event.verdict);
    });
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  /** Connects, receives seq 1..3, loses the link and opens the next socket. */
  function reconnectAfterThree(): FakeSocket {
    const first = h.connectOpen();
    for (const seq of [1, 2, 3]) first.receive(replayed(seq));
    first.serverClose();
    const second = h.advanceToRetry();
    second.open();
    return second;
  }

  it('asks for nothing on a first connection or when the server sends no seq', () => {
    const first = h.connectOpen();
    expect(first.framesOf('get_missed_messages')).toEqual([]);
    first.receive(feedEvent('p1'));
    first.serverClose();
    const second = h.advanceToRetry();
    second.open();
    expect(second.framesOf('get_missed_messages')).toEqual([]);
    expect(verdicts).toEqual([]);
  });

  it('replays the missed events first, then the live ones held meanwhile, without duplicates', () => {
    const socket = reconnectAfterThree();
    const request = socket.only('get_missed_messages');
    expect(request.payload).toEqual({ last_sequence: 3 });
    expect(request.ack_id).toBeDefined();
    // Live events arrive before the reply: held back.
    socket.receive(replayed(6));
    socket.receive(replayed(7));
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3']);
    socket.receive(
      ackOf(request, {
        messages: [replayed(5), replayed(3), replayed(4), replayed(6)],
        complete: true,
      }),
    );
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(recoveries).toEqual([
      {
        recovered: true,
        verdict: 'complete',
        reason: null,
        channels: ['feed:updates'],
        at: Date.now(),
      },
    ]);
    expect(h.client.stats).toMatchObject({ lastRecovery: 'complete', lastSequence: 7 });
    socket.receive(replayed(8));
    socket.receive(replayed(5));
    expect(postIds(seen).slice(-1)).toEqual(['p8']);
    expect(seen).toHaveLength(8);
  });

  it('sends the catch-up request after the subscriptions and before the outbox', () => {
    const first = h.connectOpen();
    first.receive(replayed(1));
    first.serverClose();
    h.client.send({ type: 'typing_start', payload: { conversation_id: 'c1' } });
    const second = h.advanceToRetry();
    second.open();
    expect(second.frames.map((frame) => frame.type)).toEqual([
      'subscribe',
      'get_missed_messages',
      'typing_start',
    ]);
  });

  it('reports `incomplete` when the server lost part of the range', () => {
    const socket = reconnectAfterThree();
    socket.receive(
      ackOf(socket.only('get_missed_messages'), { messages: [replayed(5)], complete: false }),
    );
    expect(verdicts).toEqual(['incomplete']);
    expect(recoveries[0]).toMatchObject({ recovered: false, reason: 'log_trimmed' });
    expect(recoveries[0]?.channels).toEqual(['feed:updates']);
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p5']);
  });

  it('reports `failed` and releases the held events when the request is refused', () => {
    const socket = reconnectAfterThree();
    socket.receive(replayed(9));
    socket.receive(ackErrorOf(socket.only('get_missed_messages'), 'INTERNAL_ERROR'));
    expect(verdicts).toEqual(['failed']);
    expect(reasons()).toEqual(['request_failed']);
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p9']);
    expect(h.errors.map((error) => error.serverCode)).toEqual(['INTERNAL_ERROR']);
  });

  it('reports `failed` when the server does not answer within the ack timeout', () => {
    const socket = reconnectAfterThree();
    socket.receive(replayed(9));
    jest.advanceTimersByTime(9_999);
    expect(verdicts).toEqual([]);
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3']);
    jest.advanceTimersByTime(1);
    expect(verdicts).toEqual(['failed']);
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p9']);
  });

  it('reports `failed` for an unreadable reply', () => {
    const socket = reconnectAfterThree();
    socket.receive(ackOf(socket.only('get_missed_messages'), { nothing: true }));
    expect(verdicts).toEqual(['failed']);
    expect(h.errors.map((error) => error.code)).toEqual(['invalid_message']);
  });

  it('drops, counts and reports invalid items of a reply, and keeps the valid ones', () => {
    const socket = reconnectAfterThree();
    const broken = { ...replayed(4), payload: { post_id: 42 } };
    socket.receive(
      ackOf(socket.only('get_missed_messages'), {
        messages: [broken, replayed(5)],
        complete: true,
      }),
    );
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p5']);
    expect(h.errors.map((error) => error.code)).toEqual(['invalid_message']);
    expect(h.client.stats.decodeErrors).toBe(1);
  });

  it('keeps holding when the link drops mid catch-up, and asks again from the same point', () => {
    const second = reconnectAfterThree();
    second.receive(replayed(6));
    second.serverClose();
    expect(h.client.stats.pendingAcks).toBe(0);
    const third = h.advanceToRetry();
    third.open();
    expect(third.only('get_missed_messages').payload).toEqual({ last_sequence: 3 });
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3']);
    third.receive(
      ackOf(third.only('get_missed_messages'), { messages: [replayed(4), replayed(5)] }),
    );
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(verdicts).toEqual(['complete']);
  });

  it('releases the held events when the app disconnects mid catch-up', () => {
    const socket = reconnectAfterThree();
    socket.receive(replayed(6));
    h.client.disconnect();
    expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p6']);
    expect(h.client.stats.pendingAcks).toBe(0);
  });

  describe("following the server's own sequence position", () => {
    const greeting = (lastSequence: number, epoch = 'run-1') =>
      serverFrame('connect', { user_id: 'u1', last_sequence: lastSequence, epoch });

    it('takes the greeting as the baseline, so a drop before the first event is caught up', () => {
      const first = h.connectOpen();
      first.receive(greeting(7));
      expect(h.client.stats.lastSequence).toBe(7);
      first.serverClose();
      const second = h.advanceToRetry();
      second.open();
      const request = second.only('get_missed_messages');
      expect(request.payload).toEqual({ last_sequence: 7 });
      second.receive(
        ackOf(request, {
          messages: [replayed(8)],
          complete: true,
          last_sequence: 8,
          epoch: 'run-1',
        }),
      );
      expect(postIds(seen)).toEqual(['p8']);
      expect(verdicts).toEqual(['complete']);
    });

    it("does not let the old high-water mark swallow a restarted server's events", () => {
      const socket = reconnectAfterThree();
      socket.receive(greeting(0, 'run-2'));
      const request = socket.only('get_missed_messages');
      socket.receive(
        ackOf(request, {
          messages: [feedEvent('n1', { id: 'x1', seq: 1 }), feedEvent('n2', { id: 'x2', seq: 2 })],
          complete: false,
          last_sequence: 2,
          epoch: 'run-2',
        }),
      );
      socket.receive(feedEvent('n3', { id: 'x3', seq: 3 }));
      expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'n1', 'n2', 'n3']);
      expect(verdicts).toEqual(['incomplete']);
      expect(reasons()).toEqual(['server_restarted']);
      expect(h.client.stats.lastSequence).toBe(3);
    });

    it('notices a restart from a catch-up reply whose numbers went backwards', () => {
      const socket = reconnectAfterThree();
      socket.receive(
        ackOf(socket.only('get_missed_messages'), {
          messages: [feedEvent('n1', { id: 'x1', seq: 1 })],
          complete: false,
          last_sequence: 1,
        }),
      );
      expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'n1']);
      expect(h.client.stats.lastSequence).toBe(1);
      expect(reasons()).toEqual(['server_restarted']);
    });

    it('still drops true duplicates by id after a rebase', () => {
      const socket = reconnectAfterThree();
      socket.receive(
        ackOf(socket.only('get_missed_messages'), {
          messages: [replayed(3), feedEvent('n1', { id: 'x1', seq: 1 })],
          complete: false,
          last_sequence: 1,
          epoch: 'run-2',
        }),
      );
      expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'n1']);
    });
  });

  describe('gap detection on a live connection (prev_seq)', () => {
    const live = (seq: number, prevSeq: number) =>
      feedEvent(`p${seq}`, { id: `e${seq}`, seq, prev_seq: prevSeq });

    it('asks for the missing events at once and keeps per-channel order', () => {
      const socket = h.connectOpen();
      socket.receive(live(1, 0));
      socket.receive(live(2, 1));
      expect(socket.framesOf('get_missed_messages')).toEqual([]);
      socket.receive(live(4, 3)); // 3 went missing
      const request = socket.only('get_missed_messages');
      expect(request.payload).toEqual({ last_sequence: 2 });
      socket.receive(live(5, 4)); // held meanwhile
      expect(postIds(seen)).toEqual(['p1', 'p2']);
      socket.receive(ackOf(request, { messages: [replayed(3), replayed(4)], complete: true }));
      expect(postIds(seen)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
      expect(verdicts).toEqual(['complete']);
    });

    it('asks nothing while the chain is intact or before any event', () => {
      const socket = h.connectOpen();
      socket.receive(live(7, 6)); // first event ever: no baseline to compare with
      socket.receive(live(8, 7));
      expect(socket.framesOf('get_missed_messages')).toEqual([]);
      expect(postIds(seen)).toEqual(['p7', 'p8']);
    });
  });

  it('delivers events held across a restart without letting their old numbers swallow new ones', () => {
    const first = h.connectOpen();
    const live = (seq: number, prevSeq: number, id = `e${seq}`) =>
      feedEvent(`p${seq}`, { id, seq, prev_seq: prevSeq });
    first.receive(live(40, 39));
    first.receive(live(44, 43)); // gap: a catch-up starts and holds seq 44
    first.serverClose(); // the server restarts before answering
    const second = h.advanceToRetry();
    second.open();
    second.receive(serverFrame('connect', { user_id: 'u1', last_sequence: 0, epoch: 'run-2' }));
    second.receive(
      ackOf(second.only('get_missed_messages'), {
        messages: [],
        complete: false,
        last_sequence: 0,
        epoch: 'run-2',
      }),
    );
    second.receive(feedEvent('n1', { id: 'x1', seq: 1, prev_seq: 0 }));
    second.receive(feedEvent('n2', { id: 'x2', seq: 2, prev_seq: 1 }));
    expect(postIds(seen)).toEqual(['p40', 'p44', 'n1', 'n2']);
    expect(verdicts).toEqual(['incomplete']);
    expect(reasons()).toEqual(['server_restarted']);
    expect(h.client.stats.lastSequence).toBe(2);
  });

  describe('on a protocol that cannot catch up', () => {
    it('reports every reconnect as not recovered (not_supported), never the first connection', () => {
      const plain = createHarness({ protocol: listingsProtocol() });
      const events: RecoveryEvent[] = [];
      plain.client.recovery$.subscribe((event) => events.push(event));
      plain.client.channel('conversation:7').subscribe();
      const first = plain.connectOpen();
      expect(events).toEqual([]);
      first.serverClose();
      plain.advanceToRetry().open();
      expect(events).toEqual([
        expect.objectContaining({
          recovered: false,
          verdict: 'failed',
          reason: 'not_supported',
          channels: ['conversation:7'],
        }),
      ]);
      expect(plain.client.stats.lastRecovery).toBe('failed');
      plain.client.destroy();
    });
  });
});
