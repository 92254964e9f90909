import { randomUUID } from 'node:crypto';
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
 */
export class Hub {
  private readonly users = new Map<string, UserSession>();
  private epochId = randomUUID();

  constructor(private readonly config: ServerConfig) {}

  /** Identifies this run of the server; a restart begins a new epoch. */
  get epoch(): string {
    return this.epochId;
  }

  /** The user's session, created on first use. */
  session(userId: string): UserSession {
    let session = this.users.get(userId);
    if (session === undefined) {
      session = new UserSession(userId, this.config.eventLogSize, this.epochId);
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

  /** Logs an event for `userId` and sends it to the sockets that should see it. */
  deliverToUser(
    userId: string,
    type: string,
    payload: object,
    options: DeliveryOptions = {},
  ): ServerEnvelope {
    const session = this.session(userId);
    const event = session.log.append(
      envelope(type, payload, { channel: options.channel, now: this.config.clock.now() }),
    );
    for (const connection of session.connections) {
      if (connection === options.exceptConnection) continue;
      const joined = options.channel === undefined || connection.subscriptions.has(options.channel);
      if (options.direct === true || joined) connection.sendEvent(event);
    }
    for (const wake of [...session.pollWaiters]) wake();
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

  /** A restart: every user, log and channel forgotten; a new epoch. */
  reset(): void {
    this.users.clear();
    this.epochId = randomUUID();
  }
}
