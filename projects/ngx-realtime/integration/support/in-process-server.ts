/*
 * The reference server started in the test's own process, for every suite that runs the
 * library against it (the Angular integration suites and the chaos suite). Angular-free, so
 * the chaos suite can use it in plain Node.
 */
import {
  createReferenceServer,
  silentLogger,
  type ReferenceServer,
  type ServerOptions,
} from '../../../reference-server/src/index';

export type { ReferenceServer };

/** Starts a server on a free loopback port with the control switches on and quiet logs. */
export async function startReferenceServer(
  options: Partial<ServerOptions> & { readonly secret: string },
): Promise<ReferenceServer> {
  const server = createReferenceServer({
    port: 0,
    logger: silentLogger,
    control: true,
    ...options,
  });
  await server.start();
  return server;
}

/**
 * Stops the server and waits until every socket's close event was handled, so no server
 * callback runs after the test.
 */
export async function stopReferenceServer(
  server: ReferenceServer,
  timeoutMs = 5_000,
): Promise<void> {
  await server.stop();
  await waitFor(
    () => [...server.hub.connections()].length === 0,
    'the sockets to close',
    timeoutMs,
  );
}

/**
 * Polls `condition` every few ms until it holds; fails with `what` (and the state `describe`
 * returns, when given) after `timeoutMs`. Never a fixed sleep: tests wait for facts.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 4_000,
  describe?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${describe ? `: ${describe()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Drops every open connection without a close frame (a dead network, as clients see it). */
export function killConnections(server: ReferenceServer): number {
  let killed = 0;
  for (const connection of [...server.hub.connections()]) {
    connection.terminate();
    killed++;
  }
  return killed;
}

/** Open WebSocket connections of `userId` on the server. */
export function connectionsOf(server: ReferenceServer, userId: string): number {
  let count = 0;
  for (const connection of server.hub.connections()) {
    if (connection.userId === userId && connection.open) count++;
  }
  return count;
}
