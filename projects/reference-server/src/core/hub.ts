import { randomUUID } from 'node:crypto';
import type { ClusterBackplane, ClusterMessage } from '../cluster/backplane';
import type { ServerConfig } from '../config';
import type { Connection } from '../ws/connection';
import { envelope, type ServerEnvelope } from './envelope';
import { UserSession } from './user-session';

/** How an event reaches a user's open sockets. */
export interface DeliveryOptions {
  /** The event's channel (also what a socket must have joined, unless `direct`). */
  readonly channel?: string;
  /** Addressed to the user: every socket of theirs gets it, joined or not. */
  readonly direct?: boolean;
  /**
   * A socket that already has this event in another form (the ack of the frame that caused
   * it): the event is still logged, for the user's other sockets and for catch-up.
   */
  readonly exceptConnection?: Connection;
}

/**
 * The in-memory state of the server: users, their connections and channels, and event
 * delivery. Every event a user receives goes through their log first (sequence number,
 * catch-up) and then to the sockets that should see it, and wakes their long polls.
 *
 * In a cluster (`cluster` set, `--redis`) the API stays synchronous: the shared store
 * numbers and logs each event and announces it to every instance, and each hub delivers
 * the announcements to its own sockets and keeps a per-user mirror of the log (catch-up,
 * polling and the `connect` greeting read the mirror, loaded once per user by
 * {@link hydrate}). Channel memberships are mirrored on every instance.
 */
export class Hub {
  private readonly users = new Map<string, UserSession>();
  private epochId: string = randomUUID();
  private readonly hydrating = new Map<string, Promise<void>>();

  constructor(
    private readonly config: ServerConfig,
    /** The shared store of a cluster, or `null` for a server alone in memory (the default). */
    readonly cluster: ClusterBackplane | null = null,
  ) {}

  /** Joins the cluster (no-op alone): the cluster's epoch and every user's channels. */
  async start(): Promise<void> {
    const cluster = this.cluster;
    if (cluster === null) return;
    this.epochId = await cluster.start((message) => this.receive(message));
    await this.loadMemberships(cluster);
  }

  private async loadMemberships(cluster: ClusterBackplane): Promise<void> {
    for (const [userId, channels] of await cluster.loadMemberships()) {
      const wanted = this.session(userId).channels;
      for (const channel of channels) wanted.applyRemote(channel, true);
    }
  }

  /**
   * Loads the user's log from the shared store into this instance's mirror, once per user;
   * `undefined` (nothing to wait for) when alone or already loaded.
   */
  hydrate(userId: string): Promise<void> | undefined {
    const cluster = this.cluster;
    if (cluster === null || this.session(userId).hydrated) return undefined;
    let pending = this.hydrating.get(userId);
    if (pending === undefined) {
      pending = cluster.readLog(userId).then(
        (stored) => {
          const session = this.session(userId);
          session.log.merge(stored.latest, stored.events);
          session.hydrated = true;
          this.hydrating.delete(userId);
        },
        (error: unknown) => {
          this.hydrating.delete(userId);
          throw error;
        },
      );
      this.hydrating.set(userId, pending);
    }
    return pending;
  }

  /**
   * Resolves when every write this instance issued to the shared store has been applied;
   * `undefined` alone (everything is applied at once).
   */
  flushed(): Promise<void> | undefined {
    return this.cluster?.flushed();
  }

  /** An announcement of the shared store: an event to deliver here, or a membership change. */
  private receive(message: ClusterMessage): void {
    const session = this.session(message.userId);
    if (message.kind === 'membership') {
      if (message.origin !== this.cluster?.instanceId)
        session.channels.applyRemote(message.channel, message.joined);
      return;
    }
    const event = message.event;
    // At or below the mirror's newest: a hydration read it first, catch-up serves it.
    if (!session.log.adopt(event)) return;
    this.sendToSockets(session, event, {
      channel: event.channel,
      direct: message.route.direct,
      exceptId: message.route.exceptConnection,
    });
  }

  private sendToSockets(
    session: UserSession,
    event: ServerEnvelope,
    route: { channel?: string; direct?: boolean; exceptId?: string },
  ): void {
    for (const connection of session.connections) {
      if (connection.id === route.exceptId) continue;
      const joined = route.channel === undefined || connection.subscriptions.has(route.channel);
      if (route.direct === true || joined) connection.sendEvent(event);
    }
    for (const wake of [...session.pollWaiters]) wake();
  }

  /** Identifies this run of the server; a restart begins a new epoch. */
  get epoch(): string {
    return this.epochId;
  }

  /** The user's session, created on first use. */
  session(userId: string): UserSession {
    let session = this.users.get(userId);
    if (session === undefined) {
      session = new UserSession(userId, this.config.eventLogSize, this.epochId);
      const cluster = this.cluster;
      if (cluster !== null) {
        session.channels.observer = (channel, joined) =>
          cluster.membership(userId, channel, joined);
      }
      this.users.set(userId, session);
    }
    return session;
  }

  /** Known sessions (users seen since the last restart). */
  sessions(): IterableIterator<UserSession> {
    return this.users.values();
  }

  /** Every open connection. */
  *connections(): IterableIterator<Connection> {
    for (const session of this.users.values()) yield* session.connections;
  }

  addConnection(connection: Connection): void {
    const session = this.session(connection.userId);
    session.connections.add(connection);
    // A new socket starts with the auto-subscribed channel only; the client re-joins the rest.
    connection.subscriptions.add('notifications');
  }

  removeConnection(connection: Connection): void {
    this.users.get(connection.userId)?.connections.delete(connection);
  }

  subscribe(connection: Connection, channel: string): void {
    connection.subscriptions.add(channel);
    this.session(connection.userId).channels.add(channel);
  }

  unsubscribe(connection: Connection, channel: string): void {
    connection.subscriptions.delete(channel);
    this.session(connection.userId).release(channel);
  }

  /**
   * Logs an event for `userId` and sends it to the sockets that should see it. Returns the
   * logged event; in a cluster the event as sent to the store (its `seq` is assigned there).
   */
  deliverToUser(
    userId: string,
    type: string,
    payload: object,
    options: DeliveryOptions = {},
  ): ServerEnvelope {
    const session = this.session(userId);
    const fresh = envelope(type, payload, {
      channel: options.channel,
      now: this.config.clock.now(),
    });
    if (this.cluster !== null) {
      // Numbered by the store; every instance (this one too) delivers it on announcement.
      this.cluster.deliver(userId, fresh, {
        direct: options.direct === true,
        exceptConnection: options.exceptConnection?.id,
      });
      return fresh;
    }
    const event = session.log.append(fresh);
    this.sendToSockets(session, event, {
      channel: options.channel,
      direct: options.direct,
      exceptId: options.exceptConnection?.id,
    });
    return event;
  }

  /**
   * An event on `channel` for every user who wants it (joined now, or joined before their
   * connection dropped), except `exceptUserId`.
   */
  publish(channel: string, type: string, payload: object, exceptUserId?: string): number {
    let delivered = 0;
    for (const session of [...this.users.values()]) {
      if (session.userId === exceptUserId || !session.wants(channel)) continue;
      this.deliverToUser(session.userId, type, payload, { channel });
      delivered++;
    }
    return delivered;
  }

  /**
   * A restart: every user, log and channel forgotten; a new epoch. In a cluster only this
   * instance's mirrors are dropped (the cluster's state and epoch live on in the store) and
   * reloaded from it.
   */
  reset(): void {
    this.users.clear();
    this.hydrating.clear();
    const cluster = this.cluster;
    if (cluster === null) {
      this.epochId = randomUUID();
      return;
    }
    this.loadMemberships(cluster).catch((error: unknown) =>
      this.config.logger.error('cluster.reload_failed', {
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
