/** ISO 8601 date-time as servers send it (`2024-03-01T12:00:00Z`, fractions, offsets). */
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

const DIGIT_0 = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const PLUS = 0x2b;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;

/** Shortest and longest text of the canonical form (`…:SSZ` to `…:SS.fffffffff+HH:MM`). */
const CANONICAL_MIN_LENGTH = 20;
const CANONICAL_MAX_LENGTH = 35;

/**
 * True for an ISO 8601 date-time string that also names a real instant.
 *
 * Every inbound frame carries a timestamp, and `Date.parse` was the largest cost of
 * validating one (bench/throughput). So the canonical form servers send
 * (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, every field in range) is recognised by
 * character checks alone; any other text (a space for `T`, no seconds, `+HHMM`, hour 24,
 * an impossible field) takes the original check, a pattern plus `Date.parse`. The fast path
 * only ever says yes to text that check accepts too, so the outcome is the same.
 */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return (
    isCanonicalInstant(value) || (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)))
  );
}

/** `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` with a real date and time of day. */
function isCanonicalInstant(text: string): boolean {
  const length = text.length;
  if (length < CANONICAL_MIN_LENGTH || length > CANONICAL_MAX_LENGTH) return false;
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  ) {
    return false;
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  if (century < 0 || yearOfCentury < 0) return false;
  const month = twoDigits(text, 5);
  if (month < 1 || month > 12) return false;
  const day = twoDigits(text, 8);
  if (day < 1 || day > daysInMonth(century * 100 + yearOfCentury, month)) return false;
  if (!inRange(twoDigits(text, 11), 23) || !inRange(twoDigits(text, 14), 59)) return false;
  if (!inRange(twoDigits(text, 17), 59)) return false;
  let at = 19;
  if (text.charCodeAt(at) === DOT) {
    const start = ++at;
    while (isDigit(text.charCodeAt(at))) at++;
    if (at === start || at - start > 9) return false;
  }
  const zone = text.charCodeAt(at);
  if (zone === LETTER_Z) return at + 1 === length;
  if (zone !== PLUS && zone !== DASH) return false;
  return (
    at + 6 === length &&
    text.charCodeAt(at + 3) === COLON &&
    inRange(twoDigits(text, at + 1), 23) &&
    inRange(twoDigits(text, at + 4), 59)
  );
}

/** The two-digit number at `at`, or -1 when either character is not an ASCII digit. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at);
  const ones = text.charCodeAt(at + 1);
  return isDigit(tens) && isDigit(ones) ? (tens - DIGIT_0) * 10 + (ones - DIGIT_0) : -1;
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

function inRange(value: number, max: number): boolean {
  return value >= 0 && value <= max;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
