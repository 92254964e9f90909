/** Types of scripts/static-server.mjs, for the TypeScript that imports it (e2e/). */

/** A running static file server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Stops the server and drops its keep-alive connections. */
  close(): Promise<void>;
}

/** Content type by file extension. */
export const CONTENT_TYPES: Readonly<Record<string, string>>;

/** The content type of `file`, by its extension. */
export function contentTypeOf(file: string): string;

/** Serves the files under `root` on a free loopback port. */
export function serveStatic(root: string): Promise<StaticServer>;
