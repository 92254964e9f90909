/** A request parameter that failed validation; answered with 400 `INVALID_MESSAGE`. */
export class InvalidParameter extends Error {}

/**
 * A sequence number (`last_poll_id`, `last_sequence`): a non-negative safe integer given as a
 * number or as digits (query strings, and clients that keep cursors as strings). Absent
 * means `fallback`; `fallback` undefined makes it required.
 */
export function sequenceParam(name: string, value: unknown, fallback?: number): number {
  if (value === undefined || value === null || value === '') {
    if (fallback === undefined) throw new InvalidParameter(`${name} is required`);
    return fallback;
  }
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new InvalidParameter(`${name} must be a non-negative integer`);
  }
  return number;
}

/** A duration in seconds (`timeout`): a finite non-negative number; absent means `fallback`. */
export function secondsParam(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(number) || number < 0) {
    throw new InvalidParameter(`${name} must be a non-negative number of seconds`);
  }
  return number;
}

/** An optional string (`epoch`). */
export function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidParameter(`${name} must be a string`);
  return value;
}
