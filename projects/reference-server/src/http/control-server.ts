import { conversationMembers, setConversationMembers } from '../features/conversations';
import { joinMembersOnDialectSockets } from '../dialects/edge-support';
import type { ControlRoute } from './control-route';

/**
 * `POST restart`: restart with memory cleared (sockets dropped without a close frame, every
 * user, log, channel, fault and domain state forgotten, a new epoch). Held long polls are
 * answered at once from the new, empty log, so polling clients see the restart now rather
 * than when their hold runs out. Answers `{epoch}`.
 */
export const restartRoute: ControlRoute = {
  method: 'POST',
  path: 'restart',
  run({ server, context }) {
    const held = [...context.hub.sessions()].flatMap((session) => [...session.pollWaiters]);
    server.restart();
    for (const wake of held) wake();
    return { epoch: context.hub.epoch };
  },
};

/**
 * `POST conversations {conversation_id, members}`: only `members` may join and post to the
 * conversation from now on (users who lose access leave its channel); an empty list opens it
 * to everyone again. Answers `{conversation_id, members}` (`members: null` when open).
 */
export const conversationMembersRoute: ControlRoute = {
  method: 'POST',
  path: 'conversations',
  run({ context, input }) {
    const conversationId = input.name('conversation_id');
    setConversationMembers(context, conversationId, input.names('members'));
    joinMembersOnDialectSockets(context, conversationId);
    return {
      conversation_id: conversationId,
      members: conversationMembers(context, conversationId) ?? null,
    };
  },
};

/** `GET conversations?conversation_id=`: `{conversation_id, members}` (`null` when open). */
export const conversationStatusRoute: ControlRoute = {
  method: 'GET',
  path: 'conversations',
  run({ context, input }) {
    const conversationId = input.name('conversation_id');
    return {
      conversation_id: conversationId,
      members: conversationMembers(context, conversationId) ?? null,
    };
  },
};
