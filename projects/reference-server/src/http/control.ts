import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import { connectionsRoute, killRoute, receivedRoute } from './control-connections';
import {
  addFaultRoute,
  clearFaultsRoute,
  faultsStatusRoute,
  upgradesRoute,
} from './control-faults';
import { BadControlInput, ControlInput } from './control-input';
import { sendMessageRoute } from './control-messages';
import { notificationsRoute } from './control-notifications';
import { publishRoute } from './control-publish';
import type { ControlRoute } from './control-route';
import { conversationMembersRoute, conversationStatusRoute, restartRoute } from './control-server';
import { badRequest, maxBodyBytes, methodNotAllowed, readJsonObject, sendJson } from './http-util';

/** Every control route lives below this prefix. */
export const CONTROL_PREFIX = '/api/v1/control/';

/** The test-control API, one route per action (see each route's documentation). */
export const CONTROL_ROUTES: readonly ControlRoute[] = [
  publishRoute,
  faultsStatusRoute,
  addFaultRoute,
  clearFaultsRoute,
  upgradesRoute,
  killRoute,
  connectionsRoute,
  receivedRoute,
  restartRoute,
  conversationMembersRoute,
  conversationStatusRoute,
  sendMessageRoute,
  notificationsRoute,
];

/**
 * The test-control API under `/api/v1/control/` (the router only calls this with
 * `--control`; without it every path is a 404). JSON in (POST bodies, GET query strings)
 * and out; invalid input is a 400 `{error, code: 'INVALID_MESSAGE'}`. It has no
 * authentication of its own: it is for test runs on a loopback interface, never on by
 * default.
 */
export async function handleControl(
  server: ReferenceServer,
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const path = url.pathname.slice(CONTROL_PREFIX.length);
  const routes = CONTROL_ROUTES.filter((candidate) => candidate.path === path);
  if (routes.length === 0) return false;
  const route = routes.find((candidate) => candidate.method === request.method);
  if (route === undefined) {
    methodNotAllowed(
      response,
      routes.map((candidate) => candidate.method),
    );
    return true;
  }

  let fields: Readonly<Record<string, unknown>>;
  if (route.method === 'GET') fields = Object.fromEntries(url.searchParams);
  else {
    const body = await readJsonObject(request, response, maxBodyBytes(context.config));
    if (body === undefined) return true;
    fields = body;
  }
  try {
    const result = await route.run({ server, context, input: new ControlInput(fields) });
    context.config.logger.info('control.call', { route: `${route.method} ${path}` });
    sendJson(response, 200, result);
  } catch (error) {
    if (!(error instanceof BadControlInput)) throw error;
    badRequest(response, error.message);
  }
  return true;
}
