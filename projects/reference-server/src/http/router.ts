import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import { handleControl } from './control';
import { handleDev } from './dev';
import { applyCors, sendJson } from './http-util';
import { handlePolling } from './polling';

/**
 * The HTTP side: `/health`, the polling endpoints, the dev-token endpoint (dev mode) and the
 * test-control API (control mode). Each handler answers the routes it owns and returns
 * true; anything left is a 404.
 */
export async function handleHttp(
  server: ReferenceServer,
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (applyCors(context.config, request, response)) return;
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/health' && request.method === 'GET') {
    let connections = 0;
    for (const _ of context.hub.connections()) connections++;
    sendJson(response, 200, { status: 'ok', epoch: context.hub.epoch, connections });
    return;
  }
  if (await handlePolling(server, context, request, response, url)) return;
  if (context.config.dev && (await handleDev(server, context, request, response, url))) return;
  if (context.config.control && (await handleControl(server, context, request, response, url)))
    return;
  sendJson(response, 404, { error: 'not found' });
}
