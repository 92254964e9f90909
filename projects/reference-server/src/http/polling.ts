import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import { authenticate } from './auth';
import { badRequest, methodNotAllowed, readJsonObject, sendJson } from './http-util';
import { waitForEvents } from './long-poll';
import { takePollBudget } from './poll-rate-limit';
import { InvalidParameter, optionalString, secondsParam, sequenceParam } from './poll-params';
import { handleSend } from './send';

/** `GET`/`POST`: long poll for the user's events after `last_poll_id`. */
export const POLL_PATH = '/api/v1/realtime/poll';
/** `GET`: the user's logged events after `last_sequence`. */
export const MISSED_PATH = '/api/v1/realtime/poll/missed';
/** `POST`: one client frame from a client in polling mode (ngx-realtime extension). */
export const SEND_PATH = '/api/v1/realtime/send';

/** A poll request body is a handful of fields. */
const POLL_BODY_LIMIT = 16 * 1024;
/** The spec's default hold when the client names none. */
const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * The HTTP polling fallback of the SocialHub API: long polling, missed messages, and sends
 * while polling. Every request is authenticated with the bearer token.
 */
export async function handlePolling(
  server: ReferenceServer,
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  try {
    switch (url.pathname) {
      case POLL_PATH:
        await poll(context, request, response, url);
        return true;
      case MISSED_PATH:
        await missed(context, request, response, url);
        return true;
      case SEND_PATH:
        await handleSend(server, context, request, response, url);
        return true;
      default:
        return false;
    }
  } catch (error) {
    if (!(error instanceof InvalidParameter)) throw error;
    badRequest(response, error.message);
    return true;
  }
}

async function poll(
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const { config, hub } = context;
  let params: Readonly<Record<string, unknown>>;
  if (request.method === 'GET') params = Object.fromEntries(url.searchParams);
  else if (request.method === 'POST') {
    const body = await readJsonObject(request, response, POLL_BODY_LIMIT);
    if (body === undefined) return;
    params = body;
  } else return methodNotAllowed(response, ['GET', 'POST']);

  const userId = authenticate(config, request, response, url, params['user_id']);
  if (userId === null) return;
  const cursor = sequenceParam('last_poll_id', params['last_poll_id'], 0);
  const timeout = secondsParam('timeout', params['timeout'], DEFAULT_TIMEOUT_SECONDS);
  if (!takePollBudget(config, hub.session(userId), response)) return;

  // In a cluster this instance's mirror of the user's log is loaded from the store first.
  const hydrating = hub.hydrate(userId);
  if (hydrating !== undefined) await hydrating;
  const holdMs = Math.min(timeout, config.pollMaxTimeoutSeconds) * 1000;
  const answer = await waitForEvents(hub, userId, cursor, holdMs, response);
  if (answer !== null) sendJson(response, 200, answer);
}

async function missed(
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (request.method !== 'GET') return methodNotAllowed(response, ['GET']);
  const userId = authenticate(context.config, request, response, url);
  if (userId === null) return;
  const lastSequence = sequenceParam('last_sequence', url.searchParams.get('last_sequence'));
  const epoch = optionalString('epoch', url.searchParams.get('epoch') ?? undefined);
  const session = context.hub.session(userId);
  if (!takePollBudget(context.config, session, response)) return;
  const hydrating = context.hub.hydrate(userId);
  if (hydrating !== undefined) await hydrating;
  sendJson(response, 200, session.log.since(lastSequence, epoch));
}
