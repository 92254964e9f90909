import type { ClientFrame } from '../core/envelope';
import { stateOf, type StateSlot } from './domain-state';
import { reachConversation, requireAccess } from './conversations';
import type { FrameContext, FrameHandler, ServerContext } from './feature';
import { requireId } from './payload';
import { userProfile } from './profiles';

interface Typist {
  readonly conversationId: string;
  readonly userId: string;
  /** When the last `typing_start` was broadcast (debounce). */
  broadcastAt: number;
  /** When the last `typing_start` arrived: the auto-clear counts from here. */
  startedAt: number;
}

/** Who is typing where, by `conversationId \n userId`. */
const TYPISTS: StateSlot<Map<string, Typist>> = { name: 'typing', create: () => new Map() };

const keyOf = (conversationId: string, userId: string) => `${conversationId}\n${userId}`;

function broadcast(context: ServerContext, typist: Typist, isTyping: boolean): void {
  const payload = {
    conversation_id: typist.conversationId,
    user_id: typist.userId,
    username: userProfile(context, typist.userId).username,
    is_typing: isTyping,
  };
  // Only tabs with the conversation open care who is typing; never the typist.
  reachConversation(
    context,
    typist.conversationId,
    isTyping ? 'typing_start' : 'typing_stop',
    payload,
    { exceptUserId: typist.userId, joinedOnly: true },
  );
}

/**
 * Clears the indicator once `typingAutoClearMs` passed since the last start. One timer per
 * typist: a new start moves the deadline and the timer re-arms itself for the rest, instead
 * of leaving a cancelled timer behind for every keystroke.
 */
function armAutoClear(context: ServerContext, typist: Typist, delayMs: number): void {
  context.setTimer(() => {
    const typists = stateOf(context, TYPISTS);
    if (typists.get(keyOf(typist.conversationId, typist.userId)) !== typist) return;
    const left = typist.startedAt + context.config.typingAutoClearMs - context.config.clock.now();
    if (left > 0) return armAutoClear(context, typist, left);
    stopTyping(context, typist.userId, typist.conversationId);
  }, delayMs);
}

/**
 * `userId` types in `conversationId`: broadcasts `typing_start` to the other participants,
 * unless one was broadcast less than `typingDebounceMs` ago. Returns whether it broadcast.
 */
export function startTyping(
  context: ServerContext,
  userId: string,
  conversationId: string,
): boolean {
  const typists = stateOf(context, TYPISTS);
  const key = keyOf(conversationId, userId);
  const now = context.config.clock.now();
  let typist = typists.get(key);
  if (typist === undefined) {
    typist = { conversationId, userId, broadcastAt: now, startedAt: now };
    typists.set(key, typist);
    armAutoClear(context, typist, context.config.typingAutoClearMs);
  } else {
    typist.startedAt = now;
    if (now - typist.broadcastAt < context.config.typingDebounceMs) return false;
    typist.broadcastAt = now;
  }
  broadcast(context, typist, true);
  return true;
}

/** `userId` stopped typing: broadcasts `typing_stop` if they were. Returns whether it did. */
export function stopTyping(
  context: ServerContext,
  userId: string,
  conversationId: string,
): boolean {
  const typists = stateOf(context, TYPISTS);
  const key = keyOf(conversationId, userId);
  const typist = typists.get(key);
  if (typist === undefined) return false;
  typists.delete(key);
  broadcast(context, typist, false);
  return true;
}

/** Stops every indicator of `userId` (their last socket closed). */
export function stopAllTyping(context: ServerContext, userId: string): void {
  for (const typist of [...stateOf(context, TYPISTS).values()]) {
    if (typist.userId === userId) stopTyping(context, userId, typist.conversationId);
  }
}

function typingFrame(start: boolean): FrameHandler {
  return (context: FrameContext, frame: ClientFrame) => {
    const conversationId = requireId(frame, 'conversation_id');
    const userId = context.session.userId;
    requireAccess(context, userId, conversationId);
    const broadcastSent = start
      ? startTyping(context, userId, conversationId)
      : stopTyping(context, userId, conversationId);
    return { conversation_id: conversationId, is_typing: start, broadcast: broadcastSent };
  };
}

/** `typing_start` / `typing_stop {conversation_id}` from a client. */
export const typingHandlers: Readonly<Record<string, FrameHandler>> = {
  typing_start: typingFrame(true),
  typing_stop: typingFrame(false),
};
