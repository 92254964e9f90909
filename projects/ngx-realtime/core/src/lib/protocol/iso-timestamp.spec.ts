import fc from 'fast-check';
import { isIsoTimestamp } from './iso-timestamp';

/** The check as it was before the fast path: the pattern plus `Date.parse`. */
const PATTERN =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
function reference(value: string): boolean {
  return PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}

/** A two-digit field, mostly around its valid range `0..max`, sometimes not digits at all. */
const field = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: max + 2 }).map((n) => pad(n, 2)) },
    { weight: 1, arbitrary: fc.constantFrom('9x', ' 1', '+1', '1', '123', '٣٣') },
  );
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Timestamp-shaped text: mostly the canonical form, with fields out of range and odd shapes. */
const timestampLike = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)),
      fc.constant('+02024'),
    ),
    month: field(12),
    day: field(31),
    sep: fc.constantFrom('T', 'T', 'T', ' ', 't'),
    hour: field(24),
    minute: field(59),
    second: fc.option(field(59), { freq: 8 }),
    fraction: fc.option(fc.integer({ min: 0, max: 11 }), { freq: 2 }),
    zone: fc.constantFrom('Z', 'Z', '+', '-', 'z', ''),
    offsetHour: field(23),
    offsetColon: fc.constantFrom(':', ':', ':', '', '.'),
    offsetMinute: field(59),
  })
  .map((t) => {
    const time = `${t.hour}:${t.minute}${t.second === null ? '' : `:${t.second}`}`;
    const fraction = t.second === null || t.fraction === null ? '' : `.${'7'.repeat(t.fraction)}`;
    const offset =
      t.zone === '+' || t.zone === '-'
        ? `${t.zone}${t.offsetHour}${t.offsetColon}${t.offsetMinute}`
        : t.zone;
    return `${t.year}-${t.month}-${t.day}${t.sep}${time}${fraction}${offset}`;
  });

describe('isIsoTimestamp', () => {
  it.each([
    '2024-02-29T23:59:59Z',
    '2023-02-30T00:00:00Z',
    '2024-04-31T00:00:00.5+01:00',
    '2024-03-01T24:00:00Z',
    '2024-03-01T24:00:00.001Z',
    '2024-03-01T12:00:00+24:00',
    '2024-03-01T12:00:00.Z',
    '2024-03-01T12:00:00.1234567890Z',
    '2024-03-01T12:00:60Z',
    '0000-01-01T00:00:00-23:59',
    '9999-12-31T23:59:59.999999999+00:00',
  ])('decides %s as Date.parse with the pattern does', (value) => {
    expect(isIsoTimestamp(value)).toBe(reference(value));
  });

  it('agrees with the pattern plus Date.parse on timestamp-shaped text', () => {
    fc.assert(
      fc.property(timestampLike, (value) => isIsoTimestamp(value) === reference(value)),
      { numRuns: 5000 },
    );
  });

  it('agrees with the pattern plus Date.parse on any short text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        (value) => isIsoTimestamp(value) === reference(value),
      ),
    );
  });
});
