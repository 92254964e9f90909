import { randomUUID } from 'node:crypto';
import { BadControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/** Longest message text (as the `send_message` handler). */
const MAX_CONTENT_LENGTH = 10_000;

/**
 * `POST messages {user_id, conversation_id, content}`: `user_id` sends a message, exactly as
 * its `send_message` frame would (access and, in the Chat API dialect, blocking checked;
 * typing stopped; delivery receipts). For dialects without a send frame (Listings, whose
 * messages go through the backend's REST API) this is how a test or demo sends one.
 * Answers `{message}` (the stored message); a refusal is a 400 naming the error code.
 */
export const sendMessageRoute: ControlRoute = {
  method: 'POST',
  path: 'messages',
  async run({ server, input }) {
    const userId = input.name('user_id');
    const conversationId = input.name('conversation_id');
    const content = input.optionalString('content');
    if (content === undefined || content.trim() === '' || content.length > MAX_CONTENT_LENGTH)
      throw new BadControlInput(`content must be 1 to ${MAX_CONTENT_LENGTH} characters of text`);
    const id = `control_${randomUUID()}`;
    const frame = {
      id,
      type: 'send_message',
      payload: { conversation_id: conversationId, content },
      ack_id: id,
    };
    const answer = await server.runFrame(userId, JSON.stringify(frame));
    const ack = answer.ack as { readonly data?: unknown } | undefined;
    if (ack?.data === undefined) {
      const error = answer.error as { readonly code?: string; readonly message?: string };
      throw new BadControlInput(`${error?.code ?? 'ERROR'}: ${error?.message ?? 'refused'}`);
    }
    return { message: ack.data };
  },
};
