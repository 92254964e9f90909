import { RealtimeError } from '../../errors/realtime-error';
import { SocketOnlyProtocol } from '../socket-only-protocol';
import { DEFAULT_MAX_FRAME_BYTES } from '../frame-size';
import type { RealtimeMessage, StampedMessage } from '../message';
import type { AckResolution, ProtocolCapabilities, RealtimeProtocol } from '../realtime-protocol';
import { isJsonObject } from '../safe-json';
import { frameTime, invalidFrame, LISTINGS_READERS } from './listings-decode';
import { encodeListingsFrame } from './listings-encode';
import { isListingsAuthFailure, listingsServerError } from './listings-errors';
import { parseFrame } from '../parse-frame';

/** Options of {@link listingsProtocol}. */
export interface ListingsProtocolOptions {
  /** Largest inbound frame accepted, in UTF-8 bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
}

/** What the Listings chat WebSocket offers: heartbeats (`ping` / `pong`) and nothing else. */
const LISTINGS_CAPABILITIES: ProtocolCapabilities = {
  acks: false,
  heartbeat: true,
  channels: false,
  polling: false,
  missedMessages: false,
};

/**
 * The Listings chat dialect (`GET /ws/chat?token=<JWT>`): flat JSON frames without an
 * envelope, numeric ids, `connected`, `ping` / `pong`, `typing`, `mark_read`, `new_message`
 * and `message_read`. Frames are mapped to the canonical events (`connect`, `heartbeat`,
 * `message`, `read_receipt`, `typing_start` / `typing_stop`), numeric ids to strings and
 * `chat_id` to `conversation_id`; canonical `typing_start` / `typing_stop`, `read_receipt`
 * and heartbeats go out as Listings frames.
 *
 * The dialect has no acknowledgements (`sendWithAck` fails at once with `not_supported`;
 * messages are sent through the Listings REST API), no subscriptions (the server pushes a
 * chat's events to its participants; events carry the channel `conversation:{chat_id}`),
 * no polling, no catch-up and no presence.
 *
 * @example
 * provideRealtime({ url: 'wss://listings.example.com/ws/chat', protocol: listingsProtocol() });
 */
export function listingsProtocol(options: ListingsProtocolOptions = {}): RealtimeProtocol {
  return new ListingsProtocol(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
}

class ListingsProtocol extends SocketOnlyProtocol {
  readonly name = 'listings';
  readonly capabilities = LISTINGS_CAPABILITIES;
  /** Numbers the ids of frames that name no durable fact (never deduplicated). */
  private counter = 0;

  constructor(private readonly maxFrameBytes: number) {
    super();
  }

  encode(message: StampedMessage): string {
    return encodeListingsFrame(message);
  }

  decode(text: string): RealtimeMessage {
    const data = parseFrame(text, this.maxFrameBytes);
    if (!isJsonObject(data)) throw invalidFrame('frame must be a JSON object');
    const type = data['type'];
    if (typeof type !== 'string' || type === '') throw invalidFrame('type must be a string');
    const read = Object.hasOwn(LISTINGS_READERS, type) ? LISTINGS_READERS[type] : undefined;
    if (read === undefined) {
      throw new RealtimeError('unknown_type', 'Frame dropped: unknown event type', {
        details: { type: type.slice(0, 200) },
      });
    }
    const event = read(data);
    return {
      id: event.dedupeKey ?? `listings:${++this.counter}`,
      type: event.type,
      payload: event.payload,
      ...(event.channel === undefined ? {} : { channel: event.channel }),
      timestamp: frameTime(data, () => new Date().toISOString()),
    };
  }

  resolveAck(): AckResolution | null {
    return null;
  }

  serverError(message: RealtimeMessage): RealtimeError | null {
    return listingsServerError(message);
  }

  isAuthFailure(error: RealtimeError): boolean {
    return isListingsAuthFailure(error);
  }
}
