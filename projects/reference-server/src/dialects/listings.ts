import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import type { DialectCodec, EdgeContext } from './dialect';
import {
  invalid,
  joinConversation,
  joinKnownConversations,
  parseDialectFrame,
  PendingAnswers,
  rfc3339,
  type DialectFrame,
} from './edge-support';
import { encodeListingsEvent, listingsError, type ListingsFrame } from './listings-encode';
import { listingsIds, wireId } from './numeric-ids';

/** Most message ids one `mark_read` may list (as the canonical read receipt). */
const MAX_READ_IDS = 500;

/** The reading side of one Listings socket. */
class ListingsEdge {
  readonly pending: PendingAnswers;

  constructor(private readonly context: EdgeContext) {
    this.pending = new PendingAnswers(`listings_${context.connection.id}`);
  }

  send(frame: ListingsFrame): void {
    this.context.connection.sendRaw(JSON.stringify(frame));
  }

  private now(): string {
    return rfc3339(this.context.config.clock.now());
  }

  /** `connected {user_id, timestamp}`. */
  greet(): void {
    const { context } = this;
    const userId = listingsIds(context).users.wire(context.session.userId);
    this.send({ type: 'connected', user_id: userId, timestamp: this.now() });
    joinKnownConversations(context);
  }

  read(text: string): ClientFrame | null {
    const frame = parseDialectFrame(text);
    switch (frame.type) {
      case 'ping':
        this.send({ type: 'pong', timestamp: this.now() });
        return null;
      case 'typing':
        return this.typing(frame);
      case 'mark_read':
        return this.markRead(frame);
      default:
        throw invalid(`Unknown message type: ${frame.type.slice(0, 64)}`);
    }
  }

  private chat(frame: DialectFrame): string {
    const chatId = wireId(frame['chat_id']);
    const conversationId =
      chatId === undefined ? undefined : listingsIds(this.context).chats.canonical(chatId);
    if (conversationId === undefined) throw invalid('chat_id must be a non-negative integer');
    return conversationId;
  }

  /** `typing {chat_id, is_typing}` → `typing_start` / `typing_stop`. */
  private typing(frame: DialectFrame): ClientFrame {
    const conversationId = this.chat(frame);
    const isTyping = frame['is_typing'];
    if (typeof isTyping !== 'boolean') throw invalid('is_typing must be true or false');
    joinConversation(this.context, conversationId);
    return this.pending.frame(
      isTyping ? 'typing_start' : 'typing_stop',
      { conversation_id: conversationId },
      () => [],
    );
  }

  /**
   * `mark_read {message_id}` (optionally `chat_id`, `message_ids`) → `read_receipt` of the
   * named messages; their senders get `message_read` for each.
   */
  private markRead(frame: DialectFrame): ClientFrame {
    const ids = listingsIds(this.context);
    const first = wireId(frame['message_id']);
    if (first === undefined) throw invalid('message_id must be a non-negative integer');
    const listed = frame['message_ids'];
    const wires = Array.isArray(listed) ? listed.slice(0, MAX_READ_IDS).map(wireId) : [first];
    if (wires.some((wire) => wire === undefined))
      throw invalid('message_ids must be non-negative integers');
    const messageIds = (wires as number[]).map((wire) => ids.messages.canonical(wire));
    const known = messageIds.filter((id): id is string => id !== undefined);
    const named = ids.messages.canonical(first);
    const conversationId =
      frame['chat_id'] === undefined
        ? named === undefined
          ? undefined
          : ids.chatOfMessage.get(named)
        : this.chat(frame);
    if (conversationId === undefined || known.length === 0)
      throw new ServerError('INVALID_MESSAGE', 'Message not found');
    // Messages of another chat than the one named are left out.
    const inChat = known.filter((id) => ids.chatOfMessage.get(id) === conversationId);
    if (inChat.length === 0) throw new ServerError('INVALID_MESSAGE', 'Message not found');
    joinConversation(this.context, conversationId);
    return this.pending.frame(
      'read_receipt',
      { conversation_id: conversationId, message_ids: inChat },
      () => [],
    );
  }
}

/**
 * The Listings dialect (`/ws/chat`, see the spec text listings-chat-websocket.md): flat frames
 * without an envelope, numeric ids, `connected` / `ping` / `pong`, `typing {chat_id,
 * is_typing}`, `mark_read`, `new_message`, `message_read`. Messages are sent outside the
 * socket (the control API's `POST messages`, the simulator). The token comes in `?token=`
 * only; without a valid one the upgrade is refused with HTTP 401.
 */
export const listingsDialect: DialectCodec = {
  name: 'listings',
  paths: ['/ws/chat', '/ws'],
  token: (url) => url.searchParams.get('token') || null,
  open(context) {
    const edge = new ListingsEdge(context);
    return {
      greet: () => edge.greet(),
      read: (text) => edge.read(text),
      reply: {
        ack: (ackId) => void edge.pending.take(ackId),
        error: (error, ackId) => {
          edge.pending.take(ackId);
          edge.send(listingsError(context, error));
        },
      },
      encode: (frame) => encodeListingsEvent(context, frame),
    };
  },
};
