import type { ClientFrame } from '../core/envelope';
import { ServerError, type ServerErrorCode } from '../core/server-error';
import {
  conversationChannel,
  conversationIdOf,
  conversationMembers,
  mayAccess,
  memberConversations,
} from '../features/conversations';
import type { ServerContext } from '../features/feature';
import { isObject, parseSafeJson } from '../ws/frame-router';
import type { EdgeContext } from './dialect';

/** Longest id a dialect frame may name (as the canonical handlers). */
const MAX_ID_LENGTH = 256;
/** Acknowledged frames of one socket whose answer has not come yet (handlers are synchronous). */
const MAX_PENDING = 1000;

/** A dialect frame: a JSON object with a non-empty `type`. */
export type DialectFrame = Readonly<Record<string, unknown>> & { readonly type: string };

/** The dialect's error codes: the Chat API's text, used by the Listings edge too. */
const DIALECT_CODES: Readonly<Record<ServerErrorCode, string>> = {
  MISSING_TOKEN: 'unauthorized',
  INVALID_TOKEN: 'unauthorized',
  TOKEN_EXPIRED: 'unauthorized',
  INVALID_MESSAGE: 'validation_error',
  CHANNEL_NOT_FOUND: 'conversation_not_found',
  FORBIDDEN: 'conversation_not_found',
  MAX_CONNECTIONS: 'rate_limit_exceeded',
  RATE_LIMITED: 'rate_limit_exceeded',
  INTERNAL_ERROR: 'send_failed',
  BLOCKED: 'blocked',
};

/** The dialect error code (`validation_error`, `blocked`, ...) of a server error. */
export function dialectCode(error: ServerError): string {
  return DIALECT_CODES[error.code];
}

/** A `validation_error` with `message`. */
export function invalid(message: string): ServerError {
  return new ServerError('INVALID_MESSAGE', message);
}

/** Parses one text frame as a dialect frame (prototype keys dropped); throws `invalid`. */
export function parseDialectFrame(text: string): DialectFrame {
  let data: unknown;
  try {
    data = parseSafeJson(text);
  } catch {
    throw invalid('Invalid message format: not JSON');
  }
  if (!isObject(data)) throw invalid('Invalid message format: a JSON object is required');
  const type = data['type'];
  if (typeof type !== 'string' || type === '') throw invalid('type is required');
  return data as DialectFrame;
}

/** `value` as an id string of 1 to 256 characters; `invalid` naming `field` otherwise. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH)
    throw invalid(`${field} is required`);
  return value;
}

/** RFC 3339 with whole seconds, as the dialects' Go servers format their frame timestamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * What an acknowledged canonical frame turns into on the dialect's wire once it succeeded:
 * the frames to send back on the same socket (none when the dialect has no answer).
 */
export type Answer = (data: unknown) => readonly object[];

/**
 * Canonical frames routed for one socket, by ack id, with the dialect answer each success
 * becomes. The dialects have no ack ids of their own: the edge makes them up.
 */
export class PendingAnswers {
  private readonly answers = new Map<string, Answer>();
  private counter = 0;

  constructor(private readonly prefix: string) {}

  /**
   * A canonical frame with an ack id whose success becomes `answer`. `id` makes it
   * idempotent: a frame resent with the same id is answered again, not applied twice.
   */
  frame(type: string, payload: Record<string, unknown>, answer: Answer, id?: string): ClientFrame {
    const frameId = id ?? `${this.prefix}_${++this.counter}`;
    this.answers.set(frameId, answer);
    if (this.answers.size > MAX_PENDING)
      this.answers.delete(this.answers.keys().next().value as string);
    return { id: frameId, type, payload, ack_id: frameId };
  }

  /** The answer waiting for `ackId` (removed), if any. */
  take(ackId: string | undefined): Answer | undefined {
    if (ackId === undefined) return undefined;
    const answer = this.answers.get(ackId);
    this.answers.delete(ackId);
    return answer;
  }
}

/** Joins this socket to a conversation's channel when the user may use it. */
export function joinConversation(context: EdgeContext, conversationId: string): void {
  if (!mayAccess(context, context.session.userId, conversationId)) return;
  const channel = conversationChannel(conversationId);
  if (!context.connection.subscriptions.has(channel))
    context.hub.subscribe(context.connection, channel);
}

/**
 * A new dialect socket joins, unasked, the conversations its user belongs to or joined on
 * another socket: the dialects have no join frame, their servers route by participant.
 */
export function joinKnownConversations(context: EdgeContext): void {
  const ids = new Set(memberConversations(context, context.session.userId));
  for (const channel of context.session.channels) {
    const id = conversationIdOf(channel);
    if (id !== null) ids.add(id);
  }
  for (const id of ids) joinConversation(context, id);
}

/**
 * A conversation got members (control API): with a dialect, their open sockets join it at
 * once, as they would have on connecting. SocialHub clients join it themselves.
 */
export function joinMembersOnDialectSockets(context: ServerContext, conversationId: string): void {
  if (context.config.dialect === 'socialhub') return;
  const channel = conversationChannel(conversationId);
  for (const userId of conversationMembers(context, conversationId) ?? []) {
    for (const connection of context.hub.session(userId).connections) {
      if (!connection.subscriptions.has(channel)) context.hub.subscribe(connection, channel);
    }
  }
}

/** A conversation event reached this socket: it is a participant from now on (typing too). */
export function joinOnReceipt(context: EdgeContext, channel: string | undefined): void {
  const id = channel === undefined ? null : conversationIdOf(channel);
  if (id !== null) joinConversation(context, id);
}

/** `payload[name]` when it is a non-empty string, else `undefined`. */
export function textOf(payload: object, name: string): string | undefined {
  const value = (payload as Readonly<Record<string, unknown>>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
