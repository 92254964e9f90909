import { InjectionToken } from '@angular/core';
import { RealtimeError } from 'ngx-realtime/core';

/**
 * Where presence events are listened to:
 * - `global`: the one `presence` channel, which carries every user's changes (one join,
 *   events about users nobody tracks are ignored);
 * - `per-user`: `presence:{userId}` for each tracked user (one join per user, only the
 *   events asked for).
 */
export type PresenceChannelMode = 'global' | 'per-user';

/** Options of `withPresence()`. Every field is optional. */
export interface PresenceOptions {
  /**
   * Report this device as away after the tab stayed hidden this long (milliseconds); online
   * again as soon as it is visible. Default 120 000 (2 minutes); `null` never goes away
   * automatically.
   */
  readonly awayAfterHiddenMs?: number | null;
  /**
   * Start with "hide my status" on: nothing about this device's activity is sent (see
   * `PresenceRealtime.setStatusHidden`). Default `false`.
   */
  readonly hideStatus?: boolean;
  /** Where presence events come from. Default `'global'`. */
  readonly channels?: PresenceChannelMode;
  /**
   * Most users tracked at once; tracking one more forgets the least recently tracked (its
   * signal keeps its last value and gets no more updates). Default 1 000.
   */
  readonly maxTrackedUsers?: number;
  /** Most user ids asked for in one `get_presence` frame. Default 100 (the server allows 500). */
  readonly seedBatchSize?: number;
  /** Ack timeout of `get_presence` (default: the connection's `ackTimeoutMs`). */
  readonly seedTimeoutMs?: number;
}

/** `PresenceOptions` with every default filled in. */
export interface PresenceSettings {
  readonly awayAfterHiddenMs: number | null;
  readonly hideStatus: boolean;
  readonly channels: PresenceChannelMode;
  readonly maxTrackedUsers: number;
  readonly seedBatchSize: number;
  readonly seedTimeoutMs: number | undefined;
}

/** The defaults of `withPresence()`. */
export const DEFAULT_PRESENCE_OPTIONS: PresenceSettings = {
  awayAfterHiddenMs: 120_000,
  hideStatus: false,
  channels: 'global',
  maxTrackedUsers: 1_000,
  seedBatchSize: 100,
  seedTimeoutMs: undefined,
};

/** The resolved options of the presence feature (provided by `withPresence()`). */
export const PRESENCE_OPTIONS = new InjectionToken<PresenceSettings>(
  'ngx-realtime PRESENCE_OPTIONS',
);

/** The reference server refuses more ids in one `get_presence` frame. */
const MAX_SEED_BATCH = 500;

/**
 * Fills in the defaults and checks the numbers.
 * @throws RealtimeError `invalid_config` for a value that could never work.
 */
export function resolvePresenceOptions(options: PresenceOptions = {}): PresenceSettings {
  const settings: PresenceSettings = {
    ...DEFAULT_PRESENCE_OPTIONS,
    ...definedOnly(options),
  };
  const away = settings.awayAfterHiddenMs;
  if (away !== null && !(Number.isFinite(away) && away >= 0)) {
    invalid('awayAfterHiddenMs must be a number of milliseconds >= 0, or null');
  }
  if (!(Number.isInteger(settings.maxTrackedUsers) && settings.maxTrackedUsers >= 1)) {
    invalid('maxTrackedUsers must be an integer >= 1');
  }
  const batch = settings.seedBatchSize;
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= MAX_SEED_BATCH)) {
    invalid(`seedBatchSize must be an integer from 1 to ${MAX_SEED_BATCH}`);
  }
  if (settings.channels !== 'global' && settings.channels !== 'per-user') {
    invalid("channels must be 'global' or 'per-user'");
  }
  const timeout = settings.seedTimeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    invalid('seedTimeoutMs must be a positive number of milliseconds');
  }
  return settings;
}

/** Drops `undefined` fields, so `{ channels: undefined }` keeps the default. */
function definedOnly(options: PresenceOptions): Partial<PresenceSettings> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<PresenceSettings>;
}

function invalid(message: string): never {
  throw new RealtimeError('invalid_config', `withPresence: ${message}`);
}
