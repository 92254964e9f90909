import type { RealtimeError } from '../errors/realtime-error';
import { ConnectionStatus } from '../core/connection-status';
import { INITIAL_STATS, type RealtimeStats, type RecoveryEvent } from '../core/stats';
import type { RealtimeMessage } from '../protocol/message';
import { fromTabError } from './tab-message-reader';
import type { FollowerMessage, LeaderMessage, TabRequest } from './tab-messages';
import { TabRequests, type PendingRequest, type RequestSink } from './tab-requests';

/** What the follower role needs from the tab it runs in. */
export interface FollowerHost {
  readonly tabId: string;
  /** Whether the group wants the connection open. */
  isWanted(): boolean;
  setWanted(wanted: boolean): void;
  post(message: FollowerMessage): void;
  /** An event for this tab's own listeners (deduplicated by the host). */
  deliver(message: RealtimeMessage): void;
  status(status: ConnectionStatus): void;
  error(error: RealtimeError): void;
  recovery(event: RecoveryEvent): void;
  /** A channel ended for every tab (refused by the server). */
  ended(channel: string, error?: RealtimeError): void;
  changed(): void;
  /** The channels this tab's app listens to. */
  channels(): string[];
  now(): number;
}

/**
 * The role of a tab that does not hold the connection: it mirrors the leader's state and
 * sequence position, delivers the events the leader relays, sends this tab's requests to the
 * leader (again to the next one when the leader changes before taking them), and notices a
 * leader gone silent. It lives as long as the tab: while the tab leads it rests, and it keeps
 * the position the next leader resumes from.
 */
export class TabFollower {
  private readonly requests = new TabRequests();
  /** The tab leading now (this one included); null while none is known. */
  private leaderId: string | null = null;
  private lastLeaderAt: number;
  private mirrored: RealtimeStats = INITIAL_STATS;
  private position: number | null = null;

  constructor(
    private readonly host: FollowerHost,
    private readonly leaderTimeoutMs: number,
  ) {
    this.lastLeaderAt = host.now();
  }

  /** The leader's stats as last announced (or as this tab's client left them). */
  get stats(): RealtimeStats {
    return this.mirrored;
  }

  /** The last sequence number the tabs saw: where the next leader's client resumes. */
  get resumeFrom(): number | undefined {
    return this.position ?? undefined;
  }

  /** True while a leader is known (this tab, or another that spoke within the timeout). */
  get hasLeader(): boolean {
    return this.leaderId !== null;
  }

  /** Starts counting the leader's silence from now (the tab joined, or was robbed). */
  listen(): void {
    this.lastLeaderAt = this.host.now();
  }

  /**
   * This tab took the lead: requests the old leader accepted but never answered fail with
   * `disconnected` (it may have run them); the others wait for {@link takeUnaccepted}.
   */
  leading(): void {
    this.leaderId = this.host.tabId;
    this.requests.leaderLost();
  }

  /** The requests no leader took yet, taken out for this tab (now leading) to run itself. */
  takeUnaccepted(): PendingRequest[] {
    return this.requests.takeUnaccepted();
  }

  /** This tab stepped down: its client's last stats and position are what the tabs saw. */
  steppedDown(stats: RealtimeStats, position: number | null): void {
    this.leaderId = null;
    this.mirrored = stats;
    this.position = position;
  }

  /** A message of the leader tab `from`. */
  received(from: string, message: LeaderMessage): void {
    this.lastLeaderAt = this.host.now();
    if (from !== this.leaderId) this.leaderChanged(from);
    switch (message.kind) {
      case 'state':
        this.host.setWanted(message.state.wanted);
        this.mirrored = message.state.stats;
        this.position = message.state.stats.lastSequence;
        this.host.status(message.state.status);
        this.host.changed();
        return;
      case 'event':
        this.position = message.position;
        this.host.deliver(message.message);
        return;
      case 'error':
        this.host.error(fromTabError(message.error));
        return;
      case 'recovery':
        this.host.recovery(message.recovery);
        return;
      case 'ended':
        this.host.ended(message.channel, message.error && fromTabError(message.error));
        return;
      case 'reply':
        if (message.to === this.host.tabId) this.requests.settle(message.requestId, message.reply);
        return;
    }
  }

  /** Tells the leader this tab is alive and which channels it wants. */
  hello(): void {
    this.host.post({ kind: 'hello', channels: this.host.channels() });
  }

  /**
   * Heartbeat while following: says hello, and returns true when the leader has been silent
   * longer than the timeout (its requests then wait for the next leader).
   */
  upkeep(): boolean {
    this.hello();
    if (this.host.now() - this.lastLeaderAt <= this.leaderTimeoutMs) return false;
    if (this.leaderId !== null) {
      this.leaderId = null;
      this.requests.leaderLost();
      if (this.host.isWanted()) this.host.status(ConnectionStatus.RECONNECTING);
    }
    return true;
  }

  /** Sends a request to the leader, or keeps it until one is known. */
  request(requestId: string, request: TabRequest, sink: RequestSink): void {
    this.requests.add(requestId, request, sink);
    if (this.leaderId !== null) this.postRequest(requestId, request);
  }

  /** The caller no longer waits for `requestId`: tells the leader when it was still pending. */
  cancel(requestId: string): void {
    if (this.requests.remove(requestId)) this.host.post({ kind: 'cancel', requestId });
  }

  /** Fails every pending request (the tab leaves for good). */
  failAll(error: () => RealtimeError): void {
    this.requests.failAll(error);
  }

  private leaderChanged(from: string): void {
    this.leaderId = from;
    this.requests.leaderLost();
    this.hello();
    for (const entry of this.requests.unaccepted()) this.postRequest(entry.id, entry.request);
    if (this.host.isWanted()) this.host.post({ kind: 'command', command: 'connect' });
  }

  private postRequest(requestId: string, request: TabRequest): void {
    this.host.post({ kind: 'request', requestId, request });
  }
}
