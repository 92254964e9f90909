import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import { conversationChannel, conversationMembers } from './conversations';
import { stateOf, type StateSlot } from './domain-state';
import type { FrameContext, FrameHandler, ServerContext } from './feature';
import { isoNow, requireId } from './payload';
import { userProfile } from './profiles';

/** Blocked usernames, by the user who blocked them. */
const BLOCKS: StateSlot<Map<string, Set<string>>> = { name: 'blocks', create: () => new Map() };

/** Most usernames one user may block (memory stays bounded). */
const MAX_BLOCKS_PER_USER = 1000;

function blockedBy(context: ServerContext, userId: string): ReadonlySet<string> {
  return stateOf(context, BLOCKS).get(userId) ?? new Set();
}

/** The other participants of a conversation: its members, or who joined an open one. */
function othersIn(context: ServerContext, conversationId: string, userId: string): string[] {
  const channel = conversationChannel(conversationId);
  const participants =
    conversationMembers(context, conversationId) ??
    [...context.hub.sessions()].filter((s) => s.wants(channel)).map((s) => s.userId);
  return participants.filter((id) => id !== userId);
}

/**
 * Throws BLOCKED when `userId` blocked another participant of the conversation or one of
 * them blocked `userId` (the Chat API's "User blocked or blocking").
 */
export function requireNotBlocked(
  context: ServerContext,
  userId: string,
  conversationId: string,
): void {
  const own = blockedBy(context, userId);
  const name = userProfile(context, userId).username;
  for (const other of othersIn(context, conversationId, userId)) {
    if (own.has(userProfile(context, other).username) || blockedBy(context, other).has(name))
      throw new ServerError('BLOCKED', 'You cannot send messages to this user', {
        conversation_id: conversationId,
      });
  }
}

function blockFrame(context: FrameContext, frame: ClientFrame): object {
  const username = requireId(frame, 'username');
  if (username === userProfile(context, context.session.userId).username)
    throw new ServerError('INVALID_MESSAGE', 'You cannot block yourself', { field: 'username' });
  const blocks = stateOf(context, BLOCKS);
  const own = blocks.get(context.session.userId) ?? new Set<string>();
  if (own.size >= MAX_BLOCKS_PER_USER && !own.has(username))
    throw new ServerError('INVALID_MESSAGE', 'Too many blocked users', { field: 'username' });
  own.add(username);
  blocks.set(context.session.userId, own);
  return { username, blocked_at: isoNow(context) };
}

function unblockFrame(context: FrameContext, frame: ClientFrame): object {
  const username = requireId(frame, 'username');
  stateOf(context, BLOCKS).get(context.session.userId)?.delete(username);
  return { username, unblocked_at: isoNow(context) };
}

/**
 * Blocking, for the Chat API dialect only (SocialHub has no such frame): `block_user` /
 * `unblock_user {username}`, and `send_message` refused with BLOCKED between users who
 * blocked one another. `base` holds the features' handlers; the returned ones replace them.
 */
export function blockingHandlers(
  base: ReadonlyMap<string, FrameHandler>,
): Readonly<Record<string, FrameHandler>> {
  const send = base.get('send_message');
  return {
    block_user: blockFrame,
    unblock_user: unblockFrame,
    ...(send === undefined
      ? {}
      : {
          send_message: (context: FrameContext, frame: ClientFrame) => {
            requireNotBlocked(context, context.session.userId, requireId(frame, 'conversation_id'));
            return send(context, frame);
          },
        }),
  };
}
