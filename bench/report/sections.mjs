/**
 * The generated Results block of each section of docs/benchmarks.md, from a benchmark's
 * results JSON (bench/support/results.mjs). Each function returns the Markdown that goes
 * between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`; a benchmark without
 * its own layout (a new one) gets {@link genericSection}.
 */
import { auto, bold, bytes, kB, num, percent, ratio, seconds, short, table } from './format.mjs';

const RIGHT = (count) => Array.from({ length: count }, () => '---:');

/** Row label in the docs for each library of throughput / ack-rtt. */
function libraryLabel(row, labels) {
  const label = labels[row.name] ?? row.name;
  return label.replace('{version}', row.version ?? '').trim();
}

function throughput(r) {
  const labels = {
    'ngx-realtime': '**ngx-realtime** (engine)',
    ws: 'raw `ws` + `JSON.parse`',
    'rxjs webSocket': 'rxjs `webSocket`',
    'socket.io-client': 'socket.io-client {version}',
    'reconnecting-websocket': 'reconnecting-websocket {version}',
  };
  const rows = r.rows.map((row) => {
    const engine = row.name === 'ngx-realtime';
    return [
      libraryLabel(row, labels),
      bold(num(row.median), engine),
      `${num(row.min)} – ${num(row.max)}`,
      bold(ratio(row.ratio), engine),
    ];
  });
  return [
    `### Results (medians of ${r.runs} runs, ${num(r.messages)} messages, ${r.channels} channels)`,
    '',
    table(['library', 'msg/s (median)', 'min – max', '× raw `ws`'], ['---', ...RIGHT(3)], rows),
  ].join('\n');
}

function ackRtt(r) {
  const labels = {
    'ngx-realtime': '**ngx-realtime** `sendWithAck`',
    ws: 'raw `ws` request/reply',
    'socket.io-client': 'socket.io-client `emitWithAck`',
  };
  const rows = r.rows.map((row) => {
    const engine = row.name === 'ngx-realtime';
    return [
      libraryLabel(row, labels),
      bold(num(row.median), engine),
      `${num(row.min)} – ${num(row.max)}`,
      bold(ratio(row.ratio), engine),
      num(row.p99),
      `${num(row.p99Min)} – ${num(row.p99Max)}`,
      ratio(row.p99Ratio),
    ];
  });
  const head = ['library', 'p50', 'min – max', '× raw `ws`', 'p99', 'min – max', '× raw `ws`'];
  return [
    `### Results (medians of ${r.runs} runs, ${num(r.requests)} sequential round trips per run, µs)`,
    '',
    table(head, ['---', ...RIGHT(6)], rows),
  ].join('\n');
}

function size(r) {
  const labels = {
    minimal: '**ngx-realtime (a)**: `provideRealtime` + `WebSocketService`',
    everything: '**ngx-realtime (b)**: all services, `withX` features, 6 components',
  };
  const rows = r.rows.map((row) => {
    const library = row.name in labels;
    let budget = '';
    if (row.budget !== undefined) {
      const over = row.gzip - row.budget;
      budget =
        over > 0
          ? `${row.budget / 1000} kB: **missed** (+${(over / 1000).toFixed(1)} kB)`
          : `${row.budget / 1000} kB: met (${(-over / 1000).toFixed(1)} kB to spare)`;
    }
    return [
      labels[row.name] ?? `${row.label}${row.name === r.baseline ? ' (baseline)' : ''}`,
      kB(row.minified),
      bold(kB(row.gzip), library),
      kB(row.brotli),
      row.ratio === undefined ? '' : `${ratio(row.ratio)}×`,
      budget,
    ];
  });
  const head = ['bundle', 'minified', 'gzip', 'brotli', 'gzip vs socket.io-client', 'gzip budget'];
  return table(head, ['---', ...RIGHT(4), '---'], rows);
}

function reconnectStorm(r) {
  const m = r.medians;
  const cell = (figure, format, unit) =>
    `${format(figure.median)}${unit} (${format(figure.min)}–${format(figure.max)}${unit})`;
  // Bold: the rows of the targets, and the tuned schedule where it meets the window target.
  const line = (label, key, format, unit, strong = false, strongSpread = strong) => {
    const ratioText =
      m.fixed[key].median === 0 ? '-' : `${ratio(m.jitter[key].median / m.fixed[key].median)}×`;
    return [
      bold(label, strong),
      bold(cell(m.jitter[key], format, unit), strong),
      cell(m.fixed[key], format, unit),
      ratioText,
      bold(cell(m.spread[key], format, unit), strongSpread),
    ];
  };
  const rows = [
    line('reconnect attempts', 'attempts', (v) => num(v), ''),
    line('busiest 1-s window, share of attempts', 'maxAttemptsWindowShare', percent, ' %'),
    line(
      'busiest 1-s window, share of reconnections',
      'maxBackWindowShare',
      percent,
      ' %',
      true,
      r.spreadWindowShareMet === true,
    ),
    line('median client back after', 'medianBackMs', seconds, ' s'),
    line('last client back after', 'allBackMs', seconds, ' s', true, false),
  ];
  // The third schedule has changed over time: its label comes with the results.
  const label = (name, fallback) => r.rows.find((row) => row.name === name)?.label ?? fallback;
  const head = [
    '',
    label('jitter', 'full jitter (default)'),
    label('fixed', 'fixed 1-2-4-8 s (baseline)'),
    'default ÷ fixed',
    label('spread', 'third schedule'),
  ];
  return [
    `### Results (${num(r.clients)} clients, server down ${seconds(m.jitter.downtimeMs.median)} s, medians of ${r.runs} runs, min–max)`,
    '',
    table(head, ['---', ...RIGHT(4)], rows),
  ].join('\n');
}

function memory(r) {
  const labels = {
    'raw ws socket (baseline)': 'raw `ws` socket (baseline)',
    connection: '**connection** (`RealtimeClient`, connected)',
    subscription: '**subscription** (one channel joined, one listener)',
    'buffered message': `**buffered message** (${r.frameBytes}-byte frame in the outbox)`,
  };
  const rows = r.rows.map((row) => {
    const engine = row.name !== r.baseline;
    const data = bytes(row.median, row);
    let dataCell = `${bold(data.median, engine)} ${data.range}`;
    if (row.name === 'connection') dataCell += `, **${ratio(row.ratio)}× raw \`ws\`**`;
    return [
      labels[row.name] ?? row.name,
      num(row.count),
      dataCell,
      bytes(row.heapUsed),
      bytes(row.external),
    ];
  });
  const head = ['retained per', 'count', 'data (no compiled code)', 'heapUsed', 'external'];
  return [
    `### Results (medians of ${r.runs} runs, min–max)`,
    '',
    table(head, ['---', ...RIGHT(4)], rows),
  ].join('\n');
}

function soak(r) {
  const kib = (value) => `${(value / 1024).toFixed(0)} KiB`;
  const { cycles, subscriptions } = r;
  const rows = [
    [
      `${num(cycles.cycles)} connect → connected → disconnect cycles`,
      `at most ${cycles.maxLiveServer ?? cycles.maxLiveSockets} / ${cycles.maxLiveClient ?? cycles.maxLiveSockets}`,
      cycles.handlesBack === false ? '**not** back to baseline' : 'back to baseline',
      kib(cycles.heapGrowth.data),
      kib(cycles.heapGrowth.total),
    ],
    [
      `${num(subscriptions.cycles)} subscribe → joined → unsubscribe cycles on one socket`,
      `${subscriptions.liveSockets.server} / ${subscriptions.liveSockets.client}`,
      '-',
      kib(subscriptions.heapGrowth.data),
      kib(subscriptions.heapGrowth.total),
    ],
  ];
  const head = [
    'phase',
    'live sockets (server / client)',
    'handles after',
    'retained data growth',
    '`heapUsed` growth',
  ];
  return table(head, ['---', '---', '---', '---', '---'], rows);
}

function serverLoad(r) {
  const n = num(r.connections);
  const facts = [
    [
      `connection setup, all ${n}`,
      `${seconds(r.setupTotalMs)} s (${num(r.setupPerSecond)} connections/s)`,
    ],
    [
      `setup time of one connection (${num(Math.min(200, r.connections))} opening at once)`,
      `p50 ${num(r.setupP50Ms)} ms, p95 ${num(r.setupP95Ms)} ms`,
    ],
    [`server RSS idle / holding ${n}`, `${num(r.baselineRssMb)} MB / ${num(r.heldRssMb)} MB`],
    ['server heap per held connection', `${num(r.heapPerConnectionKb, 1)} KB`],
    [
      'server heap after the load (event logs full)',
      `${num(r.afterLoadHeapMb)} MB (RSS ${num(r.afterLoadRssMb)} MB)`,
    ],
    [
      'connections still open at the end',
      `${num(r.stillOpenMin)} of ${n}${r.stillOpenMin === r.connections ? ' in every run' : ' (fewest in a run)'}`,
    ],
  ];
  const steps = r.rows.map((row) => {
    const strong = row.target === 20_000;
    const cells = [
      num(row.target),
      row.saturated
        ? `${num(row.publishedPerSecond)} (of ${short(row.publishRate)} asked)`
        : short(row.publishedPerSecond),
      `${num(row.median)}${row.saturated ? ' (saturated)' : ''}`,
      `${num(row.latencyP50Ms, 1)} ms`,
      `${num(row.latencyP99Ms, 1)} ms`,
      num(row.lost),
      `${num(row.serverCpu * 100)} %`,
      `${num(row.clientCpu * 100)} %`,
    ];
    return cells.map((cell) => bold(cell, strong));
  });
  const head = [
    'target/s',
    'publishes/s',
    'delivered/s',
    'latency p50',
    'latency p99',
    'lost',
    'server CPU',
    'client CPU',
  ];
  return [
    `### Results (medians of ${r.runs} runs, ${n} connections)`,
    '',
    table(['', ''], ['---', '---'], facts),
    '',
    table(head, RIGHT(8), steps),
  ].join('\n');
}

/** Deliveries per second of three instances over Redis next to one in memory (bench/cluster-load). */
function clusterLoad(r) {
  const { connections, seconds: duration, runs } = r.settings;
  const rows = r.rows.map((row) => [
    row.name,
    num(row.deliveriesPerSecond),
    `${num(row.min)} – ${num(row.max)}`,
    num(row.lost),
  ]);
  return [
    `### Results (${num(connections)} clients, ${duration} s, medians of ${runs} runs)`,
    '',
    table(['set-up', 'deliveries/s (median)', 'min – max', 'lost'], ['---', ...RIGHT(3)], rows),
  ].join('\n');
}

/** Ticks and frames per second in Chromium under a flood (bench/change-detection). */
function changeDetection(r) {
  const { rate, seconds: duration, runs } = r.settings;
  const library = (row) => row.name.startsWith('ngx-');
  const dash = '—';
  const rows = r.rows.map((row) => {
    const ticks = row.name === 'raw-socket' ? null : row;
    const strong = library(row);
    return [
      bold(row.label, strong),
      ticks ? bold(auto(row.ticksPerSecond), strong) : dash,
      ticks ? `${auto(row.min)} – ${auto(row.max)}` : dash,
      short(row.framesPerSecond),
      ticks
        ? `${bold(auto(row.ticksPerFrame), strong)} (${auto(row.ticksPerFrameMin)} – ${auto(row.ticksPerFrameMax)})`
        : dash,
      ticks ? num(row.maxTicksInOneFrame) : dash,
      num(row.scriptMsPerSecond),
      ticks && typeof row.vsBaseline === 'number' ? bold(auto(row.vsBaseline), strong) : dash,
      `${row.correctRuns}/${row.runs}`,
    ];
  });
  const head = [
    'variant',
    'ticks/s (median)',
    'min – max',
    'frames/s',
    'ticks per frame (min – max)',
    'busiest frame (ticks)',
    'script ms/s',
    '× baseline ticks/s',
    'correct',
  ];
  return [
    `### Results (${num(rate)} messages/s for ${duration} s, medians of ${runs} runs)`,
    '',
    table(head, ['---', ...RIGHT(8)], rows),
  ].join('\n');
}

/**
 * A row's main figure: `median`, or else its first numeric field that is not a bound or a
 * count (a benchmark may name its median after what it measures, e.g. `ticksPerSecond`).
 */
export function mainFigure(row) {
  if (typeof row.median === 'number') return { key: 'median', value: row.median };
  const skip = new Set(['min', 'max', 'ratio', 'vsBaseline', 'runs', 'count']);
  const key = Object.keys(row).find((k) => typeof row[k] === 'number' && !skip.has(k));
  return key === undefined ? null : { key, value: row[key] };
}

/** A row's ratio to the baseline: `ratio`, or `vsBaseline`. */
export const rowRatio = (row) =>
  typeof row.ratio === 'number'
    ? row.ratio
    : typeof row.vsBaseline === 'number'
      ? row.vsBaseline
      : null;

/** Any benchmark in the contract's shape: name, median, min – max, ratio when present. */
export function genericSection(r) {
  const rows = r.rows.filter((row) => mainFigure(row) !== null);
  const withRatio = rows.some((row) => rowRatio(row) !== null);
  const key = rows.length > 0 ? mainFigure(rows[0]).key : 'median';
  const unit = r.unit ? ` (${r.unit})` : '';
  const range = (row) =>
    typeof row.min === 'number' && typeof row.max === 'number'
      ? `${auto(row.min)} – ${auto(row.max)}`
      : '';
  const cells = rows.map((row) => [
    row.label ?? row.name,
    auto(mainFigure(row).value),
    range(row),
    ...(withRatio ? [ratio(rowRatio(row))] : []),
  ]);
  const head = [
    '',
    key === 'median' ? `median${unit}` : `${key} (median)`,
    'min – max',
    ...(withRatio ? ['× baseline'] : []),
  ];
  const runs = r.runs ?? r.settings?.runs;
  return [
    `### Results${runs === undefined ? '' : ` (medians of ${runs} runs)`}`,
    '',
    table(head, ['---', ...RIGHT(withRatio ? 3 : 2)], cells),
  ].join('\n');
}

/** The Results block of each benchmark with its own layout. */
export const SECTIONS = {
  throughput,
  'ack-rtt': ackRtt,
  size,
  'reconnect-storm': reconnectStorm,
  memory,
  soak,
  'server-load': serverLoad,
  'change-detection': changeDetection,
  'cluster-load': clusterLoad,
};

/** The Results block of benchmark `name`. */
export function renderSection(name, result) {
  return (SECTIONS[name] ?? genericSection)(result);
}
