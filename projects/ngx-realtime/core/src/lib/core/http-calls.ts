import { RealtimeError } from '../errors/realtime-error';
import type { StampedMessage } from '../protocol/message';
import type {
  AckResolution,
  MissedMessages,
  RealtimeProtocol,
} from '../protocol/realtime-protocol';
import { isJsonObject } from '../protocol/safe-json';
import {
  asTransportError,
  authHeaders,
  isAuthStatus,
  withQuery,
  type FetchLike,
} from '../transport/http';

/** Raised when an HTTP call was refused for its credentials. */
export function httpUnauthorized(what: string): RealtimeError {
  return new RealtimeError('unauthorized', `${what} was refused: credentials not accepted`);
}

/**
 * `GET <missedUrl>?last_sequence=…`: the events the server logged after `lastSequence`.
 * @throws RealtimeError `unauthorized`, `polling_failed`, `transport_error` or `invalid_message`.
 */
export async function fetchMissedMessages(
  fetchFn: FetchLike,
  protocol: RealtimeProtocol,
  missedUrl: string,
  lastSequence: number,
  token: string | null,
  userId: string | undefined,
): Promise<MissedMessages> {
  const url = withQuery(missedUrl, { last_sequence: String(lastSequence), user_id: userId });
  let body: unknown;
  try {
    const response = await fetchFn(url, { method: 'GET', headers: authHeaders(token) });
    if (isAuthStatus(response.status)) throw httpUnauthorized('Missed-messages request');
    if (!response.ok) {
      throw new RealtimeError(
        'polling_failed',
        `Missed-messages request failed with HTTP ${response.status}`,
        {
          details: { status: response.status },
        },
      );
    }
    body = await response.json();
  } catch (error) {
    throw asTransportError(error, 'Missed-messages request');
  }
  return protocol.readMissedMessages(body);
}

/**
 * `POST <sendUrl>` with one encoded frame, for sends while polling (ngx-realtime extension).
 * The response body is the ack payload `{status, data?, error?}`; for unacknowledged sends
 * it is ignored. Returns how the send settles, or `null` for an unacknowledged send.
 * @throws RealtimeError `unauthorized`, `polling_failed` or `transport_error`.
 */
export async function postFrame(
  fetchFn: FetchLike,
  sendUrl: string,
  message: StampedMessage,
  frame: string,
  token: string | null,
): Promise<AckResolution | null> {
  try {
    const response = await fetchFn(sendUrl, {
      method: 'POST',
      headers: authHeaders(token, true),
      body: frame,
    });
    if (isAuthStatus(response.status)) throw httpUnauthorized('Send over HTTP');
    if (!response.ok) {
      throw new RealtimeError(
        'polling_failed',
        `Send over HTTP failed with HTTP ${response.status}`,
        {
          messageId: message.id,
          details: { status: response.status },
        },
      );
    }
    if (message.ackId === undefined) return null;
    return readHttpAck(await response.json(), message.ackId);
  } catch (error) {
    throw asTransportError(error, 'Send over HTTP');
  }
}

function readHttpAck(body: unknown, ackId: string): AckResolution {
  if (isJsonObject(body) && body['status'] === 'success')
    return { ackId, ok: true, data: body['data'] };
  const raw = isJsonObject(body) ? body['error'] : undefined;
  const code = isJsonObject(raw) && typeof raw['code'] === 'string' ? raw['code'] : 'ACK_ERROR';
  return {
    ackId,
    ok: false,
    error: new RealtimeError('server_error', 'Server refused the message sent over HTTP', {
      serverCode: code,
      messageId: ackId,
    }),
  };
}
