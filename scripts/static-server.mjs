/**
 * The one static file server of the tooling: the Storybook build for the screenshots and the
 * real-browser tests (e2e/stories.e2e.ts, which imports it through static-server.d.mts), and
 * the content types the demo server answers with. No dependency.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';

/** Content type by file extension. */
export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
});

/** The content type of `file`, by its extension. */
export function contentTypeOf(file) {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * Serves the files under `root` on a free loopback port (GET only, no directory listings,
 * nothing outside `root`). Resolves to `{ url, close }`; `url` ends with a slash.
 */
export async function serveStatic(root) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    let file;
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      file = resolve(base, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!file.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, {
            'content-type': contentTypeOf(file),
            // A build does not change while it is served: let the browser cache every file.
            'cache-control': 'max-age=3600',
          })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
