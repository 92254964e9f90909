import type { ClientFrame } from './envelope';
import { ChannelSet } from './channel-set';
import { EventLog } from './event-log';
import type { Connection } from '../ws/connection';

/** Remembered answers to client message ids, so a resent message is acked, not re-applied. */
const REMEMBERED_RESULTS = 1000;
/** Client frames kept for the control API's "what did the server receive". */
const REMEMBERED_FRAMES = 1000;

/**
 * Everything the server knows about one user across their connections: the event log, the
 * channels they want (also while disconnected, so catch-up and polling can serve them), and
 * the results of messages already processed (idempotency).
 */
export class UserSession {
  readonly log: EventLog;
  readonly connections = new Set<Connection>();
  /** Channels the user's connections joined, kept while no connection is open. */
  readonly channels = new ChannelSet(['notifications']);
  /** Cluster mirror: the log was loaded from the shared store (see `Hub.hydrate`). */
  hydrated = false;
  /** Waiting long-poll requests: called when an event is appended. */
  readonly pollWaiters = new Set<() => void>();
  /** Frames received from this user (newest last), for the control API. */
  readonly received: ClientFrame[] = [];
  private readonly results = new Map<string, unknown>();

  constructor(
    readonly userId: string,
    logSize: number,
    epoch: string,
  ) {
    this.log = new EventLog(logSize, epoch);
  }

  /** The ack data of an already processed client message, or `undefined`. */
  processed(messageId: string): { readonly result: unknown } | undefined {
    return this.results.has(messageId) ? { result: this.results.get(messageId) } : undefined;
  }

  remember(messageId: string, result: unknown): void {
    this.results.set(messageId, result);
    if (this.results.size > REMEMBERED_RESULTS) {
      this.results.delete(this.results.keys().next().value as string);
    }
  }

  record(frame: ClientFrame): void {
    this.received.push(frame);
    if (this.received.length > REMEMBERED_FRAMES) this.received.shift();
  }

  /** True while a connection of this user has joined `channel` (or it is remembered). */
  wants(channel: string): boolean {
    return this.channels.has(channel);
  }

  /** Drops `channel` unless another connection of the user still has it. */
  release(channel: string): void {
    for (const connection of this.connections) {
      if (connection.subscriptions.has(channel)) return;
    }
    if (channel !== 'notifications') this.channels.delete(channel);
  }
}
