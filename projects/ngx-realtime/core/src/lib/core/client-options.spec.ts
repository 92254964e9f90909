import { RealtimeError } from '../errors/realtime-error';
import type { RealtimeProtocol } from '../protocol/realtime-protocol';
import { createSocialHubProtocol } from '../protocol/socialhub-protocol';
import type { FetchLike } from '../transport/http';
import type { WebSocketFactory } from '../transport/websocket-like';
import { systemClock, type RealtimeClock } from './clock';
import {
  resolveClientOptions,
  type PollingOptions,
  type RealtimeClientOptions,
} from './client-options';
import type { LifecycleSource } from './lifecycle';
import { uuidV4 } from './message-id';
import { longPolling } from '../transport/long-polling';

const URL_WSS = 'wss://api.example.com/ws';

/** The SocialHub codec with some capabilities switched off. */
function withCapabilities(changes: Partial<RealtimeProtocol['capabilities']>): RealtimeProtocol {
  const base = createSocialHubProtocol();
  const variant: RealtimeProtocol = Object.create(base);
  Object.defineProperty(variant, 'capabilities', { value: { ...base.capabilities, ...changes } });
  Object.defineProperty(variant, 'name', { value: 'limited' });
  return variant;
}

function configError(options: RealtimeClientOptions): RealtimeError {
  try {
    resolveClientOptions(options);
  } catch (error) {
    if (error instanceof RealtimeError) return error;
    throw error;
  }
  throw new Error('expected invalid_config');
}

describe('resolveClientOptions', () => {
  it('applies every default', () => {
    const resolved = resolveClientOptions({ url: URL_WSS });
    expect(resolved).toEqual(
      expect.objectContaining({
        url: URL_WSS,
        token: undefined,
        userId: undefined,
        auth: { placement: 'query', queryParam: 'token' },
        maxFrameBytes: 1024 * 1024,
        heartbeat: { intervalMs: 30_000, deadAfterMs: 60_000, probeTimeoutMs: 5_000 },
        ackTimeoutMs: 10_000,
        connectTimeoutMs: 10_000,
        minUptimeMs: 5_000,
        outboxStorage: null,
        outboxTtlMs: 24 * 60 * 60 * 1000,
        polling: null,
        clock: systemClock,
        random: Math.random,
        ids: uuidV4,
      }),
    );
    expect(resolved.protocol.name).toBe('socialhub');
  });

  it('finds the platform WebSocket, fetch and page lifecycle in a browser', () => {
    const resolved = resolveClientOptions({ url: URL_WSS });
    expect(resolved.webSocket).toEqual(expect.any(Function));
    expect(resolved.fetch).toEqual(expect.any(Function));
    expect(resolved.lifecycle).not.toBeNull();
  });

  it('keeps what the app injects', () => {
    const webSocket: WebSocketFactory = jest.fn();
    const fetchFn: FetchLike = jest.fn();
    const clock: RealtimeClock = { now: () => 0, setTimeout: jest.fn(), clearTimeout: jest.fn() };
    const random = (): number => 0.5;
    const ids = (): string => 'id';
    const lifecycle: LifecycleSource = { listen: () => () => undefined };
    const token = (): string => 't';
    const protocol = createSocialHubProtocol();
    const resolved = resolveClientOptions({
      url: URL_WSS,
      token,
      userId: 'u1',
      auth: { placement: 'protocol' },
      protocol,
      webSocket,
      fetch: fetchFn,
      clock,
      random,
      ids,
      lifecycle,
      ackTimeoutMs: 1,
      connectTimeoutMs: 2,
      minUptimeMs: 3,
    });
    expect(resolved).toEqual(
      expect.objectContaining({
        token,
        userId: 'u1',
        auth: { placement: 'protocol', queryParam: 'token' },
        protocol,
        webSocket,
        fetch: fetchFn,
        clock,
        random,
        ids,
        lifecycle,
        ackTimeoutMs: 1,
        connectTimeoutMs: 2,
        minUptimeMs: 3,
      }),
    );
  });

  it('accepts lifecycle: null to turn page signals off', () => {
    expect(resolveClientOptions({ url: URL_WSS, lifecycle: null }).lifecycle).toBeNull();
  });

  it('hands maxFrameBytes to the default protocol', () => {
    const resolved = resolveClientOptions({ url: URL_WSS, maxFrameBytes: 64 });
    expect(resolved.maxFrameBytes).toBe(64);
    const frame = JSON.stringify({
      id: 'e',
      type: 'heartbeat',
      payload: { pad: 'x'.repeat(64) },
      timestamp: '2024-03-01T12:00:00Z',
    });
    expect(() => resolved.protocol.decode(frame)).toThrow(
      expect.objectContaining({ code: 'frame_too_large' }),
    );
  });

  describe('heartbeat', () => {
    it('merges partial heartbeat options', () => {
      expect(
        resolveClientOptions({ url: URL_WSS, heartbeat: { intervalMs: 10_000 } }).heartbeat,
      ).toEqual({
        intervalMs: 10_000,
        deadAfterMs: 20_000,
        probeTimeoutMs: 5_000,
      });
    });

    it('is off with heartbeat: false or a protocol without heartbeat frames', () => {
      expect(resolveClientOptions({ url: URL_WSS, heartbeat: false }).heartbeat).toBeNull();
      const protocol = withCapabilities({ heartbeat: false });
      expect(resolveClientOptions({ url: URL_WSS, protocol }).heartbeat).toBeNull();
    });
  });

  describe('polling', () => {
    it('derives the endpoints from a wss URL', () => {
      expect(
        resolveClientOptions({ url: URL_WSS, polling: longPolling({ mode: 'fallback' }) }).polling,
      ).toEqual({
        poller: expect.any(Function),
        mode: 'fallback',
        url: 'https://api.example.com/api/v1/realtime/poll',
        missedUrl: 'https://api.example.com/api/v1/realtime/poll/missed',
        sendUrl: null,
        timeoutSeconds: 30,
        minIntervalMs: 2_000,
      });
    });

    it('derives the endpoints from a ws URL, port included', () => {
      const polling = resolveClientOptions({
        url: 'ws://localhost:8082/ws',
        polling: longPolling({ mode: 'only' }),
      }).polling;
      expect(polling?.url).toBe('http://localhost:8082/api/v1/realtime/poll');
      expect(polling?.missedUrl).toBe('http://localhost:8082/api/v1/realtime/poll/missed');
      expect(polling?.mode).toBe('only');
    });

    it('keeps given endpoints and settings', () => {
      const options: PollingOptions = longPolling({
        mode: 'fallback',
        url: 'https://poll.example.com/p',
        missedUrl: 'https://poll.example.com/m',
        sendUrl: 'https://poll.example.com/s',
        timeoutSeconds: 30,
        minIntervalMs: 0,
      });
      expect(resolveClientOptions({ url: URL_WSS, polling: options }).polling).toEqual({
        ...options,
      });
    });

    it('derives missedUrl from a given poll url', () => {
      const polling = resolveClientOptions({
        url: URL_WSS,
        polling: longPolling({ mode: 'fallback', url: 'https://p.example/poll' }),
      }).polling;
      expect(polling?.missedUrl).toBe('https://p.example/poll/missed');
    });

    it('refuses polling settings without a poller (not made by longPolling)', () => {
      const error = configError({
        url: URL_WSS,
        polling: { mode: 'fallback' } as unknown as PollingOptions,
      });
      expect(error.message).toContain('longPolling');
    });

    it('refuses polling on a protocol without polling endpoints', () => {
      const error = configError({
        url: URL_WSS,
        protocol: withCapabilities({ polling: false }),
        polling: longPolling({ mode: 'fallback' }),
      });
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('"limited" protocol has no polling endpoints');
    });

    it('allows a protocol without polling when polling is off', () => {
      expect(
        resolveClientOptions({ url: URL_WSS, protocol: withCapabilities({ polling: false }) })
          .polling,
      ).toBeNull();
    });
  });

  it.each<[string, RealtimeClientOptions]>([
    ['url must be an absolute ws:// or wss:// URL', { url: '/ws' }],
    ['url must be an absolute ws:// or wss:// URL', { url: '' }],
    ['url must use ws:// or wss://', { url: 'https://api.example.com/ws' }],
    ['url must use ws:// or wss://', { url: 'http://api.example.com/ws' }],
    ['maxFrameBytes must be > 0', { url: URL_WSS, maxFrameBytes: 0 }],
    ['maxFrameBytes must be > 0', { url: URL_WSS, maxFrameBytes: Number.NaN }],
    ['ackTimeoutMs must be > 0', { url: URL_WSS, ackTimeoutMs: 0 }],
    ['connectTimeoutMs must be > 0', { url: URL_WSS, connectTimeoutMs: -1 }],
    ['minUptimeMs must be > 0', { url: URL_WSS, minUptimeMs: 0 }],
    ['outboxTtlMs must be > 0', { url: URL_WSS, outboxTtlMs: 0 }],
    [
      'auth.placement must be "query" or "protocol"',
      { url: URL_WSS, auth: { placement: 'header' as unknown as 'query' } },
    ],
    ['heartbeat.intervalMs must be > 0', { url: URL_WSS, heartbeat: { intervalMs: 0 } }],
    [
      'heartbeat.deadAfterMs must exceed intervalMs',
      { url: URL_WSS, heartbeat: { intervalMs: 10, deadAfterMs: 5 } },
    ],
    ['heartbeat.probeTimeoutMs must be > 0', { url: URL_WSS, heartbeat: { probeTimeoutMs: -1 } }],
    [
      'polling.mode must be "fallback" or "only"',
      { url: URL_WSS, polling: longPolling({ mode: 'always' as unknown as 'only' }) },
    ],
    [
      'polling.timeoutSeconds must be in (0, 30]',
      { url: URL_WSS, polling: longPolling({ mode: 'fallback', timeoutSeconds: 0 }) },
    ],
    [
      'polling.timeoutSeconds must be in (0, 30]',
      { url: URL_WSS, polling: longPolling({ mode: 'fallback', timeoutSeconds: 31 }) },
    ],
    [
      'polling.minIntervalMs must be >= 0',
      { url: URL_WSS, polling: longPolling({ mode: 'fallback', minIntervalMs: -1 }) },
    ],
  ])('rejects the configuration: %s', (problem, options) => {
    const error = configError(options);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(problem);
  });

  it('never quotes the URL (it may carry a token) in its errors', () => {
    const error = configError({ url: 'https://api.example.com/ws?token=secret' });
    expect(error.message).not.toContain('secret');
  });
});
