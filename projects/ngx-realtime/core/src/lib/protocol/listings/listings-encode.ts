import { RealtimeError } from '../../errors/realtime-error';
import type { StampedMessage } from '../message';
import { conversationOfChannel, idToWire } from './listings-ids';

/** A Listings client frame: flat JSON, no envelope. */
type WireFrame = Readonly<Record<string, unknown>>;

/** Canonical outgoing types the Listings dialect can express, and how. */
const ENCODERS: Readonly<Record<string, (message: StampedMessage) => WireFrame>> = {
  heartbeat: () => ({ type: 'ping' }),
  typing_start: (message) => ({ type: 'typing', chat_id: chatId(message), is_typing: true }),
  typing_stop: (message) => ({ type: 'typing', chat_id: chatId(message), is_typing: false }),
  read_receipt: markRead,
};

/**
 * Writes a canonical outgoing message as a Listings frame.
 * @throws RealtimeError `not_supported` for a type the dialect cannot express (`send_message`,
 * `set_presence`, ...), `invalid_message` for ids that are not whole numbers.
 */
export function encodeListingsFrame(message: StampedMessage): string {
  const encoder = Object.hasOwn(ENCODERS, message.type) ? ENCODERS[message.type] : undefined;
  if (encoder === undefined) {
    throw new RealtimeError(
      'not_supported',
      `The "listings" protocol has no frame for "${message.type.slice(0, 64)}"`,
      { messageId: message.id, details: { type: message.type.slice(0, 64) } },
    );
  }
  return JSON.stringify(encoder(message));
}

function field(message: StampedMessage, name: string): unknown {
  return (message.payload as Readonly<Record<string, unknown>>)[name];
}

/** `payload.conversation_id`, else the `conversation:{id}` channel, as a number. */
function chatId(message: StampedMessage): number {
  const id = field(message, 'conversation_id') ?? conversationOfChannel(message.channel);
  return idToWire(id, 'conversation_id');
}

/**
 * `read_receipt {conversation_id, message_ids}` → `mark_read`. The documented frame names one
 * `message_id`: the newest (highest) id read, which on a chat ordered by id covers the others;
 * `chat_id` and the whole `message_ids` list ride along for servers that read them.
 */
function markRead(message: StampedMessage): WireFrame {
  const raw = field(message, 'message_ids');
  const ids = Array.isArray(raw) ? raw.map((id) => idToWire(id, 'message_ids')) : [];
  if (ids.length === 0) {
    throw new RealtimeError('invalid_message', 'Not sent: mark_read needs a message id', {
      messageId: message.id,
    });
  }
  return {
    type: 'mark_read',
    chat_id: chatId(message),
    message_id: ids.reduce((newest, id) => Math.max(newest, id)),
    message_ids: ids,
  };
}
