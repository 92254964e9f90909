import { RealtimeError, type RealtimeErrorCode } from '../../errors/realtime-error';

// `@__PURE__` on the module's tables lets bundlers drop them from apps that never use
// this dialect (see the size benchmark in docs/benchmarks.md).
/** The Chat API's error codes with a typed counterpart; others become `server_error`. */
const TYPED_CODES: Readonly<Record<string, RealtimeErrorCode>> = /* @__PURE__ */ Object.freeze({
  validation_error: 'validation_error',
  blocked: 'blocked',
  send_failed: 'send_failed',
  conversation_not_found: 'conversation_not_found',
  unauthorized: 'unauthorized',
});

/**
 * Codes the server sends when it refuses a `message.send`. Its error frames carry no
 * `tempId`, so such an error is taken as the answer to the oldest unconfirmed send (the
 * server handles one connection's frames in order).
 */
export const SEND_ERROR_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'validation_error',
  'blocked',
  'send_failed',
  'conversation_not_found',
]);

/** Longest piece of the server's error text quoted in our own messages. */
const MAX_QUOTED_TEXT = 200;

/** The typed code for a Chat API error code (`server_error` when it has none). */
export function chatApiErrorCode(serverCode: string): RealtimeErrorCode {
  return Object.prototype.hasOwnProperty.call(TYPED_CODES, serverCode)
    ? TYPED_CODES[serverCode]
    : 'server_error';
}

/** A Chat API `error {code, message}` as a typed error; `serverCode` keeps the wire code. */
export function chatApiError(serverCode: string, text: unknown, messageId?: string): RealtimeError {
  const quoted = typeof text === 'string' ? text.slice(0, MAX_QUOTED_TEXT) : 'no details';
  return new RealtimeError(
    chatApiErrorCode(serverCode),
    `Server error ${serverCode.slice(0, 64)}: ${quoted}`,
    { serverCode, messageId },
  );
}
