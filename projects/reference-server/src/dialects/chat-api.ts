import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import { blockingHandlers } from '../features/blocking';
import { requireAccess } from '../features/conversations';
import { unreadBy } from '../features/messages';
import { isoNow } from '../features/payload';
import { knownPresence } from '../features/presence';
import { isObject } from '../ws/frame-router';
import { chatApiError, chatApiMessage, chatApiStatus, encodeChatApiEvent } from './chat-api-encode';
import type { DialectCodec, EdgeContext } from './dialect';
import {
  invalid,
  joinConversation,
  joinKnownConversations,
  parseDialectFrame,
  PendingAnswers,
  requireText,
  textOf,
  type DialectFrame,
} from './edge-support';

/** Longest `tempId` kept for matching (it only has to be unique per sender). */
const MAX_TEMP_ID_LENGTH = 256;

function payloadOf(frame: DialectFrame): Readonly<Record<string, unknown>> {
  const payload = frame['payload'];
  if (!isObject(payload)) throw invalid('payload must be an object');
  return payload;
}

/** The reading side of one Chat API socket. */
class ChatApiEdge {
  readonly pending: PendingAnswers;

  constructor(private readonly context: EdgeContext) {
    this.pending = new PendingAnswers(`chat-api_${context.connection.id}`);
  }

  send(frame: object): void {
    this.context.connection.sendRaw(JSON.stringify(frame));
  }

  /** `connection.success`, then `status.bulk` (everyone else the server knows). */
  greet(): void {
    const { context } = this;
    this.send({
      type: 'connection.success',
      payload: { userId: context.session.userId, connectedAt: isoNow(context) },
    });
    const users = knownPresence(context)
      .filter((presence) => presence.user_id !== context.session.userId)
      .flatMap((presence) => chatApiStatus(presence) ?? []);
    this.send({ type: 'status.bulk', payload: { users } });
    // Every user is everyone's "friend" here: the socket hears all presence changes.
    context.hub.subscribe(context.connection, 'presence');
    joinKnownConversations(context);
  }

  read(text: string): ClientFrame | null {
    const frame = parseDialectFrame(text);
    switch (frame.type) {
      case 'ping':
        return this.ping(frame);
      case 'message.send':
        return this.messageSend(payloadOf(frame));
      case 'typing.start':
      case 'typing.stop':
        return this.typing(frame.type, payloadOf(frame));
      case 'message.read':
        return this.messageRead(payloadOf(frame));
      case 'block.add':
      case 'block.remove':
        return this.block(frame.type, payloadOf(frame));
      default:
        throw invalid(`Unknown event type: ${frame.type.slice(0, 64)}`);
    }
  }

  /** `ping {timestamp}` → `pong {timestamp}` (the client's, else the server's, in seconds). */
  private ping(frame: DialectFrame): null {
    const payload = isObject(frame['payload']) ? frame['payload'] : {};
    const given = payload['timestamp'];
    const timestamp =
      typeof given === 'number' && Number.isFinite(given)
        ? given
        : Math.floor(this.context.config.clock.now() / 1000);
    this.send({ type: 'pong', payload: { timestamp } });
    return null;
  }

  /**
   * `message.send {conversationId, type?, content, tempId}` → `send_message`; its ack becomes
   * `message.sent {tempId, message}`. A resend with the same `tempId` is answered again, not
   * stored twice.
   */
  private messageSend(payload: Readonly<Record<string, unknown>>): ClientFrame {
    const conversationId = requireText(payload['conversationId'], 'conversationId');
    const type = payload['type'] ?? 'text';
    if (type !== 'text' || payload['media'] !== undefined)
      throw invalid('Only text messages: the reference server stores no media');
    const content = payload['content'];
    if (typeof content !== 'string' || content.trim() === '') throw invalid('content is required');
    const tempId = payload['tempId'];
    if (tempId !== undefined && (typeof tempId !== 'string' || tempId.length > MAX_TEMP_ID_LENGTH))
      throw invalid('tempId must be a string');
    joinConversation(this.context, conversationId);
    return this.pending.frame(
      'send_message',
      { conversation_id: conversationId, content },
      (data) => {
        const message = chatApiMessage(isObject(data) ? data : {}, false);
        return message === null ? [] : [{ type: 'message.sent', payload: { tempId, message } }];
      },
      tempId === undefined || tempId === '' ? undefined : `chat-api_send_${tempId}`,
    );
  }

  private typing(type: string, payload: Readonly<Record<string, unknown>>): ClientFrame {
    const conversationId = requireText(payload['conversationId'], 'conversationId');
    joinConversation(this.context, conversationId);
    const canonical = type === 'typing.start' ? 'typing_start' : 'typing_stop';
    return this.pending.frame(canonical, { conversation_id: conversationId }, () => []);
  }

  /**
   * `message.read {conversationId}`: every unread message of the others in it is read →
   * `read_receipt`; the reader gets `message.read_ack`, the senders `message.read_update`.
   */
  private messageRead(payload: Readonly<Record<string, unknown>>): ClientFrame | null {
    const { context } = this;
    const conversationId = requireText(payload['conversationId'], 'conversationId');
    requireAccess(context, context.session.userId, conversationId);
    joinConversation(context, conversationId);
    const ack = (readAt: string) => ({
      type: 'message.read_ack',
      payload: { conversationId, readAt },
    });
    const unread = unreadBy(context, conversationId, context.session.userId);
    if (unread.length === 0) {
      this.send(ack(isoNow(context)));
      return null;
    }
    return this.pending.frame(
      'read_receipt',
      { conversation_id: conversationId, message_ids: unread },
      (data) => [ack((isObject(data) && textOf(data, 'read_at')) || isoNow(context))],
    );
  }

  /** `block.add` / `block.remove {username}` → `block.added` / `block.removed`. */
  private block(type: string, payload: Readonly<Record<string, unknown>>): ClientFrame {
    const username = requireText(payload['username'], 'username');
    const adding = type === 'block.add';
    return this.pending.frame(adding ? 'block_user' : 'unblock_user', { username }, () => [
      {
        type: adding ? 'block.added' : 'block.removed',
        payload: { username, [adding ? 'blockedAt' : 'unblockedAt']: isoNow(this.context) },
      },
    ]);
  }
}

/**
 * The Chat API dialect (`/chat/ws`, see the spec text chat-api-websocket-status.md): dotted
 * event names, camelCase payloads, `{type, payload}` frames, `message.sent` with `tempId` as
 * the sender's confirmation, errors as `{type: 'error', error: {code, message}}`. The token
 * comes in `Authorization: Bearer` or `?token=`; a socket without a valid one gets the
 * `unauthorized` error frame and is closed with 4401.
 */
export const chatApiDialect: DialectCodec = {
  name: 'chat-api',
  paths: ['/chat/ws', '/ws'],
  token(url, headers) {
    const fromQuery = url.searchParams.get('token');
    if (fromQuery) return fromQuery;
    const authorization = headers['authorization'];
    const match = typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
    return match ? match[1].trim() : null;
  },
  refusalFrame: () => chatApiError(new ServerError('MISSING_TOKEN', 'Authentication required')),
  open(context) {
    const edge = new ChatApiEdge(context);
    return {
      greet: () => edge.greet(),
      read: (text) => edge.read(text),
      reply: {
        ack: (ackId, data) => {
          for (const frame of edge.pending.take(ackId)?.(data) ?? []) edge.send(frame);
        },
        error: (error, ackId) => {
          edge.pending.take(ackId);
          edge.send(chatApiError(error));
        },
      },
      encode: (frame) => encodeChatApiEvent(context, frame),
    };
  },
  handlers: (base) => blockingHandlers(base),
};
