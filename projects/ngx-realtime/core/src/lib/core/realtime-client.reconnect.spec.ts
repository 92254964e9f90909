import {
  ackOf,
  createHarness,
  feedEvent,
  seededRandom,
  settle,
  type Harness,
} from '../../../../spec-support/client-harness';

const TEN_MINUTES = 10 * 60_000;

describe('RealtimeClient: reconnect, lifecycle and heartbeat', () => {
  let h: Harness;

  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    h.client.destroy();
    jest.useRealTimers();
  });

  /** Refuses the current attempt and returns the delay scheduled before the next one. */
  function failAndReadDelay(): number {
    h.sockets.last.serverClose(1006);
    const due = h.client.stats.nextRetryAt;
    if (due === null) throw new Error('no retry scheduled');
    return due - Date.now();
  }

  describe('backoff', () => {
    it('waits random × min(30 s, 1 s × 2^n) before attempt n, with the seeded random', () => {
      h = createHarness({ random: seededRandom(2024), reconnect: { maxAttempts: Infinity } });
      const replica = seededRandom(2024);
      h.client.connect();
      const delays: number[] = [];
      for (let attempt = 0; attempt < 12; attempt++) {
        delays.push(failAndReadDelay());
        h.advanceToRetry();
      }
      const ceilings = delays.map((_, n) => Math.min(30_000, 1_000 * 2 ** n));
      expect(delays).toEqual(ceilings.map((ceiling) => Math.floor(replica() * ceiling)));
      delays.forEach((delay, n) => {
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceilings[n]);
        expect(delay).toBeLessThanOrEqual(30_000);
      });
    });

    it('uses the ceilings themselves without jitter', () => {
      h = createHarness({ reconnect: { jitter: 'none', maxAttempts: Infinity } });
      h.client.connect();
      const delays: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) {
        delays.push(failAndReadDelay());
        h.advanceToRetry();
      }
      expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    });

    it('does not retry before the delay is over', () => {
      h = createHarness({ reconnect: { jitter: 'none' } });
      h.connectOpen().serverClose();
      jest.advanceTimersByTime(999);
      expect(h.sockets.count).toBe(1);
      jest.advanceTimersByTime(1);
      expect(h.sockets.count).toBe(2);
    });

    it('keeps backing off while the link flaps, and starts over after a stable connection', () => {
      h = createHarness({ reconnect: { jitter: 'none' }, minUptimeMs: 5_000 });
      h.connectOpen().serverClose();
      h.advanceToRetry().open();
      // Up for less than minUptimeMs: the budget is not reset.
      jest.advanceTimersByTime(4_999);
      expect(failAndReadDelay()).toBe(2_000);
      h.advanceToRetry().open();
      jest.advanceTimersByTime(5_000);
      expect(failAndReadDelay()).toBe(1_000);
    });
  });

  describe('server restart (close 1001, 1012 or 1013)', () => {
    /** Opens, lets the server close with `code`, and returns the delay before the next attempt. */
    function closeAndReadDelay(code: number): number {
      h.connectOpen().serverClose(code);
      const due = h.client.stats.nextRetryAt;
      if (due === null) throw new Error('no retry scheduled');
      return due - Date.now();
    }

    it.each([1001, 1012, 1013])(
      'spreads the attempts of an outage announced with %i over restartSpreadMs',
      (code) => {
        // A draw near 1 shows the ceiling: 20 s instead of the first 1 s.
        h = createHarness({ random: () => 0.999, reconnect: { maxAttempts: Infinity } });
        expect(closeAndReadDelay(code)).toBe(19_980);
        // Refused attempts during the restart keep the wide ceiling (attempts 1-4: 2 to 16 s)...
        const next: number[] = [];
        for (let attempt = 1; attempt <= 5; attempt++) {
          h.advanceToRetry();
          next.push(failAndReadDelay());
        }
        // ...until the ceilings grow past it (attempt 5: the 30-s cap).
        expect(next).toEqual([19_980, 19_980, 19_980, 19_980, 29_970]);
      },
    );

    it('keeps the short first ceiling for a network loss (1006)', () => {
      h = createHarness({ random: () => 0.999 });
      expect(closeAndReadDelay(1006)).toBe(999);
    });

    it('goes back to the short ceilings once connected again', () => {
      h = createHarness({ random: () => 0.999, minUptimeMs: 1 });
      expect(closeAndReadDelay(1012)).toBe(19_980);
      h.advanceToRetry().open();
      jest.advanceTimersByTime(10);
      expect(failAndReadDelay()).toBe(999);
    });

    it('is capped by maxDelayMs, and unused with restartSpreadMs 0 or without jitter', () => {
      h = createHarness({ random: () => 0.999, reconnect: { maxDelayMs: 4_000 } });
      expect(closeAndReadDelay(1012)).toBe(3_996);
      h.client.destroy();
      h = createHarness({ random: () => 0.999, reconnect: { restartSpreadMs: 0 } });
      expect(closeAndReadDelay(1012)).toBe(999);
      h.client.destroy();
      h = createHarness({ reconnect: { jitter: 'none' } });
      expect(closeAndReadDelay(1012)).toBe(1_000);
    });
  });

  describe('attempt budget without polling', () => {
    beforeEach(() => {
      h = createHarness({ reconnect: { maxAttempts: 3 } });
    });

    function exhaust(): void {
      h.client.connect();
      h.sockets.last.serverClose();
      for (let i = 0; i < 3; i++) h.advanceToRetry().serverClose();
    }

    it('ends in disconnected with a typed error after maxAttempts retries', () => {
      exhaust();
      expect(h.sockets.count).toBe(4);
      expect(h.client.status).toBe('disconnected');
      expect(h.errors.map((error) => error.code)).toEqual(['transport_error']);
      expect(h.errors[0].message).toContain('Gave up after 3 reconnect attempts');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(4);
    });

    it('a wake-up after giving up starts over at once', () => {
      exhaust();
      h.lifecycle.wake('online');
      expect(h.client.status).toBe('reconnecting');
      expect(h.sockets.count).toBe(5);
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
    });

    it('a wake-up after giving up comes with a fresh budget', () => {
      exhaust();
      h.lifecycle.wake('visible');
      h.sockets.last.serverClose();
      for (let i = 0; i < 3; i++) h.advanceToRetry().serverClose();
      expect(h.sockets.count).toBe(8);
      expect(h.client.status).toBe('disconnected');
    });

    it('reconnect() after giving up works and resets the budget', () => {
      exhaust();
      h.client.reconnect();
      expect(h.client.status).toBe('connecting');
      expect(h.sockets.count).toBe(5);
      h.sockets.last.serverClose();
      expect(h.client.status).toBe('reconnecting');
      expect(h.client.stats.attempt).toBe(1);
      for (let i = 0; i < 3; i++) h.advanceToRetry().serverClose();
      expect(h.sockets.count).toBe(8);
      expect(h.client.status).toBe('disconnected');
    });

    it('reconnect() during the backoff retries now with attempt 0', () => {
      h.client.connect();
      h.sockets.last.serverClose();
      h.advanceToRetry().serverClose();
      h.advanceToRetry().serverClose();
      expect(h.client.stats.attempt).toBe(3);
      h.client.reconnect();
      expect(h.sockets.count).toBe(4);
      expect(h.client.stats.attempt).toBe(0);
      expect(h.client.stats.nextRetryAt).toBeNull();
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
    });
  });

  describe('a manual disconnect() is never undone', () => {
    beforeEach(() => {
      h = createHarness();
    });

    it('not by the pending retry timer', () => {
      h.connectOpen().serverClose();
      expect(h.client.stats.nextRetryAt).not.toBeNull();
      h.client.disconnect();
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(1);
      expect(h.client.status).toBe('disconnected');
    });

    it('not by a wake-up', () => {
      h.connectOpen();
      h.client.disconnect();
      h.lifecycle.wake('online');
      h.lifecycle.wake('visible');
      h.lifecycle.wake('pageshow');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(1);
      expect(h.client.status).toBe('disconnected');
    });

    it('not by a late close of the old socket', () => {
      const socket = h.connectOpen();
      h.client.disconnect();
      socket.onclose?.({ code: 1006, reason: '' });
      socket.serverClose(4401);
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(1);
      expect(h.client.status).toBe('disconnected');
    });

    it('not while connecting', () => {
      h.client.connect();
      const socket = h.sockets.last;
      h.client.disconnect();
      expect(socket.closedByClient).not.toBeNull();
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(1);
    });

    it('not by a token that arrives after the disconnect', async () => {
      h.client.destroy();
      let release: (token: string) => void = () => undefined;
      h = createHarness({ token: () => new Promise<string>((resolve) => (release = resolve)) });
      h.client.connect();
      h.client.disconnect();
      release('late-token');
      await settle();
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(0);
      expect(h.client.status).toBe('disconnected');
    });
  });

  describe('wake-up signals', () => {
    it('probe a connected link: a silent server is declared dead after probeTimeoutMs', () => {
      h = createHarness({ heartbeat: { intervalMs: 30_000, probeTimeoutMs: 5_000 } });
      const socket = h.connectOpen();
      jest.advanceTimersByTime(1_000);
      h.lifecycle.wake('visible');
      expect(socket.framesOf('heartbeat')).toHaveLength(1);
      jest.advanceTimersByTime(4_999);
      expect(h.client.status).toBe('connected');
      jest.advanceTimersByTime(1);
      expect(h.client.status).toBe('reconnecting');
      expect(socket.closedByClient?.code).toBe(1000);
    });

    it('probe a connected link: an answer keeps it', () => {
      h = createHarness({ heartbeat: { intervalMs: 30_000, probeTimeoutMs: 5_000 } });
      const socket = h.connectOpen();
      h.lifecycle.wake('pageshow');
      socket.receive(ackOf(socket.only('heartbeat')));
      jest.advanceTimersByTime(20_000);
      expect(h.client.status).toBe('connected');
      expect(h.sockets.count).toBe(1);
    });

    it('retry at once while reconnecting, instead of waiting out the backoff', () => {
      h = createHarness({ reconnect: { jitter: 'none', initialDelayMs: 10_000 } });
      h.connectOpen().serverClose();
      expect(h.sockets.count).toBe(1);
      h.lifecycle.wake('online');
      expect(h.sockets.count).toBe(2);
      h.sockets.last.open();
      expect(h.client.status).toBe('connected');
      jest.advanceTimersByTime(TEN_MINUTES);
      expect(h.sockets.count).toBe(2);
    });

    it('do nothing while connecting', () => {
      h = createHarness();
      h.client.connect();
      h.lifecycle.wake('online');
      expect(h.sockets.count).toBe(1);
    });
  });

  describe('heartbeat', () => {
    beforeEach(() => {
      h = createHarness({ heartbeat: { intervalMs: 30_000 } });
    });

    it('sends a heartbeat every interval', () => {
      const socket = h.connectOpen();
      jest.advanceTimersByTime(29_999);
      expect(socket.framesOf('heartbeat')).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(socket.framesOf('heartbeat')).toHaveLength(1);
      socket.receive(ackOf(socket.framesOf('heartbeat')[0]));
      jest.advanceTimersByTime(30_000);
      expect(socket.framesOf('heartbeat')).toHaveLength(2);
    });

    it('declares the link dead after 2 × interval of silence and reconnects', () => {
      const socket = h.connectOpen();
      jest.advanceTimersByTime(59_999);
      expect(h.client.status).toBe('connected');
      jest.advanceTimersByTime(1);
      expect(h.client.status).toBe('reconnecting');
      expect(socket.closedByClient?.code).toBe(1000);
      h.advanceToRetry().open();
      expect(h.client.status).toBe('connected');
    });

    it('keeps a link alive while frames arrive', () => {
      const socket = h.connectOpen();
      for (let i = 0; i < 10; i++) {
        jest.advanceTimersByTime(40_000);
        socket.receive(feedEvent(`p${i}`));
      }
      expect(h.client.status).toBe('connected');
      expect(h.sockets.count).toBe(1);
    });

    it('probes instead of declaring death when the page slept through the deadline', () => {
      const socket = h.connectOpen();
      // Timers did not run for two minutes (a frozen background tab), the clock did.
      jest.setSystemTime(Date.now() + 120_000);
      jest.advanceTimersByTime(30_000);
      expect(h.client.status).toBe('connected');
      const probe = socket.framesOf('heartbeat').at(-1);
      expect(probe).toBeDefined();
      socket.receive(ackOf(probe!));
      jest.advanceTimersByTime(10_000);
      expect(h.client.status).toBe('connected');
      expect(h.sockets.count).toBe(1);
    });
  });
});
