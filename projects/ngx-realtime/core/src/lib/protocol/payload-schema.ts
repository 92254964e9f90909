import { isIsoTimestamp } from './iso-timestamp';
import { isJsonObject } from './safe-json';

// Re-exported: validators and codecs have always imported it from here.
export { isIsoTimestamp };

/**
 * Checks one payload; returns `null` when it is acceptable, otherwise a short, human-readable
 * reason (no payload values are echoed, so secrets cannot leak into error messages).
 */
export type PayloadValidator = (payload: Readonly<Record<string, unknown>>) => string | null;

/** Field kinds a {@link payloadSchema} understands; a trailing `?` makes the field optional. */
export type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'timestamp'
  | 'string[]'
  | 'id'
  | `${'string' | 'number' | 'boolean' | 'object' | 'timestamp' | 'string[]' | 'id'}?`;

function matches(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'id':
      return typeof value === 'string' && value.length > 0;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isJsonObject(value);
    case 'timestamp':
      return isIsoTimestamp(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return false;
  }
}

/**
 * Builds a validator from a field table. Unknown extra fields are allowed (servers add
 * fields over time); listed fields must have the listed kind.
 *
 * @example
 * const isPollVote = payloadSchema({ poll_id: 'id', option: 'number', note: 'string?' });
 */
/* @__NO_SIDE_EFFECTS__ */
export function payloadSchema(fields: Readonly<Record<string, FieldKind>>): PayloadValidator {
  const entries = Object.entries(fields).map(([name, kind]) => {
    const optional = kind.endsWith('?');
    return { name, optional, kind: optional ? kind.slice(0, -1) : kind };
  });
  return (payload) => {
    for (const { name, optional, kind } of entries) {
      const value = payload[name];
      if (value === undefined || value === null) {
        if (optional) continue;
        return `payload.${name} is required`;
      }
      if (!matches(kind, value)) return `payload.${name} must be ${kind}`;
    }
    return null;
  };
}

/** Accepts `one of` the listed string values for `field`. */
/* @__NO_SIDE_EFFECTS__ */
export function oneOf(field: string, allowed: readonly string[]): PayloadValidator {
  return (payload) => {
    const value = payload[field];
    return typeof value === 'string' && allowed.includes(value)
      ? null
      : `payload.${field} must be one of ${allowed.join(', ')}`;
  };
}

/** Runs validators in order and returns the first complaint. */
/* @__NO_SIDE_EFFECTS__ */
export function allOf(...validators: readonly PayloadValidator[]): PayloadValidator {
  return (payload) => {
    for (const validate of validators) {
      const problem = validate(payload);
      if (problem !== null) return problem;
    }
    return null;
  };
}
