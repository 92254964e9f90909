import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import { badRequest, methodNotAllowed, readJsonObject, sendJson } from './http-util';

/** `POST {user_id, expires_in?}` → `{token, user_id, expires_in}` (dev mode only). */
export const DEV_TOKEN_PATH = '/api/v1/auth/dev-token';

/** User ids the dev endpoint signs: short, and safe in URLs, logs and channel names. */
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_TTL_SECONDS = 3600;
/** A day at most: dev tokens are for a working session, not for keeping. */
const MAX_TTL_SECONDS = 86_400;
/** A dev-token request body is two fields. */
const BODY_LIMIT = 4 * 1024;

/**
 * Dev mode's HTTP routes (the router only calls this with `--dev`; without it the path is a
 * 404): hands out tokens signed with the server's secret, so the demo and local apps can
 * sign in as anyone without an auth service.
 */
export async function handleDev(
  server: ReferenceServer,
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (url.pathname !== DEV_TOKEN_PATH) return false;
  if (request.method !== 'POST') {
    methodNotAllowed(response, ['POST']);
    return true;
  }
  const body = await readJsonObject(request, response, BODY_LIMIT);
  if (body === undefined) return true;
  const userId = body['user_id'];
  if (typeof userId !== 'string' || !USER_ID.test(userId)) {
    badRequest(response, 'user_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -');
    return true;
  }
  const ttl = body['expires_in'] ?? DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    badRequest(response, `expires_in must be an integer from 1 to ${MAX_TTL_SECONDS} seconds`);
    return true;
  }
  const token = server.issueToken(userId, ttl);
  context.config.logger.info('dev.token_issued', { user: userId, expires_in: ttl });
  sendJson(response, 200, { token, user_id: userId, expires_in: ttl });
  return true;
}
