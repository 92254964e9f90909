import { isJsonObject } from './http-util';

/** A control request that fails validation; answered with 400 and the message. */
export class BadControlInput extends Error {}

/** Longest user id, channel or event type the control API accepts. */
const MAX_NAME_LENGTH = 256;

/**
 * Typed readers over a control request's fields (JSON body or query string). Each throws
 * {@link BadControlInput} naming the field, so every route validates the same way.
 */
export class ControlInput {
  constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  /** A non-empty string of at most 256 characters. */
  name(key: string): string {
    const value = this.fields[key];
    if (typeof value !== 'string' || value === '' || value.length > MAX_NAME_LENGTH) {
      throw new BadControlInput(
        `${key} must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`,
      );
    }
    return value;
  }

  optionalName(key: string): string | undefined {
    return this.fields[key] === undefined ? undefined : this.name(key);
  }

  optionalString(key: string): string | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new BadControlInput(`${key} must be a string`);
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw new BadControlInput(`${key} must be true or false`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.optionalBoolean(key);
    if (value === undefined) throw new BadControlInput(`${key} is required (true or false)`);
    return value;
  }

  /** An integer in `[min, max]` (digits accepted, for query strings); absent means `fallback`. */
  integer(key: string, min: number, max: number, fallback?: number): number {
    const raw = this.fields[key];
    if (raw === undefined && fallback !== undefined) return fallback;
    const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new BadControlInput(`${key} must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  /** A JSON object; absent means `{}`. */
  object(key: string): Record<string, unknown> {
    const value = this.fields[key] ?? {};
    if (!isJsonObject(value)) throw new BadControlInput(`${key} must be a JSON object`);
    return value;
  }

  /** One of `choices`. */
  oneOf<T extends string>(key: string, choices: readonly T[]): T {
    const value = this.fields[key];
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined)
      throw new BadControlInput(`${key} must be one of ${choices.join(', ')}`);
    return choice;
  }

  /** A list of names (user ids); absent is an error. */
  names(key: string): string[] {
    const value = this.fields[key];
    const valid = (item: unknown): item is string =>
      typeof item === 'string' && item !== '' && item.length <= MAX_NAME_LENGTH;
    if (!Array.isArray(value) || !value.every(valid)) {
      throw new BadControlInput(`${key} must be a list of non-empty strings`);
    }
    return value;
  }

  /** The raw value, for fields with a shape of their own. */
  raw(key: string): unknown {
    return this.fields[key];
  }
}
