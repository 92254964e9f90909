import {
  createReferenceServer,
  silentLogger,
  type ReferenceServer,
} from '../../projects/reference-server/src';

/** A dialect the reference server speaks besides SocialHub (docs/reference-server.md). */
export type Dialect = 'chat-api' | 'listings';

/**
 * A reference server speaking `dialect`, started by the test itself on a free port: the
 * config's web server runs the SocialHub one, and one server speaks one dialect. Dev mode
 * (tokens for the demo's sign-in) and the control API on, the simulator off. Stop it after.
 */
export async function startDialectServer(dialect: Dialect): Promise<DialectServer> {
  const server = createReferenceServer({
    port: 0,
    host: '127.0.0.1',
    secret: 'e2e-secret',
    dev: true,
    control: true,
    dialect,
    logger: silentLogger,
  });
  await server.start();
  return new DialectServer(server, dialect);
}

/** A running dialect server: its URL for `?server=`, its control API, and `stop()`. */
export class DialectServer {
  /** The HTTP origin the demo takes as `?server=`. */
  readonly url: string;

  constructor(
    private readonly server: ReferenceServer,
    readonly dialect: Dialect,
  ) {
    this.url = server.httpUrl;
  }

  /** Calls the test-control API (docs/reference-server.md). */
  async control<T = unknown>(path: string, body: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.url}/api/v1/control/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
