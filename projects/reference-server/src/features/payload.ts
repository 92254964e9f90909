import type { ClientFrame } from '../core/envelope';
import { ServerError } from '../core/server-error';
import type { ServerContext } from './feature';

/** Longest id a client may name (conversation, message, post, notification, user). */
const MAX_ID_LENGTH = 256;
/** Most ids one frame may list (read receipts, presence look-ups). */
export const MAX_IDS_PER_FRAME = 500;

/** `payload[field]` as a non-empty id string; INVALID_MESSAGE otherwise. */
export function requireId(frame: ClientFrame, field: string): string {
  const value = frame.payload[field];
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) {
    throw new ServerError('INVALID_MESSAGE', `payload.${field} must be a non-empty string`, {
      field,
    });
  }
  return value;
}

/** `payload[field]` as a non-empty list of distinct ids; INVALID_MESSAGE otherwise. */
export function requireIds(frame: ClientFrame, field: string): string[] {
  const value = frame.payload[field];
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_IDS_PER_FRAME &&
    value.every((id) => typeof id === 'string' && id !== '' && id.length <= MAX_ID_LENGTH);
  if (!valid) {
    throw new ServerError(
      'INVALID_MESSAGE',
      `payload.${field} must be a list of 1 to ${MAX_IDS_PER_FRAME} non-empty strings`,
      { field },
    );
  }
  return [...new Set(value as string[])];
}

/** `payload[field]` as a boolean; INVALID_MESSAGE otherwise. */
export function requireBoolean(frame: ClientFrame, field: string): boolean {
  const value = frame.payload[field];
  if (typeof value !== 'boolean') {
    throw new ServerError('INVALID_MESSAGE', `payload.${field} must be a boolean`, { field });
  }
  return value;
}

/** The server's current time as an ISO 8601 string (through the injectable clock). */
export function isoNow(context: ServerContext): string {
  return new Date(context.config.clock.now()).toISOString();
}

/**
 * Checks fields of server-side input (the control API passes raw JSON): each listed field,
 * when present, must have its kind, so every event built from it passes the client's
 * validators. Throws INVALID_MESSAGE naming the field.
 */
export function checkFields(
  input: object,
  fields: Readonly<Record<string, 'string' | 'number'>>,
  what: string,
): void {
  const values = input as Readonly<Record<string, unknown>>;
  for (const [field, kind] of Object.entries(fields)) {
    const value = values[field];
    if (value === undefined) continue;
    const ok =
      kind === 'string'
        ? typeof value === 'string' && value !== ''
        : typeof value === 'number' && Number.isFinite(value);
    if (!ok) {
      throw new ServerError('INVALID_MESSAGE', `${what}.${field} must be a ${kind}`, { field });
    }
  }
}
