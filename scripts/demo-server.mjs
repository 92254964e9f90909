#!/usr/bin/env node
/**
 * The live demo in one process: the reference server (dev mode) and the built demo app.
 *
 *   node scripts/demo-server.mjs [--build] [--port 4200] [--server-port 8082]
 *                                [--simulate] [--control] [--secret s] [--quiet]
 *                                [--dialect socialhub|chat-api|listings]
 *
 * - `--build` compiles the reference server and builds the demo first.
 * - The demo is served as static files under a strict Content-Security-Policy: scripts
 *   from this origin only, styles from this origin or carrying the page's nonce (Angular
 *   stamps it on the component styles it injects, via `ngCspNonce`), connections only to
 *   loopback. A payload that slipped into the DOM as markup could not run.
 * - `--dialect` makes the server's WebSocket speak another backend's dialect; the printed
 *   links open the demo with the matching `?dialect=` (docs/protocols.md).
 * - `npm start` runs it with the simulator and the control API on; the Playwright tests run
 *   it with the simulator off (deterministic) on free ports.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { delimiter, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONTENT_TYPES, contentTypeOf } from './static-server.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const DEMO_DIR = join(ROOT, 'dist', 'demo', 'browser');

const { values: args } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    port: { type: 'string', default: '4200' },
    'server-port': { type: 'string', default: '8082' },
    simulate: { type: 'boolean', default: false },
    control: { type: 'boolean', default: false },
    secret: { type: 'string', default: process.env.NGX_REALTIME_SECRET ?? 'local-dev-secret' },
    quiet: { type: 'boolean', default: false },
    dialect: { type: 'string', default: 'socialhub' },
  },
});

// Checked before the build, which would otherwise run for nothing.
const DIALECTS = ['socialhub', 'chat-api', 'listings'];
if (!DIALECTS.includes(args.dialect)) {
  console.error(`--dialect must be one of ${DIALECTS.join(', ')}`);
  process.exit(2);
}

if (args.build) {
  const env = {
    ...process.env,
    PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
    NG_CLI_ANALYTICS: 'false',
  };
  for (const [bin, ...rest] of [
    ['tsc', '-p', 'projects/reference-server/tsconfig.json'],
    ['ng', 'build', 'demo'],
  ]) {
    const build = spawnSync(bin, rest, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const { createReferenceServer, jsonLogger, silentLogger } = createRequire(import.meta.url)(
  join(ROOT, 'projects', 'reference-server', 'dist', 'index.js'),
);

const realtime = createReferenceServer({
  port: Number(args['server-port']),
  host: '127.0.0.1',
  secret: args.secret,
  dev: true,
  simulate: args.simulate,
  control: args.control,
  dialect: args.dialect,
  logger: args.quiet ? silentLogger : jsonLogger(),
});
await realtime.start();

/** The policy of one page view; the nonce is new on every request. */
function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    // The reference server may run on any loopback port (`?server=`).
    'connect-src http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The file a URL path names inside the demo's folder, or `null` when it escapes it. */
function fileOf(pathname) {
  const file = normalize(join(DEMO_DIR, decodeURIComponent(pathname)));
  return file === DEMO_DIR || file.startsWith(DEMO_DIR + sep) ? file : null;
}

async function sendIndex(response) {
  const nonce = randomBytes(16).toString('base64');
  const html = (await readFile(join(DEMO_DIR, 'index.html'), 'utf8')).replace(
    '<demo-root>',
    `<demo-root ngCspNonce="${nonce}">`,
  );
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES['.html'],
    'Content-Security-Policy': contentSecurityPolicy(nonce),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(html);
}

const web = createServer(async (request, response) => {
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file = pathname === '/' ? null : fileOf(pathname);
    if (file !== null && extname(file) !== '') {
      const body = await readFile(file).catch(() => null);
      if (body !== null) {
        response.writeHead(200, {
          'Content-Type': contentTypeOf(file),
          'X-Content-Type-Options': 'nosniff',
        });
        response.end(body);
        return;
      }
      response.writeHead(404, { 'Content-Type': CONTENT_TYPES['.txt'] });
      response.end('not found');
      return;
    }
    await sendIndex(response);
  } catch {
    response.writeHead(500, { 'Content-Type': CONTENT_TYPES['.txt'] });
    response.end('demo not built: run `ng build demo` (or pass --build)');
  }
});
await new Promise((done) => web.listen(Number(args.port), '127.0.0.1', done));

const demoUrl = `http://127.0.0.1:${web.address().port}/`;
// The demo talks to 127.0.0.1:8082 unless the URL names another server.
const server = realtime.port === 8082 ? '' : `&server=${encodeURIComponent(realtime.httpUrl)}`;
const dialect = args.dialect === 'socialhub' ? '' : `&dialect=${args.dialect}`;
// Listings ids are numbers on the wire: numeric user names read best there.
const [first, second] = args.dialect === 'listings' ? ['5', '6'] : ['alice', 'bob'];
if (!args.quiet) {
  console.log(
    `\nngx-realtime demo: open ${demoUrl}?user=${first}${server}${dialect} and ` +
      `${demoUrl}?user=${second}${server}${dialect}`,
  );
  console.log(
    `reference server: ${realtime.httpUrl} (dev mode${args.simulate ? ', simulator' : ''}${args.control ? ', control API' : ''}${dialect === '' ? '' : `, ${args.dialect} dialect`})`,
  );
  console.log('Ctrl+C to stop\n');
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  web.close();
  await realtime.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
