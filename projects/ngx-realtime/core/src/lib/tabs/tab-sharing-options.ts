import { RealtimeError } from '../errors/realtime-error';
import { systemClock, type RealtimeClock } from '../core/clock';
import { uuidV4, type IdGenerator } from '../core/message-id';
import type { RealtimeClient } from '../core/realtime-client';
import {
  browserTabPage,
  platformLockManager,
  platformTabChannel,
  type TabChannelFactory,
  type TabLockManager,
  type TabPage,
} from './tab-platform';

/** How the tabs of one user share a connection; only `name` and `createClient` are required. */
export interface TabSharingOptions {
  /**
   * The sharing group: tabs with the same name (in the same origin, as `BroadcastChannel`
   * and Web Locks are per origin) share one connection. {@link tabGroupName} builds one
   * from the endpoint and the user.
   */
  readonly name: string;
  /**
   * Makes the real client when this tab takes the lead. `resumeFrom` is the last sequence
   * number the tabs saw: pass it on (`RealtimeClientOptions.resumeFrom`) so the new
   * connection catches up from there.
   */
  readonly createClient: (resumeFrom: number | undefined) => RealtimeClient;
  /** How often the leader tells the other tabs it is alive (default 500 ms). */
  readonly heartbeatMs?: number;
  /**
   * Silence after which a visible follower takes the lead from a frozen or hung leader
   * (default 1 500 ms). A closed leader is replaced at once, without waiting.
   */
  readonly leaderTimeoutMs?: number;
  /** Web Locks (default `navigator.locks`); `null` elects over the channel instead. */
  readonly locks?: TabLockManager | null;
  /** Opens the tab channel (default: the platform `BroadcastChannel`). */
  readonly channel?: TabChannelFactory;
  /** Visibility and page lifecycle (default: the current document; `null` for none). */
  readonly page?: TabPage | null;
  readonly clock?: RealtimeClock;
  /** Ids of tabs and of messages sent from followers (default UUID v4). */
  readonly ids?: IdGenerator;
}

/** {@link TabSharingOptions} with every default applied. */
export interface ResolvedTabSharing {
  readonly name: string;
  readonly createClient: (resumeFrom: number | undefined) => RealtimeClient;
  readonly heartbeatMs: number;
  readonly leaderTimeoutMs: number;
  /** Tabs silent this long are forgotten by the leader (their channels let go). */
  readonly followerTimeoutMs: number;
  readonly locks: TabLockManager | null;
  readonly channel: TabChannelFactory;
  readonly page: TabPage | null;
  readonly clock: RealtimeClock;
  readonly ids: IdGenerator;
}

/** Hidden followers are throttled to about one timer a minute; keep their channels longer. */
const FOLLOWER_TIMEOUT_MS = 150_000;

function fail(problem: string): never {
  throw new RealtimeError('invalid_config', `Invalid tab sharing configuration: ${problem}`);
}

/**
 * Applies the defaults; `invalid_config` for contradictions, and `unavailable` where the
 * platform has no `BroadcastChannel` and none was given.
 */
export function resolveTabSharing(options: TabSharingOptions): ResolvedTabSharing {
  if (typeof options.name !== 'string' || options.name === '') fail('name must be a string');
  const heartbeatMs = options.heartbeatMs ?? 500;
  const leaderTimeoutMs = options.leaderTimeoutMs ?? 1_500;
  if (!(heartbeatMs > 0)) fail('heartbeatMs must be > 0');
  if (!(leaderTimeoutMs > heartbeatMs)) fail('leaderTimeoutMs must be longer than heartbeatMs');
  const channel = options.channel ?? platformTabChannel();
  if (channel === null) {
    throw new RealtimeError('unavailable', 'Tab sharing needs BroadcastChannel');
  }
  return {
    name: options.name,
    createClient: options.createClient,
    heartbeatMs,
    leaderTimeoutMs,
    followerTimeoutMs: Math.max(FOLLOWER_TIMEOUT_MS, leaderTimeoutMs * 4),
    locks: options.locks === undefined ? platformLockManager() : options.locks,
    channel,
    page: options.page === undefined ? browserTabPage() : options.page,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? uuidV4,
  };
}

/**
 * A group name for tabs of one user on one endpoint: `ngx-realtime:<user>@<url without
 * query>` (a query may carry a token; it never goes into the name).
 */
export function tabGroupName(url: string, userId: string | undefined): string {
  const endpoint = url.split(/[?#]/, 1)[0];
  return `ngx-realtime:${userId ?? ''}@${endpoint}`;
}
