/** Keys that could reach `Object.prototype` if parsed data were ever merged into an object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Any frame that could spell a forbidden key, directly or through a `\u` escape. Frames
 * without a match (nearly all of them) take the fast path: a plain `JSON.parse`.
 */
const SUSPICIOUS = /__proto__|constructor|prototype|\\u/;

function dropForbiddenKeys(this: unknown, key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

/**
 * Parses JSON text and drops every `__proto__`, `constructor` and `prototype` key at any
 * depth, so parsed data can never be used to change `Object.prototype`.
 *
 * Throws the `SyntaxError` of `JSON.parse` for invalid text.
 */
export function parseJsonSafely(text: string): unknown {
  return SUSPICIOUS.test(text) ? JSON.parse(text, dropForbiddenKeys) : JSON.parse(text);
}

/**
 * A copy of already parsed JSON data (a `response.json()` body, say) without any
 * `__proto__`, `constructor` or `prototype` key at any depth: the same guarantee as
 * {@link parseJsonSafely} for data this library did not parse itself.
 */
export function withoutForbiddenKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutForbiddenKeys);
  if (!isJsonObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN_KEYS.has(key)) copy[key] = withoutForbiddenKeys(value[key]);
  }
  return copy;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
