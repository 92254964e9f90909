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
