/** Error codes of the SocialHub API, plus the reference server's own (marked). */
export type ServerErrorCode =
  | 'MISSING_TOKEN'
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'INVALID_MESSAGE'
  | 'CHANNEL_NOT_FOUND'
  | 'MAX_CONNECTIONS'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  /** Extension: the user may not join or post to this conversation. */
  | 'FORBIDDEN'
  /** Extension (Chat API dialect only): sender and recipient blocked one another. */
  | 'BLOCKED';

/** Thrown by frame handlers; the router turns it into an `error` frame for the sender. */
export class ServerError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** `error` as a {@link ServerError}: itself, or `INVALID_MESSAGE` for a frame that could not be read. */
export function unreadableFrameError(error: unknown): ServerError {
  return error instanceof ServerError
    ? error
    : new ServerError('INVALID_MESSAGE', 'Unreadable message');
}

/** The ack id a read error carries, when the frame was readable enough to have one. */
export function ackIdOf(error: ServerError): string | undefined {
  const ackId = error.details?.['ackId'];
  return typeof ackId === 'string' ? ackId : undefined;
}
