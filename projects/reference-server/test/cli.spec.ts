import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseCli, USAGE } from '../src/cli';
import { resolveConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { waitFor } from './support';

const ROOT = resolve(__dirname, '../../..');
const BIN = 'projects/reference-server/bin/ngx-realtime-server.js';

describe('ngx-realtime-server CLI', () => {
  describe('parseCli', () => {
    it('applies the defaults', () => {
      expect(parseCli(['--secret', 's'], {})).toEqual({
        secret: 's',
        port: 8082,
        host: '127.0.0.1',
        dev: false,
        simulate: false,
        control: false,
      });
    });

    it('reads every flag', () => {
      const options = parseCli(
        [
          '--port=0',
          '--host',
          '0.0.0.0',
          '--secret',
          's',
          '--dev',
          '--control',
          '--origins',
          'http://a.test, http://b.test,',
        ],
        {},
      );
      expect(options).toEqual({
        secret: 's',
        port: 0,
        host: '0.0.0.0',
        dev: true,
        simulate: false,
        control: true,
        allowedOrigins: ['http://a.test', 'http://b.test'],
      });
    });

    it('takes the secret from NGX_REALTIME_SECRET, and --simulate implies --dev', () => {
      expect(parseCli(['--simulate'], { NGX_REALTIME_SECRET: 'env' })).toMatchObject({
        secret: 'env',
        dev: true,
        simulate: true,
      });
    });

    it('reads --redis (or NGX_REALTIME_REDIS) and refuses other URLs', () => {
      expect(parseCli(['--secret', 's', '--redis', 'redis://127.0.0.1:6379'], {})).toMatchObject({
        redis: 'redis://127.0.0.1:6379',
      });
      expect(
        parseCli(['--secret', 's'], { NGX_REALTIME_REDIS: 'redis://10.0.0.1:6380' }),
      ).toMatchObject({ redis: 'redis://10.0.0.1:6380' });
      expect(() => parseCli(['--secret', 's', '--redis', 'http://x'], {})).toThrow(/--redis/);
    });

    it('returns help for --help', () => {
      expect(parseCli(['--help'], {})).toBe('help');
      expect(USAGE).toContain('--control');
    });

    it('refuses a missing secret, a bad port and unknown flags', () => {
      expect(() => parseCli([], {})).toThrow(/secret/);
      expect(() => parseCli(['--secret', ''], { NGX_REALTIME_SECRET: '' })).toThrow(/secret/);
      for (const port of ['-1', '65536', 'abc', '1.5']) {
        expect(() => parseCli(['--secret', 's', '--port', port], {})).toThrow(/--port/);
      }
      expect(() => parseCli(['--secret', 's', '--verbose'], {})).toThrow();
    });

    it('reads --dialect (socialhub is the default and left out)', () => {
      expect(parseCli(['--secret', 's', '--dialect', 'chat-api'], {})).toMatchObject({
        dialect: 'chat-api',
      });
      expect(parseCli(['--secret', 's', '--dialect', 'listings'], {})).toMatchObject({
        dialect: 'listings',
      });
      expect(parseCli(['--secret', 's', '--dialect', 'socialhub'], {})).not.toHaveProperty(
        'dialect',
      );
      expect(() => parseCli(['--secret', 's', '--dialect', 'graphql'], {})).toThrow(/--dialect/);
      expect(USAGE).toContain('--dialect');
      expect(() => resolveConfig({ secret: 's', dialect: 'x' as never }, silentLogger)).toThrow(
        /dialect/,
      );
    });
  });

  describe('the compiled command', () => {
    const children: ChildProcess[] = [];
    const env = { ...process.env, NGX_REALTIME_SECRET: '' };

    /** Starts the command; collects stdout and stderr; resolves the exit code on exit. */
    function run(args: string[]) {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
      children.push(child);
      const output = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk: Buffer) => (output.stdout += String(chunk)));
      child.stderr.on('data', (chunk: Buffer) => (output.stderr += String(chunk)));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      return { child, output, exited };
    }

    beforeAll(async () => {
      // `npm test` builds the server after Jest: build here so the command runs this code.
      const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
      await promisify(execFile)(
        process.execPath,
        [tsc, '-p', 'projects/reference-server/tsconfig.json'],
        { cwd: ROOT },
      );
    }, 120_000);

    afterEach(() => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('starts, logs a JSON server.start line without secrets, and exits 0 on SIGTERM', async () => {
      const secret = 'cli-test-secret-value';
      const { child, output, exited } = run([
        '--port',
        '0',
        '--secret',
        secret,
        '--dev',
        '--control',
      ]);
      await waitFor(() => output.stdout.includes('"server.start"'), 15_000, 'server.start');
      const lines = output.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const start = lines.find((line) => line['event'] === 'server.start');
      expect(start).toMatchObject({ level: 'info', dev: true, control: true });
      expect(String(start?.['url'])).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);

      // The server answers: a dev token, then a poll with it.
      const url = String(start?.['url']).replace(/^ws/, 'http').replace(/\/ws$/, '');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const issued = await fetch(`${url}/api/v1/auth/dev-token`, {
        method: 'POST',
        body: JSON.stringify({ user_id: 'alice' }),
      });
      const { token } = (await issued.json()) as { token: string };
      const poll = await fetch(`${url}/api/v1/realtime/poll?timeout=0`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(poll.status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output.stdout).toContain('"server.stop"');
      const logged = output.stdout + output.stderr;
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(token);
      expect(logged).not.toMatch(/eyJ/);
    }, 30_000);

    it('exits 2 with the usage on bad arguments, and 0 after --help', async () => {
      const bad = run(['--port', '0']);
      expect(await bad.exited).toBe(2);
      expect(bad.output.stderr).toContain('--secret');
      expect(bad.output.stderr).toContain('Usage:');
      const help = run(['--help']);
      expect(await help.exited).toBe(0);
      expect(help.output.stdout).toBe(USAGE);
    }, 30_000);
  });
});
