import { RealtimeError } from '../errors/realtime-error';
import type { RealtimeEventType } from './event-map';
import { DEFAULT_MAX_FRAME_BYTES } from './frame-size';
import type { OutgoingMessage, RealtimeMessage, StampedMessage } from './message';
import { isIsoTimestamp, type PayloadValidator } from './payload-schema';
import type {
  AckResolution,
  MissedMessages,
  PollResult,
  ProtocolCapabilities,
  RealtimeProtocol,
  SequencePosition,
} from './realtime-protocol';
import { isJsonObject, withoutForbiddenKeys } from './safe-json';
import { SOCIALHUB_EVENT_VALIDATORS } from './socialhub-events';
import { parseFrame } from './parse-frame';

/** Options of {@link createSocialHubProtocol}. */
export interface SocialHubProtocolOptions {
  /** Largest inbound frame accepted, in UTF-8 bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /**
   * Validators for the app's own event types (declared on `RealtimeEventMap`). Frames of a
   * type that is neither documented nor listed here are rejected as `unknown_type`.
   */
  readonly events?: Readonly<Record<string, PayloadValidator>>;
}

/** Server error codes that mean the credentials were refused. */
const AUTH_ERROR_CODES: ReadonlySet<string> = new Set([
  'MISSING_TOKEN',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'UNAUTHORIZED',
]);

/** Longest piece of a server's error text quoted in our own messages. */
const MAX_QUOTED_TEXT = 200;

/** How strictly an envelope is read: live frames are strict; replayed lists are lenient. */
interface ReadMode {
  /** Replay lists (`/poll`, `/poll/missed`) may use numeric ids and omit timestamps. */
  readonly lenient: boolean;
}

const STRICT: ReadMode = { lenient: false };
const LENIENT: ReadMode = { lenient: true };

function invalid(reason: string, messageId?: string): RealtimeError {
  return new RealtimeError('invalid_message', `Invalid frame: ${reason}`, { messageId });
}

/**
 * The SocialHub codec: envelope `{id, type, payload, channel, ack_id, timestamp}` over JSON
 * text frames, with strict validation of the envelope and of every documented payload.
 *
 * @example
 * provideRealtime({
 *   url: 'wss://api.example.com/ws',
 *   protocol: createSocialHubProtocol({ events: { poll_vote: payloadSchema({ poll_id: 'id' }) } }),
 * });
 */
export function createSocialHubProtocol(options: SocialHubProtocolOptions = {}): RealtimeProtocol {
  return new SocialHubProtocol(options);
}

class SocialHubProtocol implements RealtimeProtocol {
  readonly name = 'socialhub';
  readonly capabilities: ProtocolCapabilities = {
    acks: true,
    heartbeat: true,
    channels: true,
    polling: true,
    missedMessages: true,
  };
  private readonly maxFrameBytes: number;
  private readonly validators: ReadonlyMap<string, PayloadValidator>;

  constructor(options: SocialHubProtocolOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.validators = new Map<string, PayloadValidator>([
      ...Object.entries(SOCIALHUB_EVENT_VALIDATORS),
      ...Object.entries(options.events ?? {}),
    ]);
  }

  encode(message: StampedMessage): string {
    return JSON.stringify({
      id: message.id,
      type: message.type,
      payload: message.payload,
      channel: message.channel,
      ack_id: message.ackId,
      timestamp: message.timestamp,
    });
  }

  decode(frame: string): RealtimeMessage {
    const data = parseFrame(frame, this.maxFrameBytes);
    return this.readEnvelope(data, STRICT);
  }

  subscribeMessage(channel: string): OutgoingMessage {
    return { type: 'subscribe', payload: { channel } };
  }

  unsubscribeMessage(channel: string): OutgoingMessage {
    return { type: 'unsubscribe', payload: { channel } };
  }

  heartbeatMessage(now: Date): OutgoingMessage {
    return { type: 'heartbeat', payload: { timestamp: now.toISOString() } };
  }

  missedMessagesRequest(lastSequence: number): OutgoingMessage {
    return { type: 'get_missed_messages', payload: { last_sequence: lastSequence } };
  }

  readMissedMessages(reply: unknown): MissedMessages {
    const list = Array.isArray(reply) ? reply : isJsonObject(reply) ? reply['messages'] : undefined;
    if (!Array.isArray(list)) throw invalid('missed-messages reply has no messages list');
    const { events, rejected } = this.readList(list);
    const complete = !(isJsonObject(reply) && reply['complete'] === false);
    return { messages: events, complete, rejected, ...readPosition(reply) };
  }

  sequencePosition(message: RealtimeMessage): SequencePosition | null {
    if (message.type !== 'connect') return null;
    const position = readPosition(message.payload);
    return position.lastSequence === undefined && position.epoch === undefined ? null : position;
  }

  readPollResponse(body: unknown): PollResult {
    if (!isJsonObject(body) || !Array.isArray(body['events'])) {
      throw invalid('poll response has no events list');
    }
    const cursor = body['last_poll_id'];
    if (cursor !== undefined && typeof cursor !== 'number' && typeof cursor !== 'string') {
      throw invalid('poll response last_poll_id must be a number or string');
    }
    const { events, rejected } = this.readList(body['events']);
    return {
      events,
      rejected,
      lastPollId: cursor === undefined ? '' : String(cursor),
      hasMore: body['has_more'] === true,
    };
  }

  resolveAck(message: RealtimeMessage): AckResolution | null {
    if (message.type === 'ack') {
      const payload = message.payload as Readonly<Record<string, unknown>>;
      const ackId = String(payload['ack_id']);
      if (payload['status'] === 'success') return { ackId, ok: true, data: payload['data'] };
      return { ackId, ok: false, error: this.ackError(payload, ackId) };
    }
    if (message.type === 'error' && message.ackId !== undefined) {
      const error = this.serverError(message);
      if (error !== null) return { ackId: message.ackId, ok: false, error };
    }
    return null;
  }

  serverError(message: RealtimeMessage): RealtimeError | null {
    if (message.type !== 'error') return null;
    const payload = message.payload as Readonly<Record<string, unknown>>;
    const code = String(payload['code']);
    const details = isJsonObject(payload['details']) ? payload['details'] : undefined;
    const channel = typeof details?.['channel'] === 'string' ? details['channel'] : undefined;
    return new RealtimeError('server_error', `Server error ${code}: ${quote(payload['message'])}`, {
      serverCode: code,
      messageId: message.ackId,
      channel,
      details,
    });
  }

  isAuthFailure(error: RealtimeError): boolean {
    return error.serverCode !== undefined && AUTH_ERROR_CODES.has(error.serverCode);
  }

  private ackError(payload: Readonly<Record<string, unknown>>, ackId: string): RealtimeError {
    const raw = payload['error'];
    const code = isJsonObject(raw) && typeof raw['code'] === 'string' ? raw['code'] : 'ACK_ERROR';
    const text = isJsonObject(raw) ? raw['message'] : raw;
    return new RealtimeError('server_error', `Server refused the message: ${quote(text)}`, {
      serverCode: code,
      messageId: ackId,
      details: isJsonObject(raw) && isJsonObject(raw['details']) ? raw['details'] : undefined,
    });
  }

  private readList(items: readonly unknown[]): {
    events: RealtimeMessage[];
    rejected: RealtimeError[];
  } {
    const events: RealtimeMessage[] = [];
    const rejected: RealtimeError[] = [];
    for (const item of items) {
      try {
        // HTTP bodies arrive parsed by `response.json()`, which keeps `__proto__` keys.
        events.push(this.readEnvelope(withoutForbiddenKeys(item), LENIENT));
      } catch (error) {
        rejected.push(error instanceof RealtimeError ? error : invalid('unreadable item'));
      }
    }
    return { events, rejected };
  }

  private readEnvelope(data: unknown, mode: ReadMode): RealtimeMessage {
    if (!isJsonObject(data)) throw invalid('frame must be a JSON object');
    const { type, payload, channel, ack_id: ackId, seq, prev_seq: prevSeq } = data;
    const id = mode.lenient && typeof data['id'] === 'number' ? String(data['id']) : data['id'];
    if (typeof id !== 'string' || id === '') throw invalid('id must be a non-empty string');
    if (typeof type !== 'string' || type === '')
      throw invalid('type must be a non-empty string', id);
    if (!isJsonObject(payload)) throw invalid('payload must be an object', id);
    if (channel !== undefined && typeof channel !== 'string')
      throw invalid('channel must be a string', id);
    if (ackId !== undefined && typeof ackId !== 'string')
      throw invalid('ack_id must be a string', id);
    if (seq !== undefined && !isSequenceNumber(seq)) {
      throw invalid('seq must be a non-negative integer', id);
    }
    if (prevSeq !== undefined && !isSequenceNumber(prevSeq)) {
      throw invalid('prev_seq must be a non-negative integer', id);
    }
    const timestamp = this.readTimestamp(data['timestamp'], mode, id);
    const validate = this.validators.get(type);
    if (validate === undefined) {
      throw new RealtimeError('unknown_type', 'Frame dropped: unknown event type', {
        messageId: id,
        details: { type: type.slice(0, MAX_QUOTED_TEXT) },
      });
    }
    const problem = validate(payload);
    if (problem !== null) throw invalid(`${type.slice(0, 64)}: ${problem}`, id);
    return {
      id,
      type: type as RealtimeEventType,
      payload,
      channel: channel as string | undefined,
      ackId: ackId as string | undefined,
      timestamp,
      seq: seq as number | undefined,
      prevSeq: prevSeq as number | undefined,
    };
  }

  private readTimestamp(value: unknown, mode: ReadMode, id: string): string {
    if (isIsoTimestamp(value)) return value;
    if (mode.lenient && value === undefined) return new Date().toISOString();
    throw invalid('timestamp must be an ISO 8601 date-time', id);
  }
}

function isSequenceNumber(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** The extension fields `last_sequence` and `epoch` (greeting, catch-up reply), when valid. */
function readPosition(source: unknown): SequencePosition {
  if (!isJsonObject(source)) return {};
  const last = source['last_sequence'];
  const epoch = source['epoch'];
  return {
    ...(Number.isSafeInteger(last) && (last as number) >= 0
      ? { lastSequence: last as number }
      : {}),
    ...(typeof epoch === 'string' && epoch !== '' ? { epoch } : {}),
  };
}

function quote(text: unknown): string {
  return typeof text === 'string' ? text.slice(0, MAX_QUOTED_TEXT) : 'no details';
}
