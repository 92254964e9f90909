import { envelope, type ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import type { FrameContext, FrameHandler } from '../features/feature';

/** Keys that must never reach an object built from client data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses JSON text, dropping prototype-polluting keys; throws on malformed JSON. */
export function parseSafeJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value));
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and validates one client frame; throws INVALID_MESSAGE with the reason. */
export function readClientFrame(text: string): ClientFrame {
  let data: unknown;
  try {
    data = parseSafeJson(text);
  } catch {
    throw new ServerError('INVALID_MESSAGE', 'Message is not valid JSON');
  }
  if (!isObject(data)) throw new ServerError('INVALID_MESSAGE', 'Message must be a JSON object');
  const { id, type, payload, channel, ack_id: ackId, timestamp } = data;
  const ack = typeof ackId === 'string' && ackId !== '' ? { ackId } : {};
  if (typeof type !== 'string' || type === '') {
    throw new ServerError('INVALID_MESSAGE', 'Message type is required', ack);
  }
  if (typeof id !== 'string' || id === '') {
    throw new ServerError('INVALID_MESSAGE', 'Message id is required', ack);
  }
  if (!isObject(payload))
    throw new ServerError('INVALID_MESSAGE', 'Message payload must be an object', ack);
  if (channel !== undefined && typeof channel !== 'string') {
    throw new ServerError('INVALID_MESSAGE', 'Message channel must be a string', ack);
  }
  return {
    id,
    type,
    payload,
    channel: channel as string | undefined,
    ack_id: typeof ackId === 'string' ? ackId : undefined,
    timestamp: typeof timestamp === 'string' ? timestamp : undefined,
  };
}

/**
 * Frame types that change nothing when run twice (reads, joins): a cluster runs them without
 * a claim in the shared store, which saves a round trip and keeps large answers out of it.
 */
const RERUNNABLE = new Set([
  'heartbeat',
  'get_missed_messages',
  'get_presence',
  'subscribe',
  'unsubscribe',
]);

/** Where the answer to a frame goes. */
export interface Reply {
  ack(ackId: string, data: unknown): void;
  error(error: ServerError, ackId: string | undefined): void;
}

/**
 * Runs one client frame: records it, answers duplicates of processed messages with the
 * remembered result (never applying them twice), dispatches to the handler and acks.
 *
 * In a cluster the message id is claimed in the shared store first, so a resend that lands
 * on another instance is answered from the first result too; and the ack waits until the
 * frame's writes reached the store, so an acked effect is visible on every instance.
 */
export async function routeFrame(
  handlers: ReadonlyMap<string, FrameHandler>,
  context: FrameContext,
  frame: ClientFrame,
  reply: Reply,
): Promise<void> {
  context.session.record(frame);
  const earlier = context.session.processed(frame.id);
  if (earlier !== undefined) {
    if (frame.ack_id !== undefined) reply.ack(frame.ack_id, earlier.result);
    return;
  }
  const handler = handlers.get(frame.type);
  if (handler === undefined) {
    reply.error(
      new ServerError('INVALID_MESSAGE', `Unknown message type: ${frame.type.slice(0, 64)}`),
      frame.ack_id,
    );
    return;
  }
  const cluster = RERUNNABLE.has(frame.type) ? null : context.hub.cluster;
  const userId = context.session.userId;
  if (cluster !== null) {
    const claim = await cluster.claim(userId, frame.id);
    if (claim.kind === 'done') {
      context.session.remember(frame.id, claim.result);
      if (frame.ack_id !== undefined) reply.ack(frame.ack_id, claim.result);
      return;
    }
    if (claim.kind === 'busy') {
      reply.error(
        new ServerError('INTERNAL_ERROR', 'The same message is still being processed'),
        frame.ack_id,
      );
      return;
    }
  }
  try {
    const result = await handler(context, frame);
    context.session.remember(frame.id, result);
    cluster?.settle(userId, frame.id, result);
    const flushed = context.hub.flushed();
    if (flushed !== undefined) await flushed;
    if (frame.ack_id !== undefined) reply.ack(frame.ack_id, result);
  } catch (error) {
    cluster?.release(userId, frame.id);
    const typed =
      error instanceof ServerError
        ? error
        : new ServerError('INTERNAL_ERROR', 'The server failed to process the message');
    reply.error(typed, frame.ack_id);
  }
}

/** The `ack` frame for `ackId`. */
export function ackFrame(ackId: string, data: unknown, now: number) {
  return envelope('ack', { ack_id: ackId, status: 'success', data }, { now });
}

/** The `error` frame for `error`, correlated with `ackId` when the request had one. */
export function errorFrame(error: ServerError, ackId: string | undefined, now: number) {
  return envelope(
    'error',
    { code: error.code, message: error.message, details: error.details },
    { ackId, now },
  );
}
