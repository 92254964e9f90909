/**
 * Number formatting of docs/benchmarks.md, shared by the tables, the summary and the chart,
 * so a figure reads the same everywhere (thousands separators, fixed decimals).
 */

/** `1234.5` → `1,235` (or with `digits` fixed decimals). */
export function num(value, digits = 0) {
  // -0 would print as "-0" after rounding a tiny negative growth.
  const rounded = Number(value.toFixed(digits)) || 0;
  return rounded.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** At most `digits` decimals, trailing zeros dropped: `2.6`, `5`, `10`. */
export function short(value, digits = 1) {
  return (Number(value.toFixed(digits)) || 0).toLocaleString('en-US', {
    maximumFractionDigits: digits,
  });
}

/** A figure of unknown scale with about three significant digits: `0.81`, `12.3`, `1,234`. */
export function auto(value) {
  const size = Math.abs(value);
  return num(value, size < 10 ? 2 : size < 100 ? 1 : 0);
}

/** A ratio as in the tables: `0.62`. */
export const ratio = (value) => (value === null || value === undefined ? '' : value.toFixed(2));

/** Bytes in kB (1 kB = 1,000 bytes), two decimals: `15.93 kB`. */
export const kB = (bytes, digits = 2) => `${(bytes / 1000).toFixed(digits)} kB`;

/** A share as a percentage with one decimal, a full share as `100`: `45.9`, `100`. */
export const percent = (share) => (share === 1 ? '100' : (share * 100).toFixed(1));

/** Milliseconds as seconds with one decimal: `3.0`. */
export const seconds = (ms) => (ms / 1000).toFixed(1);

/**
 * Retained bytes: KiB with one decimal from 2 KiB up, whole bytes below; a range is printed
 * in the unit of its median: `11.3 KiB (11.3–11.4 KiB)`, `658 B (657–658 B)`.
 */
export function bytes(value, range) {
  const kib = Math.abs(value) >= 2048;
  const one = (v) => (kib ? (v / 1024).toFixed(1) : num(v));
  const unit = kib ? 'KiB' : 'B';
  if (range === undefined) return `${one(value)} ${unit}`;
  return {
    median: `${one(value)} ${unit}`,
    range: `(${one(range.min)}–${one(range.max)} ${unit})`,
  };
}

/** `**text**` when `strong`, else the text. */
export const bold = (text, strong = true) => (strong && text !== '' ? `**${text}**` : text);

/** One Markdown table from a header row, an alignment row and cell rows. */
export function table(head, align, rows) {
  const line = (cells) => `|${cells.map((cell) => (cell === '' ? ' ' : ` ${cell} `)).join('|')}|`;
  return [line(head), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}
