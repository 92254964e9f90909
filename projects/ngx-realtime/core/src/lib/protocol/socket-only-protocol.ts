import { RealtimeError } from '../errors/realtime-error';
import type { OutgoingMessage, RealtimeMessage, StampedMessage } from './message';
import type {
  AckResolution,
  MissedMessages,
  PollResult,
  ProtocolCapabilities,
  RealtimeProtocol,
  SequencePosition,
} from './realtime-protocol';

/**
 * The shared part of a dialect that has only its socket: no channel frames (the server routes
 * by conversation), no catch-up and no polling endpoints, and a heartbeat the dialect's
 * encoder turns into its own ping. Adapters extend it and supply the codec, acks and errors.
 */
export abstract class SocketOnlyProtocol implements RealtimeProtocol {
  abstract readonly name: string;
  abstract readonly capabilities: ProtocolCapabilities;
  abstract encode(message: StampedMessage): string;
  abstract decode(frame: string): RealtimeMessage;
  abstract resolveAck(message: RealtimeMessage): AckResolution | null;
  abstract serverError(message: RealtimeMessage): RealtimeError | null;
  abstract isAuthFailure(error: RealtimeError): boolean;

  subscribeMessage(): OutgoingMessage | null {
    return null;
  }

  unsubscribeMessage(): OutgoingMessage | null {
    return null;
  }

  heartbeatMessage(now: Date): OutgoingMessage {
    return { type: 'heartbeat', payload: { timestamp: now.toISOString() } };
  }

  missedMessagesRequest(): OutgoingMessage | null {
    return null;
  }

  readMissedMessages(): MissedMessages {
    throw this.unsupported('catch-up (missed-messages replay)');
  }

  sequencePosition(): SequencePosition | null {
    return null;
  }

  readPollResponse(): PollResult {
    throw this.unsupported('polling endpoints');
  }

  /** The typed error for something this dialect cannot do. */
  protected unsupported(what: string): RealtimeError {
    return new RealtimeError('not_supported', `The "${this.name}" protocol has no ${what}`);
  }
}
