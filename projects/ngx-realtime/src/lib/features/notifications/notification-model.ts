import type { NotificationKind, NotificationPayload } from 'ngx-realtime/core';

/**
 * One notification as the app shows it: the server's `notification` payload without the
 * per-event `unread_count`, with `read` always set. Field names follow the wire payload
 * (`actor_name`, `created_at`, ...), so a template reads what the API documents.
 */
export interface RealtimeNotification {
  readonly id: string;
  readonly type: NotificationKind;
  readonly read: boolean;
  readonly actor_id?: string;
  readonly actor_name?: string;
  readonly message?: string;
  readonly post_id?: string;
  readonly created_at?: string;
}

/** What an app's loader returns: the newest notifications (newest first) and the count. */
export interface NotificationSnapshot {
  readonly notifications: readonly NotificationPayload[];
  /** The server's unread count; without it the count is left as it is. */
  readonly unreadCount?: number;
}

const OPTIONAL_TEXT_FIELDS = [
  'actor_id',
  'actor_name',
  'message',
  'post_id',
  'created_at',
] as const;

/**
 * A notification from a payload the validator accepted, or `null` when it cannot be one.
 * The validator only checks what it knows: a custom protocol or a loose app validator can
 * still let a wrong-typed optional field through, and such a field is dropped here rather
 * than reaching a template. Unknown extra fields (an app's own additions) are kept.
 */
export function toNotification(payload: unknown): RealtimeNotification | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const record = payload as Readonly<Record<string, unknown>>;
  const { id, type, read } = record;
  if (typeof id !== 'string' || id === '' || typeof type !== 'string' || type === '') return null;
  const notification: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'unread_count' && value !== undefined) notification[key] = value;
  }
  for (const field of OPTIONAL_TEXT_FIELDS) {
    if (typeof notification[field] !== 'string') delete notification[field];
  }
  notification['read'] = read === true;
  return notification as unknown as RealtimeNotification;
}

/** A count the server sent, or `null` when it is missing or not a usable count. */
export function toCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : null;
}

/** The `unread_count` field of an event payload or an ack's data, when usable. */
export function countIn(data: unknown): number | null {
  return typeof data === 'object' && data !== null
    ? toCount((data as Readonly<Record<string, unknown>>)['unread_count'])
    : null;
}
