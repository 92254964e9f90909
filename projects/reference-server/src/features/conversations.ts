import { ServerError } from '../core/server-error';
import type { Connection } from '../ws/connection';
import { stateOf, type StateSlot } from './domain-state';
import type { ServerContext } from './feature';

const PREFIX = 'conversation:';

/** The channel of a conversation: `conversation:{id}`. */
export function conversationChannel(conversationId: string): string {
  return PREFIX + conversationId;
}

/** The conversation id of a `conversation:{id}` channel, or `null` for any other channel. */
export function conversationIdOf(channel: string): string | null {
  return channel.startsWith(PREFIX) && channel.length > PREFIX.length
    ? channel.slice(PREFIX.length)
    : null;
}

/** Members per conversation; a conversation without an entry is open to every user. */
const MEMBERS: StateSlot<Map<string, ReadonlySet<string>>> = {
  name: 'conversation-members',
  create: (context) =>
    new Map(
      Object.entries(context.config.conversations)
        .filter(([, members]) => members.length > 0)
        .map(([id, members]) => [id, new Set(members)]),
    ),
};

/** The members of a conversation, or `undefined` when it has none (open to everyone). */
export function conversationMembers(
  context: ServerContext,
  conversationId: string,
): readonly string[] | undefined {
  const members = stateOf(context, MEMBERS).get(conversationId);
  return members === undefined ? undefined : [...members];
}

/** The conversations that list `userId` as a member (open ones are nobody's in particular). */
export function memberConversations(context: ServerContext, userId: string): string[] {
  return [...stateOf(context, MEMBERS)]
    .filter(([, members]) => members.has(userId))
    .map(([conversationId]) => conversationId);
}

/**
 * Gives a conversation its members (the control API and the simulator call this); an empty
 * list makes it open again. Users who lose access leave the conversation channel at once,
 * so they stop receiving its events.
 */
export function setConversationMembers(
  context: ServerContext,
  conversationId: string,
  userIds: readonly string[],
): void {
  const members = stateOf(context, MEMBERS);
  if (userIds.length === 0) members.delete(conversationId);
  else members.set(conversationId, new Set(userIds));
  const channel = conversationChannel(conversationId);
  for (const session of [...context.hub.sessions()]) {
    if (!session.wants(channel) || mayAccess(context, session.userId, conversationId)) continue;
    for (const connection of session.connections) context.hub.unsubscribe(connection, channel);
    session.channels.delete(channel);
  }
}

/**
 * May `userId` join and post to `conversationId`? The configured hook decides when given;
 * otherwise members only when the conversation has members, and anyone when it has none
 * (the SocialHub text defines no membership).
 */
export function mayAccess(context: ServerContext, userId: string, conversationId: string): boolean {
  const hook = context.config.authorizeConversation;
  if (hook !== undefined) return hook(userId, conversationId);
  const members = stateOf(context, MEMBERS).get(conversationId);
  return members === undefined || members.has(userId);
}

/** Throws FORBIDDEN unless `userId` may use the conversation. */
export function requireAccess(
  context: ServerContext,
  userId: string,
  conversationId: string,
): void {
  if (!mayAccess(context, userId, conversationId)) {
    throw new ServerError('FORBIDDEN', 'Not a member of this conversation', {
      conversation_id: conversationId,
    });
  }
}

/** One user an event was addressed to, and whether one of their sockets was sent it. */
export interface Recipient {
  readonly userId: string;
  readonly online: boolean;
}

/** How {@link reachConversation} fans an event out. */
export interface ReachOptions {
  /** The user whose action caused the event: they get it only through `alsoSender`. */
  readonly exceptUserId?: string;
  /** Only users with the conversation channel joined (typing: useless elsewhere). */
  readonly joinedOnly?: boolean;
}

/**
 * Sends a conversation event to its participants: every member when it has members (their
 * sockets get it whether or not the conversation is open in that tab, like a new DM badge),
 * otherwise every user who joined its channel. Returns who it was for (delivery receipts).
 */
export function reachConversation(
  context: ServerContext,
  conversationId: string,
  type: string,
  payload: object,
  options: ReachOptions = {},
): Recipient[] {
  const channel = conversationChannel(conversationId);
  const members = stateOf(context, MEMBERS).get(conversationId);
  const direct = members !== undefined && options.joinedOnly !== true;
  // Members never seen by this server yet still get it in their log (catch-up, polling).
  const targets = direct
    ? [...members]
    : [...context.hub.sessions()]
        .filter((session) => session.wants(channel))
        .map((session) => session.userId)
        .filter((userId) => members === undefined || members.has(userId));
  const recipients: Recipient[] = [];
  for (const userId of targets) {
    if (userId === options.exceptUserId) continue;
    const online = sendsTo(context.hub.session(userId).connections, channel, direct);
    context.hub.deliverToUser(userId, type, payload, { channel, direct });
    recipients.push({ userId, online });
  }
  return recipients;
}

/**
 * The same event for the acting user's other sockets (another tab of the sender), logged for
 * their catch-up; `origin` already has it from its ack.
 */
export function echoToSender(
  context: ServerContext,
  userId: string,
  conversationId: string,
  type: string,
  payload: object,
  origin: Connection | null,
): void {
  const channel = conversationChannel(conversationId);
  const direct = stateOf(context, MEMBERS).has(conversationId);
  const session = context.hub.session(userId);
  if (!direct && !session.wants(channel)) return;
  context.hub.deliverToUser(userId, type, payload, {
    channel,
    direct,
    exceptConnection: origin?.shared === true ? undefined : (origin ?? undefined),
  });
}

function sendsTo(connections: ReadonlySet<Connection>, channel: string, direct: boolean): boolean {
  for (const connection of connections) {
    if (connection.open && (direct || connection.subscriptions.has(channel))) return true;
  }
  return false;
}
