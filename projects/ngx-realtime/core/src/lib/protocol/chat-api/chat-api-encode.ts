import { RealtimeError } from '../../errors/realtime-error';
import type { StampedMessage } from '../message';
import { isJsonObject } from '../safe-json';
import { isConfirmedFrame } from './chat-api-capabilities';

/** One Chat API frame as it goes on the wire: `{type, payload}`, camelCase fields. */
export interface ChatApiFrame {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

type Fields = Readonly<Record<string, unknown>>;

/** Canonical outgoing types and how each becomes a Chat API frame. */
const CANONICAL: Readonly<
  Record<string, (payload: Fields, message: StampedMessage) => ChatApiFrame>
> = {
  send_message: (payload, message) => ({
    type: 'message.send',
    payload: withoutUndefined({
      conversationId: payload['conversation_id'],
      type: typeof payload['message_type'] === 'string' ? payload['message_type'] : 'text',
      content: payload['content'],
      media: payload['media'],
      tempId: message.id,
    }),
  }),
  typing_start: (payload) => ({
    type: 'typing.start',
    payload: { conversationId: payload['conversation_id'] },
  }),
  typing_stop: (payload) => ({
    type: 'typing.stop',
    payload: { conversationId: payload['conversation_id'] },
  }),
  // The dialect marks the whole conversation read: `message_ids` has no wire counterpart.
  read_receipt: (payload) => ({
    type: 'message.read',
    payload: { conversationId: payload['conversation_id'] },
  }),
  heartbeat: (payload, message) => ({
    type: 'ping',
    payload: { timestamp: unixSeconds(payload['timestamp'], message.timestamp) },
  }),
};

/**
 * Turns a stamped canonical message into a Chat API frame. Canonical (snake_case) types are
 * translated; the dialect's own dotted types (`block.add`, `message.send`, ...) and `ping`
 * go out as given, so apps can use frames the canonical set lacks.
 *
 * @throws RealtimeError `not_supported` for a canonical type the dialect cannot express
 * (`get_presence`, `set_presence`, `subscribe`, ...), and for an acknowledged send of a frame
 * the server never confirms (`typing.start`, ...), so that `sendWithAck` fails at once
 * instead of waiting for its timeout.
 */
export function toChatApiFrame(message: StampedMessage): ChatApiFrame {
  const payload: Fields = isJsonObject(message.payload) ? message.payload : {};
  const translate = Object.prototype.hasOwnProperty.call(CANONICAL, message.type)
    ? CANONICAL[message.type]
    : undefined;
  let frame: ChatApiFrame;
  if (translate !== undefined) frame = translate(payload, message);
  else if (isDialectType(message.type)) frame = native(message, payload);
  else {
    throw new RealtimeError(
      'not_supported',
      `The "chat-api" protocol has no frame for "${message.type.slice(0, 64)}"`,
      { messageId: message.id },
    );
  }
  if (message.ackId !== undefined && !isConfirmedFrame(frame.type)) {
    throw new RealtimeError(
      'not_supported',
      `The "chat-api" protocol never confirms "${frame.type.slice(0, 64)}": use send()`,
      { messageId: message.id },
    );
  }
  return frame;
}

/** Dotted names (`block.add`) and `ping` are the dialect's own client frames. */
function isDialectType(type: string): boolean {
  return type === 'ping' || /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/.test(type);
}

/** A dialect frame given by the app; an acknowledged `message.send` gets its id as `tempId`. */
function native(message: StampedMessage, payload: Fields): ChatApiFrame {
  if (message.type !== 'message.send') return { type: message.type, payload };
  const tempId =
    message.ackId ?? (typeof payload['tempId'] === 'string' ? payload['tempId'] : message.id);
  return { type: message.type, payload: { ...payload, tempId } };
}

/** Seconds since the epoch, as the dialect's `ping` carries them. */
function unixSeconds(value: unknown, fallback: string): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  const time = Number.isNaN(parsed) ? Date.parse(fallback) : parsed;
  return Math.floor((Number.isNaN(time) ? 0 : time) / 1000);
}

function withoutUndefined(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) copy[key] = value;
  return copy;
}
