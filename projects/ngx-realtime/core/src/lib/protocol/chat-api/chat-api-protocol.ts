import { RealtimeError } from '../../errors/realtime-error';
import { SocketOnlyProtocol } from '../socket-only-protocol';
import { DEFAULT_MAX_FRAME_BYTES } from '../frame-size';
import type { RealtimeMessage, StampedMessage } from '../message';
import type { AckResolution, RealtimeProtocol } from '../realtime-protocol';
import { isJsonObject } from '../safe-json';
import { CHAT_API_CAPABILITIES } from './chat-api-capabilities';
import { PendingConfirmations } from './chat-api-confirmations';
import { readChatApiEvent, type ChatApiEvent, type DecodeContext } from './chat-api-decode';
import { toChatApiFrame } from './chat-api-encode';
import { chatApiError, SEND_ERROR_CODES } from './chat-api-errors';
import { CHAT_API_EVENT_VALIDATORS, isChatApiError } from './chat-api-events';
import { OwnMessages } from './chat-api-own-messages';
import { parseFrame } from '../parse-frame';

/** Options of {@link chatApiProtocol}. */
export interface ChatApiProtocolOptions {
  /** Largest inbound frame accepted, in UTF-8 bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /**
   * The canonical channel of `user.online` / `user.offline` events: `global` (default) puts
   * them on `presence`, `per-user` on `presence:{userId}`; match `withPresence({ channels })`.
   */
  readonly presenceChannels?: 'global' | 'per-user';
}

type Fields = Readonly<Record<string, unknown>>;

function invalid(reason: string): RealtimeError {
  return new RealtimeError('invalid_message', `Invalid frame: ${reason}`);
}

/**
 * The Chat API dialect (`/chat/ws`): `{type, payload}` frames with dotted type names and
 * camelCase fields, mapped to and from the canonical events, so `WebSocketService`,
 * `MessagesRealtime` and `PresenceRealtime` work on top of it unchanged.
 *
 * - `message.send` carries the message id as `tempId`; `message.sent` settles the
 *   `sendWithAck` with the stored message, and an `error` frame with a send error code
 *   (`validation_error`, `blocked`, `send_failed`, `conversation_not_found`) refuses the
 *   oldest unconfirmed send with the matching typed error.
 * - `sendWithAck` of a frame the server never confirms (typing, presence requests, ...)
 *   fails at once with `not_supported`; the dialect has no channels, no polling and no
 *   replay of missed events.
 *
 * The adapter remembers unconfirmed sends and the user's recent messages: give every
 * client its own instance.
 *
 * @example
 * provideRealtime({ url: 'wss://chat.example.com/chat/ws' }, withProtocol(chatApiProtocol()));
 */
export function chatApiProtocol(options: ChatApiProtocolOptions = {}): RealtimeProtocol {
  return new ChatApiProtocol(options);
}

class ChatApiProtocol extends SocketOnlyProtocol {
  readonly name = 'chat-api';
  readonly capabilities = CHAT_API_CAPABILITIES;
  private readonly maxFrameBytes: number;
  private readonly pending = new PendingConfirmations();
  private readonly own = new OwnMessages();
  private readonly context: DecodeContext;
  /** The signed-in user, from the last `connection.success`. */
  private userId: string | null = null;
  private counter = 0;

  constructor(options: ChatApiProtocolOptions) {
    super();
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const perUser = options.presenceChannels === 'per-user';
    this.context = {
      presenceChannel: (userId) => (perUser ? `presence:${userId}` : 'presence'),
      readIds: (conversationId, readAt) => this.own.readUpTo(conversationId, readAt),
    };
  }

  encode(message: StampedMessage): string {
    const frame = toChatApiFrame(message);
    if (message.ackId !== undefined) this.pending.expect(frame, message.ackId);
    return JSON.stringify(frame);
  }

  decode(frame: string): RealtimeMessage {
    const data = parseFrame(frame, this.maxFrameBytes);
    if (!isJsonObject(data)) throw invalid('frame must be a JSON object');
    const type = data['type'];
    if (typeof type !== 'string' || type === '') throw invalid('type must be a non-empty string');
    if (type === 'error' || type === 'message.error') return this.readError(data);
    const validate = Object.prototype.hasOwnProperty.call(CHAT_API_EVENT_VALIDATORS, type)
      ? CHAT_API_EVENT_VALIDATORS[type]
      : undefined;
    if (validate === undefined) {
      throw new RealtimeError('unknown_type', 'Frame dropped: unknown event type', {
        details: { type: type.slice(0, 200) },
      });
    }
    const payload = data['payload'];
    if (!isJsonObject(payload)) throw invalid('payload must be an object');
    const problem = validate(payload);
    if (problem !== null) throw invalid(`${type}: ${problem}`);
    const event = readChatApiEvent(type, payload, this.context);
    this.remember(event, type);
    return {
      id: event.key ?? this.nextId(),
      type: event.type,
      payload: event.payload,
      channel: event.channel,
      ackId: event.confirms === undefined ? undefined : this.pending.settle(event.confirms),
      timestamp: event.time ?? new Date().toISOString(),
    };
  }

  resolveAck(message: RealtimeMessage): AckResolution | null {
    const { ackId } = message;
    if (ackId === undefined) return null;
    if (message.type !== 'error') return { ackId, ok: true, data: message.payload };
    return { ackId, ok: false, error: this.serverError(message) as RealtimeError };
  }

  serverError(message: RealtimeMessage): RealtimeError | null {
    if (message.type !== 'error') return null;
    const payload = message.payload as Fields;
    return chatApiError(String(payload['code']), payload['message'], message.ackId);
  }

  isAuthFailure(error: RealtimeError): boolean {
    return error.serverCode === 'unauthorized';
  }

  /** `error {code, message}`: its data is in `error` (or, from some servers, `payload`). */
  private readError(data: Fields): RealtimeMessage {
    const payload = isJsonObject(data['payload']) ? data['payload'] : undefined;
    const nested =
      payload !== undefined && isJsonObject(payload['error']) ? payload['error'] : undefined;
    const error = isJsonObject(data['error']) ? data['error'] : (nested ?? payload);
    if (error === undefined) throw invalid('error frame has no error object');
    const problem = isChatApiError(error);
    if (problem !== null) throw invalid(`error: ${problem.replace('payload.', 'error.')}`);
    const code = error['code'] as string;
    const named = error['tempId'] ?? payload?.['tempId'];
    const tempId = typeof named === 'string' ? named : '';
    const refusesSend = tempId !== '' || SEND_ERROR_CODES.has(code);
    return {
      id: this.nextId(),
      type: 'error',
      payload: { code, message: typeof error['message'] === 'string' ? error['message'] : '' },
      ackId: refusesSend ? this.pending.settle({ kind: 'error', key: tempId }) : undefined,
      timestamp: new Date().toISOString(),
    };
  }

  /** Keeps the user id and the user's own messages (for `message.read_update`). */
  private remember(event: ChatApiEvent, wireType: string): void {
    const { payload } = event;
    if (event.type === 'connect') this.userId = payload['user_id'] as string;
    if (event.type !== 'message') return;
    if (wireType === 'message.sent' || payload['sender_id'] === this.userId) {
      this.own.add(
        payload['conversation_id'] as string,
        payload['id'] as string,
        payload['created_at'] as string,
      );
    }
  }

  private nextId(): string {
    return `chat-api-${++this.counter}`;
  }
}
