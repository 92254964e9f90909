/**
 * docs/images/benchmarks.svg: one small panel of horizontal bars per benchmark, ngx-realtime
 * highlighted, the baseline (1.00×) as a grey line where the bars are ratios and each target
 * as a dashed red mark on its bar. Hand-built SVG text, no dependency; the same results give
 * the same bytes (no dates, no random ids, fixed number formatting).
 */
import { auto, num, ratio } from './format.mjs';
import { mainFigure, rowRatio } from './sections.mjs';

const WIDTH = 760;
const LABEL_RIGHT = 250;
const BAR_LEFT = 260;
const BAR_WIDTH = 400;
const ROW = 22;
const TITLE = 26;
const GAP = 14;
const COLORS = { engine: '#1f6feb', other: '#8b949e', target: '#cf222e', base: '#57606a' };

const times = (value) => `${ratio(value)}×`;
const kib = (value) => `${(value / 1024).toFixed(1)} KiB`;

/** The bars of each benchmark: `{ title, bars: [{ label, value, text, engine, target }], base }`. */
const PANELS = {
  throughput: (r) => ({
    title: 'Inbound throughput, × raw ws (higher is better)',
    base: 1,
    bars: r.rows.map((row) => ({
      label: row.name,
      value: row.ratio,
      text: times(row.ratio),
      engine: row.name === 'ngx-realtime',
      target: row.name === 'ngx-realtime' ? 0.9 : undefined,
    })),
  }),
  'ack-rtt': (r) => ({
    title: 'Ack round trip p50, × raw ws (lower is better)',
    base: 1,
    bars: r.rows.map((row) => ({
      label: row.name,
      value: row.ratio,
      text: times(row.ratio),
      engine: row.name === 'ngx-realtime',
      target: row.name === 'ngx-realtime' ? 1.1 : undefined,
    })),
  }),
  size: (r) => ({
    title: 'Bundle size, kB gzip (lower is better; targets: budgets)',
    bars: r.rows.map((row) => ({
      label: row.label.replace(/:.*/, ''),
      value: row.gzip / 1000,
      text: `${(row.gzip / 1000).toFixed(1)} kB`,
      engine: row.budget !== undefined,
      target: row.budget === undefined ? undefined : row.budget / 1000,
    })),
  }),
  'reconnect-storm': (r) => ({
    title: 'Reconnect storm: busiest 1-s window, % of reconnections (lower is better)',
    bars: r.rows.map((row) => ({
      label: row.label ?? row.name,
      value: row.median * 100,
      text: `${(row.median * 100).toFixed(1)} %`,
      // Every schedule is the engine: the default policy is the one in blue.
      engine: row.name === 'jitter',
      target: row.name === 'jitter' ? 10 : undefined,
    })),
  }),
  memory: (r) => ({
    title: 'Memory retained per unit, KiB (no target)',
    bars: r.rows.map((row) => ({
      label: row.name,
      value: row.median / 1024,
      text:
        row.name === 'connection' ? `${kib(row.median)} (${times(row.ratio)})` : kib(row.median),
      engine: row.name !== r.baseline,
    })),
  }),
  'server-load': (r) => ({
    title: 'Reference server: deliveries/s at each offered rate (target: the offered rate)',
    bars: r.rows.map((row) => ({
      label: `${num(row.target)}/s offered`,
      value: row.median,
      text: `${num(row.median)}/s`,
      engine: true,
      target: row.target,
    })),
  }),
  soak: (r) => ({
    title: 'Soak: retained growth per phase, KiB (target: under 2 MB)',
    bars: r.rows.map((row) => ({
      label: `${num(row.count)} ${row.name}`,
      value: row.median / 1024,
      text: kib(row.median),
      engine: true,
      target: 2048,
    })),
  }),
};

/** A benchmark without its own panel: ratios when the rows have them, else medians. */
function genericPanel(name, r) {
  const rows = r.rows.filter((row) => mainFigure(row) !== null);
  const useRatio = rows.length > 0 && rows.every((row) => rowRatio(row) !== null);
  return {
    title: `${name}${useRatio ? ', × baseline' : r.unit ? `, ${r.unit}` : ''}`,
    base: useRatio ? 1 : undefined,
    bars: rows.map((row) => {
      const value = useRatio ? rowRatio(row) : mainFigure(row).value;
      return {
        label: row.label ?? row.name,
        value,
        text: useRatio ? times(value) : auto(value),
        engine: /ngx/.test(row.name),
      };
    }),
  };
}

const escape = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
const px = (value) => (Math.round(value * 10) / 10).toString();

function drawPanel(panel, top) {
  const values = panel.bars.flatMap((bar) => [bar.value, bar.target ?? 0]);
  const scale = Math.max(...values, panel.base ?? 0, 1e-9) * 1.05;
  const x = (value) => BAR_LEFT + (Math.max(0, value) / scale) * BAR_WIDTH;
  const out = [`<text x="10" y="${px(top + 17)}" class="title">${escape(panel.title)}</text>`];
  // The baseline first, so bars and their figures are drawn over it.
  if (panel.base !== undefined) {
    const bottom = top + TITLE + panel.bars.length * ROW;
    out.push(
      `<line x1="${px(x(panel.base))}" y1="${px(top + TITLE - 2)}" x2="${px(x(panel.base))}" y2="${px(bottom)}" stroke="${COLORS.base}" stroke-width="1"/>`,
    );
  }
  panel.bars.forEach((bar, index) => {
    const y = top + TITLE + index * ROW;
    out.push(
      `<text x="${LABEL_RIGHT}" y="${px(y + 14)}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${BAR_LEFT}" y="${px(y + 3)}" width="${px(x(bar.value) - BAR_LEFT)}" height="14" fill="${bar.engine ? COLORS.engine : COLORS.other}"/>`,
      `<text x="${px(x(bar.value) + 6)}" y="${px(y + 14)}">${escape(bar.text)}</text>`,
    );
    if (bar.target !== undefined) {
      out.push(
        `<line x1="${px(x(bar.target))}" y1="${px(y)}" x2="${px(x(bar.target))}" y2="${px(y + ROW)}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="3 2"/>`,
      );
    }
  });
  return { svg: out, height: TITLE + panel.bars.length * ROW + GAP };
}

/** The SVG chart of `results` (name → JSON), in the order given; null when there is none. */
export function renderChart(results) {
  const panels = Object.entries(results)
    .map(([name, r]) => (PANELS[name] ?? ((x) => genericPanel(name, x)))(r))
    .filter((panel) => panel.bars.length > 0 && panel.bars.every((b) => Number.isFinite(b.value)));
  if (panels.length === 0) return null;
  const legend = 34;
  let top = legend;
  const body = [];
  for (const panel of panels) {
    const { svg, height } = drawPanel(panel, top);
    body.push(...svg);
    top += height;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top}" viewBox="0 0 ${WIDTH} ${top}" role="img" aria-label="ngx-realtime benchmarks against their baselines">`,
    '<style>text{font:12px sans-serif;fill:#24292f}.title{font-weight:bold;font-size:13px}</style>',
    `<rect width="${WIDTH}" height="${top}" fill="#ffffff"/>`,
    `<rect x="10" y="10" width="12" height="12" fill="${COLORS.engine}"/><text x="28" y="20">ngx-realtime</text>`,
    `<rect x="130" y="10" width="12" height="12" fill="${COLORS.other}"/><text x="148" y="20">baseline and alternatives</text>`,
    `<line x1="330" y1="16" x2="350" y2="16" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="3 2"/><text x="356" y="20">target</text>`,
    `<line x1="420" y1="10" x2="420" y2="22" stroke="${COLORS.base}"/><text x="426" y="20">baseline (1.00×)</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
