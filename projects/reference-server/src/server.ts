import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AUTH_FAILURE_TEXT, signToken, verifyToken } from './auth/jwt';
import { originAllowed, resolveConfig, type ServerConfig, type ServerOptions } from './config';
import { RedisBackplane } from './cluster/redis-backplane';
import { Hub } from './core/hub';
import { ackIdOf, ServerError, unreadableFrameError } from './core/server-error';
import { dialectCodec } from './dialects';
import { coreFeature } from './features/core-feature';
import type { Feature, FrameContext, FrameHandler, ServerContext } from './features/feature';
import { feedFeature } from './features/feed';
import { messagingFeature } from './features/messaging';
import { notificationsFeature } from './features/notifications';
import { announcePresence, presenceFeature } from './features/presence';
import { Faults } from './faults';
import { refuseUpgrade } from './http/refuse-upgrade';
import { handleHttp } from './http/router';
import { jsonLogger } from './logger';
import { startSimulator } from './simulator';
import { Connection } from './ws/connection';
import { ackFrame, errorFrame, readClientFrame, routeFrame } from './ws/frame-router';

/** Longest delay a Node timer takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A running (or stopped) reference server. */
export interface ReferenceServer {
  readonly config: ServerConfig;
  readonly hub: Hub;
  readonly faults: Faults;
  /** `ws://host:port/ws` once started. */
  readonly url: string;
  /** `http://host:port` once started. */
  readonly httpUrl: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Stops at once, as a killed process would (tests of a cluster): sockets dropped without
   * close frames, the cluster left without withdrawing this instance's presence (its
   * liveness key expires instead).
   */
  abort(): Promise<void>;
  /** Restart with memory cleared: every connection closed, a new epoch, no users. */
  restart(): void;
  /** A signed token for `userId` (tests, dev tools). */
  issueToken(userId: string, ttlSeconds?: number): string;
  /** The features, for the HTTP layer and the control API. */
  readonly features: readonly Feature[];
  /** Runs a client frame posted over HTTP (polling mode) as if it came on a socket. */
  runFrame(
    userId: string,
    text: string,
  ): Promise<{ readonly ack?: object; readonly error?: object }>;
}

/**
 * Creates the in-memory SocialHub server: WebSocket `/ws` plus the HTTP endpoints.
 *
 * @example
 * const server = createReferenceServer({ port: 0, secret: 'dev', control: true });
 * await server.start();
 * const token = server.issueToken('alice');
 */
export function createReferenceServer(options: ServerOptions): ReferenceServer {
  const config = resolveConfig(options, options.logger ?? jsonLogger());
  const cluster =
    config.redis === undefined
      ? null
      : new RedisBackplane({
          url: config.redis,
          logSize: config.eventLogSize,
          livenessMs: config.clusterLivenessMs,
          logger: config.logger,
        });
  const hub = new Hub(config, cluster);
  const faults = new Faults();
  const timers = new Set<NodeJS.Timeout>();
  const setTimer = (callback: () => void, ms: number): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, ms);
    timer.unref();
    timers.add(timer);
    return timer;
  };
  const base: ServerContext = { hub, config, faults, setTimer };
  cluster?.onPresenceExpired((change) => announcePresence(base, change));

  const domain = [notificationsFeature(), messagingFeature(), presenceFeature(), feedFeature()];
  const checkChannel = (context: FrameContext, channel: string): void => {
    const owner = features.find((feature) => feature.ownsChannel?.(channel) === true);
    if (owner === undefined)
      throw new ServerError('CHANNEL_NOT_FOUND', 'Channel does not exist', { channel });
    owner.authorizeSubscribe?.(context, channel);
  };
  const features: Feature[] = [coreFeature(checkChannel), ...domain];
  const handlers = new Map<string, FrameHandler>();
  for (const feature of features) {
    for (const [type, handler] of Object.entries(feature.handlers ?? {}))
      handlers.set(type, handler);
  }
  // The socket edge: SocialHub as is, or a dialect translated to and from canonical frames.
  const dialect = dialectCodec(config.dialect);
  for (const [type, handler] of Object.entries(dialect.handlers?.(handlers) ?? {}))
    handlers.set(type, handler);

  const frameContext = (userId: string, connection: Connection | null): FrameContext => ({
    ...base,
    session: hub.session(userId),
    connection,
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    // With the token in Sec-WebSocket-Protocol the server must select `bearer`.
    handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
  });

  let http: Server | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let stopSimulator: (() => void) | null = null;
  let port = config.port;

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!dialect.paths.includes(url.pathname))
      return refuseUpgrade(socket, 404, { error: 'not found' });
    if (faults.refuseUpgrades) return refuseUpgrade(socket, 503, { error: 'upgrades refused' });
    if (!originAllowed(config, request.headers.origin)) {
      config.logger.warn('upgrade.origin_refused', { origin: request.headers.origin });
      return refuseUpgrade(socket, 403, { error: 'origin not allowed' });
    }
    const verified = verifyToken(dialect.token(url, request.headers), config.secret);
    if (!verified.ok) {
      config.logger.warn('upgrade.unauthorized', { code: verified.failure });
      const refusal = dialect.refusalFrame?.(verified.failure);
      if (refusal !== undefined) {
        // This dialect answers on the socket: its error frame, then a 4401 close.
        return wss.handleUpgrade(request, socket, head, (ws) => {
          ws.send(JSON.stringify(refusal));
          ws.close(4401, 'unauthorized');
        });
      }
      return refuseUpgrade(socket, 401, {
        error: AUTH_FAILURE_TEXT[verified.failure],
        code: verified.failure,
      });
    }
    const userId = verified.identity.userId;
    const expiresAt = verified.identity.expiresAt;
    // In a cluster the user's log is loaded first: the greeting states its latest `seq`.
    const hydrating = hub.hydrate(userId);
    if (hydrating === undefined) return admit(request, socket, head, userId, expiresAt);
    hydrating.then(
      () => admit(request, socket, head, userId, expiresAt),
      (error: unknown) => {
        config.logger.error('upgrade.store_failed', {
          message: error instanceof Error ? error.message : String(error),
        });
        refuseUpgrade(socket, 503, { error: 'store unavailable' });
      },
    );
  }

  function admit(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    userId: string,
    expiresAt: number | undefined,
  ): void {
    if (hub.session(userId).connections.size >= config.maxConnectionsPerUser) {
      return refuseUpgrade(socket, 429, {
        error: 'maximum connections reached',
        code: 'MAX_CONNECTIONS',
      });
    }
    // `shared=1`: the client shares this socket between its tabs (ngx-realtime withTabSharing).
    const shared =
      new URL(request.url ?? '/', 'http://localhost').searchParams.get('shared') === '1';
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, userId, expiresAt, shared));
  }

  function accept(
    ws: WebSocket,
    userId: string,
    expiresAt: number | undefined,
    shared: boolean,
  ): void {
    const connection = new Connection(
      userId,
      ws,
      faults,
      config.maxMessagesPerSecond,
      config.clock.now(),
    );
    connection.shared = shared;
    connection.lastSentSeq = hub.session(userId).log.latest;
    hub.addConnection(connection);
    // A socket lives no longer than its token: closed with 4401 so the client refreshes it.
    const lifetime = expiresAt === undefined ? undefined : expiresAt - config.clock.now();
    const expiry =
      lifetime === undefined || lifetime > MAX_TIMER_MS
        ? null
        : setTimer(() => connection.close(4401, 'TOKEN_EXPIRED'), Math.max(0, lifetime));
    const context = { ...frameContext(userId, connection), connection };
    config.logger.info('connection.open', { user: userId, connection: connection.id });
    const now = () => config.clock.now();
    const edge = dialect.open(context);
    connection.encode = edge.encode ?? null;
    const reply = edge.reply;
    edge.greet();
    for (const feature of features) feature.connected?.(context);

    ws.on('pong', () => (connection.lastSeenAt = now()));
    ws.on('message', (data, isBinary) => {
      connection.lastSeenAt = now();
      if (!connection.limiter.allow(now())) {
        reply.error(
          new ServerError(
            'RATE_LIMITED',
            'Too many messages: at most ' + config.maxMessagesPerSecond + ' per second',
          ),
          undefined,
        );
        return;
      }
      let frame;
      try {
        frame = edge.read(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
      } catch (error) {
        const typed = unreadableFrameError(error);
        reply.error(typed, ackIdOf(typed));
        return;
      }
      if (frame !== null) void routeFrame(handlers, context, frame, reply);
    });
    ws.on('close', (code) => {
      if (expiry !== null) {
        clearTimeout(expiry);
        timers.delete(expiry);
      }
      hub.removeConnection(connection);
      config.logger.info('connection.close', { user: userId, connection: connection.id, code });
      for (const feature of features) feature.disconnected?.(context);
    });
    ws.on('error', (error) =>
      config.logger.warn('connection.error', { user: userId, message: error.message }),
    );
  }

  function beat(): void {
    const now = config.clock.now();
    const timestamp = new Date(now).toISOString();
    for (const connection of [...hub.connections()]) {
      if (now - connection.lastSeenAt > config.staleAfterMs) {
        config.logger.info('connection.stale', {
          user: connection.userId,
          connection: connection.id,
        });
        connection.terminate();
        continue;
      }
      connection.sendControl({
        id: `hb_${now}_${connection.id}`,
        type: 'heartbeat',
        payload: { timestamp },
        timestamp,
      });
      connection.ping();
    }
  }

  /** Stops the simulator, the heartbeat and every pending timer (stop and abort alike). */
  function stopBackgroundWork(): void {
    stopSimulator?.();
    stopSimulator = null;
    if (heartbeat !== null) clearInterval(heartbeat);
    heartbeat = null;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  async function closeHttp(): Promise<void> {
    const closing = http;
    http = null;
    if (closing === null) return;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  const server: ReferenceServer = {
    config,
    hub,
    faults,
    features,
    get port() {
      return port;
    },
    get url() {
      return `ws://${config.host}:${port}${dialect.paths[0]}`;
    },
    get httpUrl() {
      return `http://${config.host}:${port}`;
    },
    async start() {
      await hub.start();
      http = createServer((request, response) => {
        void handleHttp(server, base, request, response).catch((error: unknown) => {
          config.logger.error('http.error', {
            message: error instanceof Error ? error.message : 'unknown',
          });
          if (!response.headersSent)
            response.writeHead(500, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ error: 'internal error', code: 'INTERNAL_ERROR' }));
        });
      });
      http.on('upgrade', onUpgrade);
      await new Promise<void>((resolve, reject) => {
        http?.once('error', reject);
        http?.listen(config.port, config.host, () => resolve());
      });
      const address = http.address();
      port = typeof address === 'object' && address !== null ? address.port : config.port;
      heartbeat = setInterval(beat, config.heartbeatIntervalMs);
      heartbeat.unref();
      if (config.simulate) stopSimulator = startSimulator(server, base);
      config.logger.info('server.start', {
        url: server.url,
        dev: config.dev,
        control: config.control,
        ...(config.dialect === 'socialhub' ? {} : { dialect: config.dialect }),
      });
    },
    async stop() {
      stopBackgroundWork();
      for (const connection of [...hub.connections()])
        connection.close(1001, 'server shutting down');
      wss.close();
      await closeHttp();
      await cluster?.stop();
      config.logger.info('server.stop', {});
    },
    async abort() {
      stopBackgroundWork();
      cluster?.abort();
      for (const connection of [...hub.connections()]) connection.terminate();
      wss.close();
      await closeHttp();
      config.logger.info('server.abort', {});
    },
    restart() {
      for (const connection of [...hub.connections()]) connection.terminate();
      // Held long polls answer at once (from the new, empty log) instead of timing out.
      const waiting = [...hub.sessions()].flatMap((session) => [...session.pollWaiters]);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const feature of features) feature.reset?.();
      faults.clear();
      hub.reset();
      for (const wake of waiting) wake();
      config.logger.info('server.restart', { epoch: hub.epoch });
    },
    issueToken(userId, ttlSeconds) {
      return signToken(userId, config.secret, ttlSeconds);
    },
    async runFrame(userId, text) {
      const hydrating = hub.hydrate(userId);
      if (hydrating !== undefined) await hydrating;
      let answer: { ack?: object; error?: object } = {};
      const now = config.clock.now();
      try {
        const frame = readClientFrame(text);
        await routeFrame(handlers, frameContext(userId, null), frame, {
          ack: (ackId, data) => (answer = { ack: ackFrame(ackId, data, now).payload }),
          error: (error, ackId) =>
            (answer = { error: { ...errorFrame(error, ackId, now).payload, ack_id: ackId } }),
        });
        // A frame without ack id still gets an answer over HTTP.
        if (answer.ack === undefined && answer.error === undefined)
          answer = { ack: { status: 'success' } };
      } catch (error) {
        answer = { error: errorFrame(unreadableFrameError(error), undefined, now).payload };
      }
      return answer;
    },
  };
  return server;
}
