#!/usr/bin/env node
/**
 * Bundle size of ngx-realtime next to the alternatives (not a timing benchmark: sizes are
 * deterministic).
 *
 *   node bench/size/run.mjs [--json] [--out file] [--check] [--runs 1] [--top 12]
 *
 * Builds nothing: run `npm run build` first (`npm run bench:size` does both). Each entry
 * below is a tiny ES module that imports a few names and exports something using them, so
 * tree-shaking keeps exactly what an app using those names ships. esbuild bundles it with
 * fixed options (minified, ESM, target es2022, platform browser) and `@angular/*`, `rxjs`
 * and `tslib` external: every Angular app already has them. The library is read from the
 * built FESM (`dist/ngx-realtime/fesm2022/ngx-realtime.mjs` and `ngx-realtime-core.mjs`).
 * Every JS file, competitors included, goes through @angular/build's JavaScriptTransformer
 * (Angular linker, pure annotations, static members wrapped, metadata elided) with
 * `ngDevMode`/`ngJitMode` defined false, as an optimized `ng build` of an app does.
 * The output is measured minified, gzip (level 9) and brotli (quality 11), via node:zlib.
 *
 * `--check` builds only the two library entries, reports a missed gzip budget, and exits 1
 * when one is over its ceiling (`CEILINGS` below; `npm test` runs it right after the `build`
 * step). `--runs N` builds every entry
 * N times and fails if a size differs (it should not). `--top N` sets how many of the
 * largest inputs (from the source map) are listed per library entry. `--json` prints one JSON
 * line (bench/support/results.mjs), `--out` writes it to a file. A grown ceiling fails the
 * process only with `--check`. Figures: docs/benchmarks.md.
 */
import { Buffer } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { emitResults, jsonMode, machine, today } from '../support/results.mjs';
import { positiveInt } from '../support/stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// `BENCH_SIZE_FESM=/some/fesm2022` measures another build of the library (experiments).
const FESM = resolve(process.env.BENCH_SIZE_FESM ?? resolve(ROOT, 'dist/ngx-realtime/fesm2022'));
const LIBRARY_FILES = {
  'ngx-realtime': resolve(FESM, 'ngx-realtime.mjs'),
  'ngx-realtime/core': resolve(FESM, 'ngx-realtime-core.mjs'),
};

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    top: { type: 'string', default: '12' },
    out: { type: 'string' },
  },
});
jsonMode(args.json);
const RUNS = positiveInt(args.runs, 'runs');
const TOP = positiveInt(args.top, 'top');

/** Gzip budgets from issue 8, in bytes (1 kB = 1,000 bytes). */
const BUDGETS = { minimal: 6_000, everything: 12_000 };
/**
 * What `--check` (the `size` step of `npm test`) enforces while the budgets above are out of
 * reach: the gzip sizes measured when this line was last changed, plus about 2 % for small
 * fixes. A change that grows a bundle past its ceiling fails the tests; lower a ceiling
 * whenever the library shrinks, and move it to the budget once the budget is met
 * (docs/benchmarks.md, "Bundle size", says what stands between the two).
 */
const CEILINGS = { minimal: 15_900, everything: 41_600 };

/** Every service, `withX` feature and component of the public API. */
const EVERYTHING = [
  'provideRealtime',
  'WebSocketService',
  'withPolling',
  'withPersistentOutbox',
  'withProtocol',
  'withNotifications',
  'withMessages',
  'withPresence',
  'withFeed',
  'withTabSharing',
  'NotificationRealtime',
  'MessagesRealtime',
  'PresenceRealtime',
  'FeedRealtime',
  'RtNotificationBadge',
  'RtTypingIndicator',
  'RtNewPostsBanner',
  'RtPresenceIndicator',
  'RtConnectionStatus',
  'RtMessageStatus',
];

/** The entries; `library` ones resolve ngx-realtime to the built FESM. */
const ENTRIES = [
  {
    id: 'minimal',
    label: 'ngx-realtime (a): provideRealtime + WebSocketService',
    library: true,
    code: `import { provideRealtime, WebSocketService } from 'ngx-realtime';
export const providers = provideRealtime({ url: 'wss://example.test/ws' });
export { WebSocketService };`,
  },
  {
    id: 'everything',
    label: 'ngx-realtime (b): all services, withX features, 6 components',
    library: true,
    code: `import { ${EVERYTHING.join(', ')} } from 'ngx-realtime';
export { ${EVERYTHING.join(', ')} };`,
  },
  {
    id: 'socket.io-client',
    label: `socket.io-client ${version('socket.io-client')}`,
    code: `import { io } from 'socket.io-client';
export const connect = (url) => io(url);`,
  },
  {
    id: '@microsoft/signalr',
    label: `@microsoft/signalr ${version('@microsoft/signalr')}`,
    code: `import { HubConnectionBuilder } from '@microsoft/signalr';
export const connect = (url) => new HubConnectionBuilder().withUrl(url).withAutomaticReconnect().build();`,
  },
  {
    id: 'centrifuge',
    label: `centrifuge ${version('centrifuge')}`,
    code: `import { Centrifuge } from 'centrifuge';
export const connect = (url) => new Centrifuge(url);`,
  },
  {
    id: 'partysocket',
    label: `partysocket ${version('partysocket')}`,
    code: `import PartySocket from 'partysocket';
export const connect = (host, room) => new PartySocket({ host, room });`,
  },
];

function version(name) {
  return JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
    .version;
}

/**
 * The JavaScript pipeline of `ng build` for an optimized app: every JS file goes through
 * @angular/build's own transformer (Angular linker, pure annotations, static members and
 * enums wrapped, Angular metadata elided), and `ngx-realtime` / `ngx-realtime/core` resolve
 * to the built FESM files. Same treatment for every bundle, competitors included.
 */
function appPipelinePlugin(transformer) {
  const librarySideEffects = JSON.parse(
    readFileSync(resolve(FESM, '../package.json'), 'utf8'),
  ).sideEffects;
  return {
    name: 'angular-app-pipeline',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^ngx-realtime(\/core)?$/ }, ({ path }) => ({
        path: LIBRARY_FILES[path],
        sideEffects: librarySideEffects !== false,
      }));
      esbuild.onLoad({ filter: /\.[cm]?js$/ }, async ({ path }) => {
        const { sideEffects } = await esbuild.resolve(path, {
          kind: 'import-statement',
          resolveDir: ROOT,
        });
        const contents = await transformer.transformFile(path, false, sideEffects);
        return { contents, loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

async function bundle(entry, plugin) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: ROOT, sourcefile: `${entry.id}-entry.mjs` },
    bundle: true,
    write: false,
    outfile: resolve(ROOT, 'dist/bench-size/out.js'),
    metafile: true,
    sourcemap: 'external',
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    tsconfigRaw: {},
    external: ['@angular/*', 'rxjs', 'rxjs/*', 'tslib'],
    define: { ngDevMode: 'false', ngJitMode: 'false', ngServerMode: 'false' },
    pure: ['forwardRef'],
    plugins: [plugin],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js')).contents;
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map')).text);
  return {
    id: entry.id,
    label: entry.label,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_SIZE_HINT]: code.byteLength,
      },
    }).byteLength,
    inputs: bytesBySource(Buffer.from(code).toString('utf8'), map),
  };
}

/**
 * Minified bytes of the output per original source file, from the output's source map
 * (chained through the FESM's own map, so library code is attributed to its .ts files).
 * Bytes not covered by any mapping count as `(unmapped)`.
 */
function bytesBySource(code, map) {
  const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const totals = new Map();
  const add = (source, text) =>
    totals.set(source, (totals.get(source) ?? 0) + Buffer.byteLength(text, 'utf8'));
  const lines = code.split('\n');
  let sourceIndex = 0;
  map.mappings.split(';').forEach((group, lineNumber) => {
    const line = lines[lineNumber] ?? '';
    let column = 0;
    let covered = 0;
    let current = '(unmapped)';
    for (const segment of group.split(',').filter(Boolean)) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGITS.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      add(current, line.slice(covered, column));
      covered = column;
      if (fields.length > 1) {
        sourceIndex += fields[1];
        current = map.sources[sourceIndex];
      } else current = '(unmapped)';
    }
    add(current, line.slice(covered));
  });
  return [...totals]
    .map(([source, bytes]) => ({ file: shortSource(source), bytes }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** `../../projects/ngx-realtime/src/lib/x.ts` → `src/lib/x.ts`; node_modules paths kept. */
function shortSource(source) {
  if (source === '(unmapped)') return source;
  const path = relative(ROOT, resolve(ROOT, 'dist/bench-size', source));
  return path.replace(/^projects\/ngx-realtime\//, '').replace(/^.*node_modules\//, '');
}

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

async function main() {
  const missing = Object.values(LIBRARY_FILES).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(`size: ${relative(ROOT, missing[0])} not found: run \`npm run build\` first.`);
    process.exit(2);
  }
  const { JavaScriptTransformer } = require('@angular/build/private');
  const transformer = new JavaScriptTransformer(
    { sourcemap: true, advancedOptimizations: true, jit: false },
    1,
  );
  const plugin = appPipelinePlugin(transformer);
  const entries = args.check ? ENTRIES.filter((entry) => entry.library) : ENTRIES;
  const results = [];
  for (const entry of entries) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await bundle(entry, plugin));
    const sizes = new Set(runs.map((r) => `${r.minified}/${r.gzip}/${r.brotli}`));
    if (sizes.size > 1) {
      console.error(`size: ${entry.id} differs between runs: ${[...sizes].join(', ')}`);
      process.exit(1);
    }
    results.push(runs[0]);
  }
  await transformer.close();

  const baseline = results.find((r) => r.id === 'socket.io-client');
  const failures = [];
  const overBudget = [];
  for (const r of results) {
    r.budget = BUDGETS[r.id];
    r.ceiling = CEILINGS[r.id];
    if (baseline) r.vsSocketIo = Number((r.gzip / baseline.gzip).toFixed(3));
    if (r.budget !== undefined && r.gzip > r.budget) {
      overBudget.push(
        `size budget missed: ${r.label} is ${kB(r.gzip)} gzip (${r.gzip} bytes), ` +
          `budget ${kB(r.budget)} (${r.budget} bytes), over by ${r.gzip - r.budget} bytes`,
      );
    }
    if (r.ceiling !== undefined && r.gzip > r.ceiling) {
      failures.push(
        `size ceiling exceeded: ${r.label} grew to ${kB(r.gzip)} gzip (${r.gzip} bytes), ` +
          `ceiling ${kB(r.ceiling)} (${r.ceiling} bytes): find what grew (--top 40) or justify ` +
          `raising CEILINGS in bench/size/run.mjs`,
      );
    }
  }

  if (!args.json) {
    const rows = results.map((r) => [
      r.label,
      kB(r.minified),
      kB(r.gzip),
      kB(r.brotli),
      r.vsSocketIo === undefined ? '' : `${r.vsSocketIo.toFixed(2)}×`,
      r.budget === undefined ? '' : `${kB(r.budget)} ${r.gzip <= r.budget ? 'ok' : 'OVER'}`,
    ]);
    const head = ['bundle', 'minified', 'gzip', 'brotli', 'gzip vs socket.io', 'gzip budget'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells) =>
      cells
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ');
    console.log(line(head));
    for (const row of rows) console.log(line(row));
    for (const r of results.filter((result) => result.budget !== undefined)) {
      console.log(`\nLargest inputs of ${r.id} (minified bytes in the output, before gzip):`);
      for (const input of r.inputs.slice(0, TOP))
        console.log(`  ${String(input.bytes).padStart(7)}  ${input.file}`);
    }
  }
  for (const problem of [...overBudget, ...failures]) console.error(problem);
  if (args.check && failures.length === 0)
    console.log(
      `size: within the ceilings (${results.map((r) => `${r.id} ${kB(r.gzip)} of ${kB(r.ceiling)}`).join(', ')})`,
    );
  // Sizes are deterministic: the row's median, min and max are all the gzip size.
  const rows = results.map(({ inputs, id, ...r }) => ({
    name: id,
    ...r,
    median: r.gzip,
    min: r.gzip,
    max: r.gzip,
    ratio: r.vsSocketIo,
    largestInputs: inputs.slice(0, TOP),
  }));
  const targets = results
    .filter((r) => r.budget !== undefined)
    .map((r) => ({
      name: `${r.id} gzip`,
      target: `≤ ${r.budget / 1000} kB gzip`,
      value: r.gzip,
      met: r.gzip <= r.budget,
    }));
  emitResults(
    {
      benchmark: 'size',
      date: today(),
      machine: machine(),
      unit: 'bytes',
      baseline: 'socket.io-client',
      runs: RUNS,
      rows,
      targets,
    },
    { print: args.json, out: args.out },
  );
  process.exit(args.check && failures.length > 0 ? 1 : 0);
}

await main();
