import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';

/** TODO(helper): see the issue. Answers its routes and returns true; false otherwise. */
export async function handleControl(
  _server: ReferenceServer,
  _context: ServerContext,
  _request: IncomingMessage,
  _response: ServerResponse,
  _url: URL,
): Promise<boolean> {
  return false;
}
