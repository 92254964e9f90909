import type { PresenceStatus } from 'ngx-realtime/core';

/**
 * What this device can report about its user with `set_presence`: offline is not a choice,
 * it follows from the connection closing.
 */
export type OwnPresenceStatus = Exclude<PresenceStatus, 'offline'>;

/** A user's presence as the app sees it: `unknown` until the server told us. */
export type PresenceState = PresenceStatus | 'unknown';

/** One user's presence, as held by `PresenceRealtime.presence(userId)`. */
export interface UserPresence {
  readonly userId: string;
  /** `unknown` until the first answer or event about the user arrived. */
  readonly status: PresenceState;
  /**
   * When the server last saw the user (connect, status change, or their last socket
   * closing), parsed from the ISO 8601 `last_seen` of the wire into a `Date`; `null` when
   * the server sent none (a user it never saw) or an unreadable one.
   */
  readonly lastSeen: Date | null;
}

const STATUSES: ReadonlySet<string> = new Set<PresenceStatus>([
  'online',
  'offline',
  'away',
  'busy',
]);

/** The presence of a user nobody told us about yet. */
export function unknownPresence(userId: string): UserPresence {
  return { userId, status: 'unknown', lastSeen: null };
}

/**
 * Reads a `presence` payload (an event, or one entry of a `get_presence` answer) defensively:
 * `null` when it is not a presence of a named user with a known status. An unreadable
 * `last_seen` becomes `null` rather than discarding the status.
 */
export function readPresence(value: unknown): UserPresence | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Readonly<Record<string, unknown>>;
  const userId = record['user_id'];
  const status = record['status'];
  if (typeof userId !== 'string' || userId === '') return null;
  if (typeof status !== 'string' || !STATUSES.has(status)) return null;
  return { userId, status: status as PresenceStatus, lastSeen: readDate(record['last_seen']) };
}

function readDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** True when two presences say the same thing (so a repeated event changes nothing). */
export function samePresence(a: UserPresence, b: UserPresence): boolean {
  return (
    a.userId === b.userId &&
    a.status === b.status &&
    (a.lastSeen?.getTime() ?? null) === (b.lastSeen?.getTime() ?? null)
  );
}
