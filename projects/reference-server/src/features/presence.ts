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

/**
 * How available each status is: a user with several devices shows the most available status
 * of any of them (one active laptop outweighs an idle phone).
 */
const AVAILABILITY: Readonly<Record<PresenceStatus, number>> = {
  online: 3,
  busy: 2,
  away: 1,
  offline: 0,
};

/** The device key of frames posted over HTTP while polling (they have no socket). */
const HTTP_DEVICE = 'http';
/** The device key of statuses set by the server itself (the simulator's users, tests). */
const SERVER_DEVICE = 'server';

interface UserPresence {
  /** The status shown to others (the most available device status, or offline). */
  status: PresenceStatus;
  lastSeen: string;
  /** The status each device chose: socket id, {@link HTTP_DEVICE} or {@link SERVER_DEVICE}. */
  readonly devices: Map<string, PresenceStatus>;
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

/**
 * Announces a presence the cluster's store decided (an instance's devices were withdrawn
 * because it died): on `presence` and `presence:{userId}`, like any change.
 */
export function announcePresence(context: ServerContext, payload: PresencePayload): void {
  broadcast(context, payload);
}

/**
 * This instance's status of the user changed. Alone it is what everyone sees; in a cluster
 * it is one instance's share, and the store says whether the status shown to everyone
 * changed (the user may still be online through another instance).
 */
function shareStatus(context: ServerContext, userId: string, entry: UserPresence): void {
  const cluster = context.hub.cluster;
  if (cluster === null) {
    broadcast(context, payloadOf(userId, entry));
    return;
  }
  cluster.reportPresence(userId, entry.status).then(
    (shown) => {
      if (shown !== null) broadcast(context, shown);
    },
    (error: unknown) =>
      context.config.logger.warn('presence.report_failed', {
        user: userId,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
}

/** The most available status over the user's devices (offline when there is none). */
function aggregate(devices: ReadonlyMap<string, PresenceStatus>): PresenceStatus {
  let best: PresenceStatus = 'offline';
  for (const status of devices.values()) {
    if (AVAILABILITY[status] > AVAILABILITY[best]) best = status;
  }
  return best;
}

/** The user's entry, created offline (never seen) when missing. */
function entryOf(context: ServerContext, userId: string): UserPresence {
  const users = stateOf(context, PRESENCE);
  let entry = users.get(userId);
  if (entry === undefined) {
    entry = {
      status: 'offline',
      lastSeen: isoNow(context),
      devices: new Map(),
      offlineTimer: null,
    };
    users.set(userId, entry);
  }
  return entry;
}

/**
 * Recomputes the shown status from the devices and broadcasts it when it changed. Any change
 * (a device's status, a socket coming or going) counts as seeing the user now.
 */
function refresh(context: ServerContext, userId: string, entry: UserPresence): PresencePayload {
  const status = aggregate(entry.devices);
  entry.lastSeen = isoNow(context);
  if (status === entry.status) return payloadOf(userId, entry);
  entry.status = status;
  shareStatus(context, userId, entry);
  return payloadOf(userId, entry);
}

/** The current presence of `userId` (offline, without `last_seen`, when never seen). */
export function getPresence(context: ServerContext, userId: string): PresencePayload {
  return payloadOf(userId, stateOf(context, PRESENCE).get(userId));
}

/** The presence of every user this server has seen (connected or set) since its last restart. */
export function knownPresence(context: ServerContext): PresencePayload[] {
  return [...stateOf(context, PRESENCE)].map(([userId, entry]) => payloadOf(userId, entry));
}

/**
 * Sets the status `device` of `userId` chose (by default the server's own device, as the
 * simulator does for its users, who have no sockets) and broadcasts the user's presence on
 * `presence` and `presence:{userId}` when the shown status changed. Returns the presence.
 */
export function setPresence(
  context: ServerContext,
  userId: string,
  status: PresenceStatus,
  device: string = SERVER_DEVICE,
): PresencePayload {
  const entry = entryOf(context, userId);
  if (status === 'offline') entry.devices.delete(device);
  else entry.devices.set(device, status);
  return refresh(context, userId, entry);
}

/**
 * A socket opened: it starts online. The user goes online on their first one, and also when
 * they were away or busy on other devices (the new device is the most available one); a
 * pending offline is called off.
 */
function connected(context: FrameContext): void {
  const userId = context.session.userId;
  const entry = entryOf(context, userId);
  entry.offlineTimer = null;
  entry.devices.set(context.connection?.id ?? HTTP_DEVICE, 'online');
  refresh(context, userId, entry);
}

/**
 * A socket closed: its status no longer counts, so the remaining devices decide (an active
 * device leaving an idle one behind shows the user away). When it was the user's last
 * socket, they go offline after the grace period unless a socket opens again first (a
 * reload or a network blip does not flicker).
 */
function disconnected(context: FrameContext): void {
  const userId = context.session.userId;
  // A socket closed by a restart belongs to the old epoch: the new one never saw the user.
  const entry = stateOf(context, PRESENCE).get(userId);
  if (entry === undefined || entry.status === 'offline') return;
  entry.devices.delete(context.connection?.id ?? HTTP_DEVICE);
  if (context.hub.session(userId).connections.size > 0) {
    refresh(context, userId, entry);
    return;
  }
  const lastSeen = isoNow(context);
  const timer = {};
  entry.offlineTimer = timer;
  context.setTimer(() => {
    if (entry.offlineTimer !== timer || stateOf(context, PRESENCE).get(userId) !== entry) return;
    if (context.hub.session(userId).connections.size > 0) return;
    // Statuses chosen over HTTP or by the server end with the last socket too.
    entry.devices.clear();
    entry.status = 'offline';
    entry.lastSeen = lastSeen;
    entry.offlineTimer = null;
    shareStatus(context, userId, entry);
  }, context.config.presenceOfflineDelayMs);
}

/** `set_presence {status}`: online, away or busy, for the device that sent it. */
function setPresenceFrame(context: FrameContext, frame: ClientFrame): PresencePayload {
  const status = frame.payload['status'];
  if (typeof status !== 'string' || !SETTABLE.includes(status as PresenceStatus)) {
    throw new ServerError('INVALID_MESSAGE', 'payload.status must be online, away or busy', {
      field: 'status',
    });
  }
  const device = context.connection?.id ?? HTTP_DEVICE;
  return setPresence(context, context.session.userId, status as PresenceStatus, device);
}

/**
 * Extension: `get_presence {user_ids}` answers `{presence: PresencePayload[]}` in the ack, so
 * a client can seed a contact list without waiting for changes.
 */
function getPresenceFrame(context: FrameContext, frame: ClientFrame): object {
  const ids = requireIds(frame, 'user_ids');
  // In a cluster the store knows every instance's devices; this instance only its own.
  const cluster = context.hub.cluster;
  if (cluster !== null) return cluster.presenceOf(ids).then((presence) => ({ presence }));
  return { presence: ids.map((id) => getPresence(context, id)) };
}

/**
 * Presence: online on a user's first socket, offline a grace period after their last one
 * closes, `set_presence` away / busy per device, broadcast on `presence` and
 * `presence:{userId}`. With several devices the most available status wins:
 * online > busy > away > offline.
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
