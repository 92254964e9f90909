import { RealtimeError, type RealtimeErrorCode } from '../../errors/realtime-error';
import type { RealtimeMessage } from '../message';

/**
 * Server codes (compared in lower case) with a typed counterpart; any other code becomes
 * `server_error`. The Listings text names no error codes: these are the usual spellings of
 * its REST API and of the Chat API, so a server that does send them is typed alike.
 */
const TYPED_CODES: ReadonlyMap<string, RealtimeErrorCode> = new Map([
  ['validation_error', 'validation_error'],
  ['invalid_request', 'validation_error'],
  ['bad_request', 'validation_error'],
  ['blocked', 'blocked'],
  ['user_blocked', 'blocked'],
  ['send_failed', 'send_failed'],
  ['chat_not_found', 'conversation_not_found'],
  ['conversation_not_found', 'conversation_not_found'],
  ['unauthorized', 'unauthorized'],
  ['invalid_token', 'unauthorized'],
  ['token_expired', 'unauthorized'],
  ['missing_token', 'unauthorized'],
]);

/** The typed code for a Listings server code (`server_error` when it has none). */
export function listingsErrorCode(serverCode: string): RealtimeErrorCode {
  return TYPED_CODES.get(serverCode.toLowerCase()) ?? 'server_error';
}

/**
 * The typed error of a canonical `error` event (a Listings `error` frame); `serverCode` keeps
 * the server's code as sent.
 */
export function listingsServerError(message: RealtimeMessage): RealtimeError | null {
  if (message.type !== 'error') return null;
  const payload = message.payload as Readonly<Record<string, unknown>>;
  const code = String(payload['code']);
  return new RealtimeError(
    listingsErrorCode(code),
    `Listings server error ${code.slice(0, 64)}: ${String(payload['message'])}`,
    { serverCode: code },
  );
}

/** True for server codes that mean "your credentials are not accepted". */
export function isListingsAuthFailure(error: RealtimeError): boolean {
  return error.serverCode !== undefined && listingsErrorCode(error.serverCode) === 'unauthorized';
}
