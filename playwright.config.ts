import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/**
 * Real-browser tests of the demo app against the reference server (`npm run e2e`).
 *
 * - Tests are `e2e/**\/*.e2e.ts` (Jest only runs `projects/**\/*.spec.ts`).
 * - One web server process (scripts/demo-server.mjs) builds and serves the demo and runs
 *   the reference server with the simulator off (deterministic) and the test-control API on.
 * - e2e/dialects.e2e.ts starts its own reference servers in the Chat API and Listings
 *   dialects (in-process, free ports) and points the demo at them with `?server=`.
 * - e2e/stories.e2e.ts scans every Storybook story with axe-core; it serves the static build
 *   (dist/storybook, built by scripts/e2e.mjs when stale) itself.
 * - Chromium is Debian's `/usr/bin/chromium` (or `CHROMIUM_PATH`); Playwright's own browser
 *   downloads are never used. `scripts/e2e.mjs` installs it or says what to install.
 */

/**
 * Two free loopback ports, picked once: the config is also loaded by every worker, which
 * inherits the environment, so all of them see the same ports.
 */
function freePorts(): string {
  const script = `
    const net = require('node:net');
    const open = () => new Promise((done) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => done(server));
    });
    Promise.all([open(), open()]).then((servers) => {
      process.stdout.write(servers.map((server) => server.address().port).join(','));
      servers.forEach((server) => server.close());
    });`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

process.env['E2E_PORTS'] ??= freePorts();
const [demoPort, serverPort] = process.env['E2E_PORTS'].split(',');
process.env['E2E_SERVER_URL'] = `http://127.0.0.1:${serverPort}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: '.test-results/e2e',
  // One shared server: "force polling" refuses every upgrade, so tests run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '.test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${demoPort}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command:
      `node scripts/demo-server.mjs --build --quiet --control --secret e2e-secret ` +
      `--port ${demoPort} --server-port ${serverPort}`,
    url: `http://127.0.0.1:${demoPort}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
