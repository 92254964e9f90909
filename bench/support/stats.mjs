/**
 * Small helpers every benchmark script shares: argument checks and the median the tables
 * report (see bench/support/results.mjs for the JSON they print).
 */

/** `text` as a positive integer, or exits with status 2 naming the `--name` option. */
export function positiveInt(text, name) {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive integer (got ${text})`);
    process.exit(2);
  }
  return value;
}

/** The median of the finite values (a failed run's NaN or Infinity is left out); NaN if none. */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
