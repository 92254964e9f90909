/*
 * Support of the cluster tests: several reference-server instances in this process sharing
 * one redis-server, and engine clients that reconnect round-robin to the instances still
 * alive (what a load balancer in front of a cluster does).
 */
import WebSocket from 'ws';
import {
  RealtimeClient,
  webSocketFactory,
  type RealtimeMessage,
  type WebSocketConstructor,
  type WebSocketFactory,
} from 'ngx-realtime/core';
import type { ServerOptions } from '../../../../reference-server/src/index';
import { startServer, waitFor, type ReferenceServer } from '../support';

const nodeSockets: WebSocketFactory = webSocketFactory(
  WebSocket as unknown as WebSocketConstructor,
);

/** Cluster timings short enough for tests: liveness refreshed every 100 ms (expires after 300). */
export const TEST_LIVENESS_MS = 100;

/** The instances of one test cluster, and which of them were killed. */
export class TestCluster {
  readonly killed = new Set<ReferenceServer>();

  private constructor(readonly instances: readonly ReferenceServer[]) {}

  /** Starts `count` instances on `redisUrl`. */
  static async start(
    redisUrl: string,
    count: number,
    options: Partial<ServerOptions> = {},
  ): Promise<TestCluster> {
    const instances: ReferenceServer[] = [];
    for (let i = 0; i < count; i++) {
      instances.push(
        await startServer({ redis: redisUrl, clusterLivenessMs: TEST_LIVENESS_MS, ...options }),
      );
    }
    return new TestCluster(instances);
  }

  get alive(): ReferenceServer[] {
    return this.instances.filter((instance) => !this.killed.has(instance));
  }

  /** Kills an instance as a crash would: no close frames, presence left to expire. */
  async kill(instance: ReferenceServer): Promise<void> {
    this.killed.add(instance);
    await instance.abort();
  }

  /** Stops every instance still alive. */
  async stop(): Promise<void> {
    for (const instance of this.alive) await instance.stop();
  }

  /** Waits until every live instance sees `userId` wanting each of `channels`. */
  async membershipsShared(userIds: readonly string[], channels: readonly string[]): Promise<void> {
    await waitFor(
      () =>
        this.alive.every((instance) =>
          userIds.every((userId) =>
            channels.every((channel) => instance.hub.session(userId).wants(channel)),
          ),
        ),
      'memberships on every instance',
    );
  }
}

/**
 * A `RealtimeClient` for one user that opens each socket on an instance of the cluster:
 * first `home`, then, on every reconnect, the next live instance after the one it was on.
 * `pinned` keeps it on `home` (it cannot reconnect once `home` is dead).
 */
export class ClusterClient {
  readonly client: RealtimeClient;
  /** The instance of the latest socket. */
  current: ReferenceServer;
  readonly events: RealtimeMessage[] = [];
  private readonly teardown: (() => void)[] = [];

  constructor(
    readonly cluster: TestCluster,
    readonly userId: string,
    home: ReferenceServer,
    pinned = false,
  ) {
    this.current = home;
    let first = true;
    const factory: WebSocketFactory = (url, protocols) => {
      if (!first && !pinned) this.current = this.next();
      first = false;
      const target = new URL(url);
      target.host = new URL(this.current.url).host;
      return nodeSockets(target.toString(), protocols);
    };
    this.client = new RealtimeClient({
      url: home.url,
      token: () => home.issueToken(userId, 3_600),
      webSocket: factory,
      lifecycle: null,
      reconnect: { initialDelayMs: 10, maxDelayMs: 200, maxAttempts: Infinity },
      heartbeat: { intervalMs: 1_000, deadAfterMs: 5_000 },
    });
  }

  /** Opens the connection (on `home`). */
  connect(): this {
    this.client.connect();
    return this;
  }

  /** The live instance after {@link current}, round-robin. */
  private next(): ReferenceServer {
    const all = this.cluster.instances;
    const start = all.indexOf(this.current);
    for (let step = 1; step <= all.length; step++) {
      const candidate = all[(start + step) % all.length];
      if (!this.cluster.killed.has(candidate)) return candidate;
    }
    return this.current;
  }

  /** Records the events of `channel` from now on (into {@link events} and the returned list). */
  listen(channel: string): RealtimeMessage[] {
    const into: RealtimeMessage[] = [];
    const subscription = this.client.channel(channel).subscribe((event) => {
      into.push(event);
      this.events.push(event);
    });
    this.teardown.push(() => subscription.unsubscribe());
    return into;
  }

  destroy(): void {
    for (const stop of this.teardown.splice(0)) stop();
    this.client.destroy();
  }
}
