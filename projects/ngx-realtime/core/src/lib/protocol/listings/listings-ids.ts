import { RealtimeError } from '../../errors/realtime-error';

/** Canonical ids the Listings wire can carry: decimal digits, no sign, no leading zero. */
const DECIMAL = /^(?:0|[1-9]\d*)$/;

/**
 * A Listings id (a JSON number) as a canonical string id, or `null` when `value` is not a
 * non-negative safe integer. Ids above 2^53 - 1 are refused rather than silently rounded:
 * `JSON.parse` would already have changed their last digits.
 */
export function idFromWire(value: unknown): string | null {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? String(value) : null;
}

/**
 * A canonical string id as the number the Listings server expects.
 * @throws RealtimeError `invalid_message` when `id` is not the decimal form of a safe integer.
 */
export function idToWire(id: unknown, field: string): number {
  const value = typeof id === 'string' && DECIMAL.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new RealtimeError(
      'invalid_message',
      `Not sent: the Listings protocol needs ${field} as a whole number`,
      { details: { field } },
    );
  }
  return value;
}

/** The conversation id of a canonical channel name `conversation:{id}`, or `undefined`. */
export function conversationOfChannel(channel: string | undefined): string | undefined {
  const prefix = 'conversation:';
  return channel?.startsWith(prefix) ? channel.slice(prefix.length) : undefined;
}

/** The canonical channel of a Listings chat (what `MessagesRealtime` joins). */
export function chatChannel(conversationId: string): string {
  return `conversation:${conversationId}`;
}
