import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientFrame } from '../core/envelope';
import { ackIdOf, unreadableFrameError } from '../core/server-error';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import { readClientFrame } from '../ws/frame-router';
import { authenticate } from './auth';
import { maxBodyBytes, methodNotAllowed, readBodyOrRefuse, sendJson } from './http-util';

/**
 * `POST /api/v1/realtime/send` (ngx-realtime extension): one client frame, encoded as on the
 * socket, from a client in polling mode. It runs exactly as a frame on a socket would
 * (idempotent by message id, recorded for the control API).
 *
 * Answers:
 * - 200 `{ack_id, status: 'success', data}`: the ack payload;
 * - 200 `{ack_id, status: 'error', error: {code, message, details}}`: the handler refused
 *   the frame (CHANNEL_NOT_FOUND, FORBIDDEN, ...). A 200, because the request itself
 *   succeeded: ngx-realtime retries a send on any non-2xx status, and a refusal retried
 *   would block every later send behind it;
 * - 400 with the same error shape: the body is not a client frame;
 * - 401 / 403: token refused; 413: over `maxFrameBytes`.
 */
export async function handleSend(
  server: ReferenceServer,
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (request.method !== 'POST') return methodNotAllowed(response, ['POST']);
  const userId = authenticate(context.config, request, response, url);
  if (userId === null) return;
  const text = await readBodyOrRefuse(request, response, maxBodyBytes(context.config));
  if (text === undefined) return;

  let frame: ClientFrame;
  try {
    frame = readClientFrame(text);
  } catch (error) {
    const typed = unreadableFrameError(error);
    const ackId = ackIdOf(typed);
    sendJson(response, 400, {
      ...(ackId !== undefined ? { ack_id: ackId } : {}),
      status: 'error',
      error: { code: typed.code, message: typed.message },
    });
    return;
  }

  const answer = await server.runFrame(userId, text);
  if (answer.ack !== undefined) return sendJson(response, 200, answer.ack);
  sendJson(response, 200, {
    ...(frame.ack_id === undefined ? {} : { ack_id: frame.ack_id }),
    status: 'error',
    error: answer.error,
  });
}
