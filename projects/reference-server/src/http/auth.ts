import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH_FAILURE_TEXT, tokenFromRequest, verifyToken } from '../auth/jwt';
import type { ServerConfig } from '../config';
import { sendJson } from './http-util';

/**
 * The user of an HTTP request, from its bearer token (`Authorization: Bearer` or `?token=`).
 * A bare `user_id` never authenticates: when the client also names one (older SocialHub
 * clients do), it must be the token's user. Answers 401 (the spec's bodies) or 403 itself
 * and returns `null` then.
 */
export function authenticate(
  config: ServerConfig,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  claimedUserId?: unknown,
): string | null {
  const verified = verifyToken(tokenFromRequest(url, request.headers), config.secret);
  if (!verified.ok) {
    config.logger.warn('http.unauthorized', { path: url.pathname, code: verified.failure });
    sendJson(response, 401, { error: AUTH_FAILURE_TEXT[verified.failure], code: verified.failure });
    return null;
  }
  const userId = verified.identity.userId;
  const claimed = claimedUserId ?? url.searchParams.get('user_id') ?? undefined;
  if (claimed !== undefined && claimed !== null && String(claimed) !== userId) {
    config.logger.warn('http.user_mismatch', { path: url.pathname, user: userId });
    sendJson(response, 403, { error: 'user_id does not match the token', code: 'FORBIDDEN' });
    return null;
  }
  return userId;
}
