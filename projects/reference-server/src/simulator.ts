import type { ServerContext } from './features/feature';
import type { ReferenceServer } from './server';

/** TODO(helper): realistic traffic for the demo. Returns the function that stops it. */
export function startSimulator(_server: ReferenceServer, _context: ServerContext): () => void {
  return () => undefined;
}
