import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import { stateOf, type StateSlot } from './domain-state';
import type { Feature, FrameContext, ServerContext } from './feature';
import { isoNow, requireIds } from './payload';

/** Presence states of the SocialHub protocol. */
export type PresenceStatus = 'online' | 'offline' | 'away' | 'busy';

/** A `presence` event payload. */
export interface PresencePayload {
  readonly user_id: string;
  readonly status: PresenceStatus;
  /** Last time the user was seen: connect, status change, or their last socket closing. */
  readonly last_seen?: string;
}

/** What a client may choose with `set_presence` (offline follows the sockets, not a frame). */
const SETTABLE: readonly PresenceStatus[] = ['online', 'away', 'busy'];

interface UserPresence {
  status: PresenceStatus;
  lastSeen: string;
  /** Identifies the pending offline timer; a reconnect replaces it, so the old one is void. */
  offlineTimer: object | null;
}

const PRESENCE: StateSlot<Map<string, UserPresence>> = {
  name: 'presence',
  create: () => new Map(),
};

/** The channel of one user's presence: `presence:{userId}`. */
export function presenceChannel(userId: string): string {
  return `presence:${userId}`;
}

function payloadOf(userId: string, entry: UserPresence | undefined): PresencePayload {
  return entry === undefined
    ? { user_id: userId, status: 'offline' }
    : { user_id: userId, status: entry.status, last_seen: entry.lastSeen };
}

function broadcast(context: ServerContext, payload: PresencePayload): void {
  context.hub.publish('presence', 'presence', payload);
  context.hub.publish(presenceChannel(payload.user_id), 'presence', payload);
}

/** The current presence of `userId` (offline, without `last_seen`, when never seen). */
export function getPresence(context: ServerContext, userId: string): PresencePayload {
  return payloadOf(userId, stateOf(context, PRESENCE).get(userId));
}

/**
 * Sets `userId`'s status and broadcasts it on `presence` and `presence:{userId}` when it
 * changed (also for users without sockets: the simulator's users). Returns the presence.
 */
export function setPresence(
  context: ServerContext,
  userId: string,
  status: PresenceStatus,
): PresencePayload {
  const users = stateOf(context, PRESENCE);
  const entry = users.get(userId);
  const lastSeen = isoNow(context);
  if (entry !== undefined && entry.status === status) {
    entry.lastSeen = lastSeen;
    return payloadOf(userId, entry);
  }
  const next: UserPresence = { status, lastSeen, offlineTimer: null };
  users.set(userId, next);
  const payload = payloadOf(userId, next);
  broadcast(context, payload);
  return payload;
}

/** A socket opened: online on the user's first one; a pending offline is called off. */
function connected(context: FrameContext): void {
  const userId = context.session.userId;
  const entry = stateOf(context, PRESENCE).get(userId);
  if (entry !== undefined && entry.status !== 'offline') {
    // Another device, or back within the grace period: keep online / away / busy as it is.
    entry.offlineTimer = null;
    entry.lastSeen = isoNow(context);
    return;
  }
  setPresence(context, userId, 'online');
}

/**
 * A socket closed: when it was the user's last, they go offline after the grace period
 * unless a socket opens again first (a reload or a network blip does not flicker).
 */
function disconnected(context: FrameContext): void {
  const userId = context.session.userId;
  // A socket closed by a restart belongs to the old epoch: the new one never saw the user.
  const entry = stateOf(context, PRESENCE).get(userId);
  if (entry === undefined || entry.status === 'offline') return;
  if (context.hub.session(userId).connections.size > 0) return;
  const lastSeen = isoNow(context);
  const timer = {};
  entry.offlineTimer = timer;
  context.setTimer(() => {
    if (entry.offlineTimer !== timer || stateOf(context, PRESENCE).get(userId) !== entry) return;
    if (context.hub.session(userId).connections.size > 0) return;
    entry.status = 'offline';
    entry.lastSeen = lastSeen;
    entry.offlineTimer = null;
    broadcast(context, payloadOf(userId, entry));
  }, context.config.presenceOfflineDelayMs);
}

/** `set_presence {status}`: online, away or busy. */
function setPresenceFrame(context: FrameContext, frame: ClientFrame): PresencePayload {
  const status = frame.payload['status'];
  if (typeof status !== 'string' || !SETTABLE.includes(status as PresenceStatus)) {
    throw new ServerError('INVALID_MESSAGE', 'payload.status must be online, away or busy', {
      field: 'status',
    });
  }
  return setPresence(context, context.session.userId, status as PresenceStatus);
}

/**
 * Extension: `get_presence {user_ids}` answers `{presence: PresencePayload[]}` in the ack, so
 * a client can seed a contact list without waiting for changes.
 */
function getPresenceFrame(context: FrameContext, frame: ClientFrame): object {
  return { presence: requireIds(frame, 'user_ids').map((id) => getPresence(context, id)) };
}

/**
 * Presence: online on a user's first socket, offline a grace period after their last one
 * closes, `set_presence` away / busy, broadcast on `presence` and `presence:{userId}`.
 */
export function presenceFeature(): Feature {
  return {
    name: 'presence',
    ownsChannel: (channel) =>
      channel === 'presence' || (channel.startsWith('presence:') && channel.length > 9),
    connected,
    disconnected,
    handlers: { set_presence: setPresenceFrame, get_presence: getPresenceFrame },
  };
}
