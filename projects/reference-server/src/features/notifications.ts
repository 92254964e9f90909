import { randomUUID } from 'node:crypto';
import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import { stateOf, type StateSlot } from './domain-state';
import type { Feature, FrameContext, ServerContext } from './feature';
import { isoNow, requireId } from './payload';

/** A `notification` event payload (the spec's fields plus `unread_count`). */
export interface NotificationPayload {
  readonly id: string;
  readonly type: string;
  readonly actor_id?: string;
  readonly actor_name?: string;
  readonly message?: string;
  readonly post_id?: string;
  readonly read: boolean;
  readonly created_at: string;
  readonly unread_count: number;
}

/** What a caller gives {@link pushNotification}: the server fills in the rest. */
export type NotificationInput = Partial<
  Omit<NotificationPayload, 'read' | 'unread_count' | 'created_at'>
> & {
  readonly type: string;
  readonly created_at?: string;
};

/** Notifications kept per user; the oldest go first (a development server, not an inbox). */
const KEPT_PER_USER = 1000;

interface Inbox {
  /** Notification id → read flag, in arrival order. */
  readonly read: Map<string, boolean>;
  unread: number;
}

const INBOXES: StateSlot<Map<string, Inbox>> = { name: 'notifications', create: () => new Map() };

function inboxOf(context: ServerContext, userId: string): Inbox {
  const inboxes = stateOf(context, INBOXES);
  let inbox = inboxes.get(userId);
  if (inbox === undefined) {
    inbox = { read: new Map(), unread: 0 };
    inboxes.set(userId, inbox);
  }
  return inbox;
}

/** The user's unread notification count. */
export function unreadCount(context: ServerContext, userId: string): number {
  return stateOf(context, INBOXES).get(userId)?.unread ?? 0;
}

/**
 * Pushes a notification to `userId` (the simulator and the control API use this): fills in
 * `id`, `created_at` and `read: false`, counts it as unread and delivers it to every socket
 * of the user (and their log). Returns the payload sent.
 */
export function pushNotification(
  context: ServerContext,
  userId: string,
  input: NotificationInput,
): NotificationPayload {
  checkInput(input);
  const inbox = inboxOf(context, userId);
  const id = input.id !== undefined && input.id !== '' ? input.id : randomUUID();
  if (inbox.read.get(id) === false) inbox.unread--;
  inbox.read.delete(id);
  inbox.read.set(id, false);
  inbox.unread++;
  if (inbox.read.size > KEPT_PER_USER) {
    const [oldest, wasRead] = inbox.read.entries().next().value as [string, boolean];
    inbox.read.delete(oldest);
    if (!wasRead) inbox.unread--;
  }
  const payload: NotificationPayload = {
    ...input,
    id,
    read: false,
    // Normalized: the client only accepts ISO 8601 times.
    created_at:
      input.created_at === undefined ? isoNow(context) : new Date(input.created_at).toISOString(),
    unread_count: inbox.unread,
  };
  context.hub.deliverToUser(userId, 'notification', payload, {
    channel: 'notifications',
    direct: true,
  });
  return payload;
}

/** Refuses input the client's validators would drop (the control API passes raw JSON). */
function checkInput(input: NotificationInput): void {
  if (typeof input.type !== 'string' || input.type === '') {
    throw new ServerError('INVALID_MESSAGE', 'A notification needs a type');
  }
  for (const field of ['id', 'actor_id', 'actor_name', 'message', 'post_id'] as const) {
    const value: unknown = input[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new ServerError('INVALID_MESSAGE', `notification.${field} must be a string`);
    }
  }
  const createdAt: unknown = input.created_at;
  if (
    createdAt !== undefined &&
    (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
  ) {
    throw new ServerError('INVALID_MESSAGE', 'notification.created_at must be a date-time');
  }
}

/** Tells the user's other sockets (and their log) that notifications were read. */
function syncOtherTabs(context: FrameContext, type: string, payload: object): void {
  context.hub.deliverToUser(context.session.userId, type, payload, {
    channel: 'notifications',
    direct: true,
    exceptConnection:
      context.connection?.shared === true ? undefined : (context.connection ?? undefined),
  });
}

/**
 * `notification_read {notification_id}`: marks one notification read. Unknown ids (from
 * before a restart) are acked with the current count rather than refused: the client's
 * view is simply older than the server's.
 */
function markRead(context: FrameContext, frame: ClientFrame): object {
  const id = requireId(frame, 'notification_id');
  const inbox = inboxOf(context, context.session.userId);
  const changed = inbox.read.get(id) === false;
  if (changed) {
    inbox.read.set(id, true);
    inbox.unread--;
  }
  const payload = { notification_id: id, read_at: isoNow(context), unread_count: inbox.unread };
  if (changed) syncOtherTabs(context, 'notification_read', payload);
  return payload;
}

/** `notification_read_all {}`: marks every notification read. */
function markAllRead(context: FrameContext): object {
  const inbox = inboxOf(context, context.session.userId);
  const changed = inbox.unread > 0;
  for (const id of inbox.read.keys()) inbox.read.set(id, true);
  inbox.unread = 0;
  const payload = { read_at: isoNow(context), unread_count: 0 };
  if (changed) syncOtherTabs(context, 'notification_read_all', payload);
  return payload;
}

/**
 * Notifications: pushed by the server ({@link pushNotification}), an unread count per user in
 * every payload, and read marks that keep all of a user's tabs in step. The `notifications`
 * channel itself belongs to the core feature (every socket starts on it).
 */
export function notificationsFeature(): Feature {
  return {
    name: 'notifications',
    handlers: {
      notification_read: markRead,
      notification_read_all: (context) => markAllRead(context),
    },
  };
}
