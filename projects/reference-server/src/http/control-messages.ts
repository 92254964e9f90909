import { randomUUID } from 'node:crypto';
import { listingsRestMessage } from '../dialects/listings-encode';
import { BadControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/** Longest message text (as the `send_message` handler). */
const MAX_CONTENT_LENGTH = 10_000;

/**
 * `POST messages {user_id, conversation_id, content}`: `user_id` sends a message, exactly as
 * its `send_message` frame would (access and, in the Chat API dialect, blocking checked;
 * typing stopped; delivery receipts). For dialects without a send frame (Listings, whose
 * messages go through the backend's REST API) this is how a test or demo sends one.
 * Answers `{message}` (the stored message) and, in the Listings dialect, `listings`: the
 * message as the Listings REST API answers it (numeric ids, the socket's message id), so a
 * client standing this route in for that API can match its send to the `new_message` echo.
 * A refusal is a 400 naming the error code.
 */
export const sendMessageRoute: ControlRoute = {
  method: 'POST',
  path: 'messages',
  async run({ server, context, input }) {
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
    const listings =
      context.config.dialect === 'listings' && typeof ack.data === 'object' && ack.data !== null
        ? listingsRestMessage(context, ack.data)
        : null;
    return listings === null ? { message: ack.data } : { message: ack.data, listings };
  },
};
