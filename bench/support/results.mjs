/**
 * The results contract every bench/<name>/run.mjs follows, so `npm run bench`
 * (bench/run-all.mjs) can collect and render them:
 *
 * - `--json` prints exactly one JSON line on stdout; everything else goes to stderr;
 * - `--out <file>` writes the same JSON (indented) to a file;
 * - the JSON has at least `{ benchmark, date, machine: { cpus, node }, rows, targets }`, where
 *   each row is `{ name, ...numeric medians, min, max }` and each target is
 *   `{ name, target (text), value, met }`. Extra fields are welcome.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The machine the figures belong to. */
export function machine() {
  return { cpus: availableParallelism(), node: process.version };
}

/** Today as `YYYY-MM-DD` (UTC). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The installed version of a package (for labels such as "socket.io-client 4.8.4"). */
export function packageVersion(name) {
  // Read from node_modules directly: not every package exports its package.json.
  return JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
    .version;
}

/**
 * In `--json` mode stdout must carry only the JSON line, so the human-readable output the
 * script prints with `console.log` is sent to stderr instead (one switch instead of a flag
 * on every print).
 */
export function jsonMode(enabled) {
  if (enabled) console.log = console.error;
}

/**
 * Writes the report to `out` (when given) and prints it as one line on stdout (when `print`).
 * Written directly to stdout, so it bypasses {@link jsonMode}'s redirection.
 */
export function emitResults(report, { print, out }) {
  if (out !== undefined) {
    const file = resolve(out);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (print) process.stdout.write(`${JSON.stringify(report)}\n`);
}
