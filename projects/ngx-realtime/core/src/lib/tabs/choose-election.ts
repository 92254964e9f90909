import { ChannelElection } from './channel-election';
import { LockElection, type ElectionEvents, type LeaderElection } from './lock-election';
import type { ResolvedTabSharing } from './tab-sharing-options';

/**
 * The election a tab runs: Web Locks where the platform has them (a crashed leader's lock
 * is released by the browser), else the weaker election over a second channel of the group
 * (`<name>/election`), with the tabs' own heartbeat timing.
 */
export function chooseElection(
  options: ResolvedTabSharing,
  tabId: string,
  events: ElectionEvents,
): LeaderElection {
  const { name, locks, clock, heartbeatMs, leaderTimeoutMs } = options;
  if (locks !== null) return new LockElection(locks, name, events);
  return new ChannelElection(
    options.channel(`${name}/election`),
    tabId,
    clock,
    { heartbeatMs, leaderTimeoutMs, claimMs: Math.min(250, heartbeatMs) },
    events,
  );
}
