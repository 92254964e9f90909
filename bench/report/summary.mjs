/**
 * The summary table at the top of docs/benchmarks.md: one row per benchmark with its command,
 * its target and the verdict. A benchmark without results keeps the row the page already has.
 */
import { bytes, num, percent, ratio, table } from './format.mjs';

/** `met` when every target is met, `**missed**` otherwise. */
const verdict = (targets) => (targets.every((t) => t.met) ? 'met' : '**missed**');
const find = (r, name) => r.rows.find((row) => row.name === name);
const kib = (value) => `${(value / 1024).toFixed(0)} KiB`;

/** Label, command, target text and result text of each benchmark with its own wording. */
const ROWS = {
  throughput: {
    label: 'inbound throughput',
    command: '`npm run bench:throughput`',
    target: '≥ 0.90× raw `ws`, ≥ 1.4× socket.io-client',
    result: (r) => {
      const [vsWs, vsSocketIo] = ['ngx-realtime vs raw ws', 'ngx-realtime vs socket.io-client'].map(
        (name) => r.targets.find((t) => t.name === name),
      );
      const parts = [
        vsWs && `${ratio(vsWs.value)}× raw \`ws\``,
        vsSocketIo && `${ratio(vsSocketIo.value)}× socket.io-client`,
      ].filter(Boolean);
      return `${verdict(r.targets)}: ${parts.join(', ')}`;
    },
  },
  'ack-rtt': {
    label: 'ack round trip',
    command: '`npm run bench:ack`',
    target: 'p50 ≤ 1.1× raw `ws`',
    result: (r) =>
      `${verdict(r.targets)}: ${r.targets.map((t) => `${ratio(t.value)}×`).join(', ')}`,
  },
  size: {
    label: 'bundle size',
    command: '`npm run bench:size`',
    target: '(a) ≤ 6 kB gzip, (b) ≤ 12 kB gzip',
    result: (r) => {
      const parts = [
        ['(a)', find(r, 'minimal')],
        ['(b)', find(r, 'everything')],
      ]
        .filter(([, row]) => row !== undefined)
        .map(([tag, row]) => `${tag} ${(row.gzip / 1000).toFixed(1)} kB`);
      return `${verdict(r.targets)}: ${parts.join(', ')}`;
    },
  },
  'reconnect-storm': {
    label: 'reconnect storm',
    command: '`npm run bench:storm`',
    target: 'no 1-s window > 10 % of reconnects; all back within the cap',
    result: (r) => {
      const [window, cap] = r.targets;
      const { median, max } = r.medians.jitter.maxBackWindowShare;
      const shares = `busiest second ${percent(median)} % (median), ${percent(max)} % (worst run)`;
      return `${window.met ? 'met' : '**missed**'} with the default policy: ${shares}; cap ${cap.met ? 'met' : '**missed**'}`;
    },
  },
  memory: {
    label: 'memory',
    command: '`npm run bench:memory`',
    target: '(figures)',
    result: (r) => {
      const connection = find(r, 'connection');
      const subscription = find(r, 'subscription');
      const message = find(r, 'buffered message');
      return [
        connection &&
          `${bytes(connection.median)} per connection (${ratio(connection.ratio)}× a raw socket)`,
        subscription && `${(subscription.median / 1000).toFixed(1)} KB per subscription`,
        message && `${(message.median / 1000).toFixed(2)} KB per queued message`,
      ]
        .filter(Boolean)
        .join(', ');
    },
  },
  'server-load': {
    label: 'reference server load',
    command: '`npm run bench:server`',
    target: '2,000 connections, 20,000 deliveries/s',
    result: (r) =>
      r.targets.every((t) => t.met)
        ? 'met'
        : `**missed**: ${r.targets.map((t) => `${t.name} ${Math.round(t.value).toLocaleString('en-US')}${t.met ? '' : ' (missed)'}`).join(', ')}`,
  },
  'cluster-load': {
    label: 'cluster load (3 instances + Redis)',
    command: '`node bench/cluster-load/run.mjs`',
    target: '0 lost (issue 9: a figure, no rate target)',
    result: (r) => {
      const [single, cluster] = r.rows;
      const lost = r.rows.reduce((sum, row) => sum + row.lost, 0);
      return `${num(cluster.deliveriesPerSecond)} deliveries/s (one instance in memory: ${num(single.deliveriesPerSecond)}); ${num(lost)} lost`;
    },
  },
  'change-detection': {
    label: 'change detection (Chromium)',
    command: '`npm run bench:cd`',
    target: 'at most one application tick per animation frame',
    result: (r) => {
      const perFrame = r.targets.filter((t) => typeof t.value === 'number');
      const others = r.targets.filter((t) => typeof t.value !== 'number' && !t.met);
      const values = perFrame.map((t) => `${t.name.split(':')[0]} ${ratio(t.value)}`);
      const text = values.length > 0 ? `ticks per frame at most ${values.join(', ')}` : '';
      const missed = others.map((t) => `${t.name}: ${t.value}`);
      return `${verdict(r.targets)}: ${[text, ...missed].filter(Boolean).join('; ')}`;
    },
  },
  soak: {
    label: 'memory soak',
    command: '`npm run soak`',
    target: 'retained growth < 2 MB per phase',
    result: (r) =>
      `${verdict(r.targets)}: ${kib(r.cycles.heapGrowth.data)} (connect cycles), ${kib(r.subscriptions.heapGrowth.data)} (subscribe cycles)`,
  },
};

/** A benchmark without its own wording: its targets as they are in the JSON. */
function genericRow(name, r) {
  const value = (t) => (typeof t.value === 'number' ? ratio(t.value) : String(t.value));
  return {
    label: name.replace(/-/g, ' '),
    command: `\`node bench/${name}/run.mjs\``,
    target: r.targets.length === 0 ? '(figures)' : r.targets.map((t) => t.target).join('; '),
    result:
      r.targets.length === 0
        ? `${r.rows.length} rows`
        : `${verdict(r.targets)}: ${r.targets.map((t) => `${t.name} ${value(t)}`).join(', ')}`,
  };
}

/** The cells of the existing table's rows, keyed by their first cell (the label). */
function parseRows(region) {
  return (region ?? '')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[-:| ]+\|$/.test(line))
    .slice(1)
    .map((line) => ({ label: line.split('|')[1].trim(), line }));
}

/**
 * The summary table from `results` (name → JSON), merged into the `previous` region's rows:
 * rows keep their order, benchmarks without results keep their row as it was, and new
 * benchmarks are appended. Returns null when there is nothing to render.
 */
export function renderSummary(results, previous) {
  const names = Object.keys(results);
  if (names.length === 0) return null;
  const date = names.map((name) => results[name].date).sort()[names.length - 1];
  const generated = new Map(
    names.map((name) => {
      const r = results[name];
      const spec = ROWS[name];
      const row = spec ? { ...spec, result: spec.result(r) } : genericRow(name, r);
      const when = r.date === date ? '' : ` (measured ${r.date})`;
      return [
        row.label,
        `| ${row.label} | ${row.command} | ${row.target} | ${row.result}${when} |`,
      ];
    }),
  );
  const lines = parseRows(previous).map(({ label, line }) => {
    const fresh = generated.get(label);
    generated.delete(label);
    return fresh ?? line;
  });
  lines.push(...generated.values());
  const head = table(
    ['benchmark', 'command', 'target', `result (${date})`],
    Array(4).fill('---'),
    [],
  );
  return [head, ...lines].join('\n');
}
