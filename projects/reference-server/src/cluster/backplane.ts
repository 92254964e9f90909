import type { ServerEnvelope } from '../core/envelope';

/** How one logged event reaches the sockets of its user (on whichever instance holds them). */
export interface EventRoute {
  /** Sent to every socket of the user, joined to the event's channel or not. */
  readonly direct: boolean;
  /** The id of a socket that already has the event (the ack of the frame that caused it). */
  readonly exceptConnection?: string;
}

/** What every instance hears from the backplane, in the order the store applied it. */
export type ClusterMessage =
  | {
      readonly kind: 'event';
      readonly userId: string;
      readonly route: EventRoute;
      /** The event as logged: with the `seq` the store assigned. */
      readonly event: ServerEnvelope;
    }
  | {
      readonly kind: 'membership';
      readonly userId: string;
      readonly channel: string;
      readonly joined: boolean;
      /** The instance that made the change (it applied it already). */
      readonly origin: string;
    };

/** A user's log as the store holds it. */
export interface StoredLog {
  /** Highest sequence number handed out to the user (0 before the first event). */
  readonly latest: number;
  /** The retained tail of the log, oldest first. */
  readonly events: readonly ServerEnvelope[];
}

/** Presence statuses an instance reports for a user (its own devices only). */
export type InstancePresence = 'online' | 'busy' | 'away' | 'offline';

/** The presence the cluster shows for a user. */
export interface ShownPresence {
  readonly user_id: string;
  readonly status: InstancePresence;
  readonly last_seen?: string;
}

/** The answer to an idempotency claim. */
export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'done'; readonly result: unknown }
  /** Another instance is still processing the same message id and did not finish in time. */
  | { readonly kind: 'busy' };

/**
 * What a shared store must provide so several reference-server instances behave as one
 * server (the Redis implementation is {@link RedisBackplane}; a production backend needs
 * the same guarantees, see docs/scaling.md):
 *
 * - one total order of events per user: {@link deliver} assigns the next sequence number,
 *   appends to the user's bounded log and announces the event to every instance atomically,
 *   so no instance sees seq N+1 before seq N and no number is given twice;
 * - announcements ({@link ClusterMessage}) reach each live instance in the store's order;
 * - the log can be read back ({@link readLog}) for catch-up and polling on any instance;
 * - channel memberships, idempotency results, the cluster epoch and presence are shared.
 *
 * Writes are fire-and-forget from the caller's point of view but are applied in the order
 * they were issued by one instance; {@link flushed} resolves once every write issued so far
 * has been applied (the frame router waits for it before acking).
 */
export interface ClusterBackplane {
  /** This instance's id (presence keys, membership origins). */
  readonly instanceId: string;
  /** Connects, joins the cluster and returns the cluster's epoch (created on first start). */
  start(listener: (message: ClusterMessage) => void): Promise<string>;
  /** Leaves the cluster cleanly: this instance's presence is withdrawn at once. */
  stop(): Promise<void>;
  /** Drops the store connections without any cleanup, as a killed process would. */
  abort(): void;

  /** Logs `event` (without `seq`) for `userId` and announces it to every instance. */
  deliver(userId: string, event: ServerEnvelope, route: EventRoute): void;
  /** The user's latest sequence number and retained events. */
  readLog(userId: string): Promise<StoredLog>;

  /** Records that `userId` joined or left `channel` and announces it. */
  membership(userId: string, channel: string, joined: boolean): void;
  /** Every user's channels, for a starting instance. */
  loadMemberships(): Promise<ReadonlyMap<string, readonly string[]>>;

  /** Claims a client message id for processing, or returns what it produced before. */
  claim(userId: string, messageId: string): Promise<Claim>;
  /** Stores the result of a claimed message. */
  settle(userId: string, messageId: string, result: unknown): void;
  /** Gives a claim up (the handler failed: a retry may run it again). */
  release(userId: string, messageId: string): void;

  /**
   * Reports this instance's status of `userId` (offline: none of its devices). Resolves the
   * cluster-wide presence when it changed because of this report, else `null`.
   */
  reportPresence(userId: string, status: InstancePresence): Promise<ShownPresence | null>;
  /** The cluster-wide presence of each user. */
  presenceOf(userIds: readonly string[]): Promise<ShownPresence[]>;
  /**
   * Called with presence that changed because an instance stopped refreshing its liveness
   * key (killed): its users' statuses were withdrawn.
   */
  onPresenceExpired(listener: (change: ShownPresence) => void): void;

  /** Resolves once every write issued so far has been applied by the store. */
  flushed(): Promise<void>;
}
