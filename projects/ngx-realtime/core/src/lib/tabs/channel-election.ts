import { TimerSlot, type RealtimeClock } from '../core/clock';
import type { ElectionEvents, LeaderElection } from './lock-election';
import type { TabChannel } from './tab-platform';

/** Marks election messages; anything else on the channel is ignored. */
const ELECTION_PROTOCOL = 'ngx-realtime/election@1';

/** Timing of a {@link ChannelElection}. */
export interface ChannelElectionTiming {
  /** How often the leader says it leads. */
  readonly heartbeatMs: number;
  /** Silence after which the leader counts as gone. */
  readonly leaderTimeoutMs: number;
  /** How long a claim waits for objections. */
  readonly claimMs: number;
}

interface ElectionMessage {
  readonly ns: typeof ELECTION_PROTOCOL;
  readonly kind: 'lead' | 'claim' | 'query' | 'resign';
  readonly tab: string;
}

function readElectionMessage(data: unknown): ElectionMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { ns, kind, tab } = data as Record<string, unknown>;
  const known = kind === 'lead' || kind === 'claim' || kind === 'query' || kind === 'resign';
  if (ns !== ELECTION_PROTOCOL || !known || typeof tab !== 'string' || tab.length > 128)
    return null;
  return { ns, kind, tab };
}

/**
 * Election over a `BroadcastChannel`, for browsers without the Web Locks API. The leader
 * says so every `heartbeatMs`; after `leaderTimeoutMs` of silence (or a `resign`) a tab
 * claims the lead and takes it unless, within `claimMs`, a leader answers or a tab with a
 * smaller id claims too. Two leaders that meet (after a partition or a thaw) keep the one
 * with the smaller id. Weaker than locks (a crashed leader is noticed by silence only), so
 * locks are used wherever they exist.
 */
export class ChannelElection implements LeaderElection {
  private held = false;
  private running = false;
  private claiming = false;
  private lastLeaderAt = 0;
  private readonly tick: TimerSlot;
  private readonly claim: TimerSlot;

  constructor(
    private readonly channel: TabChannel,
    private readonly tab: string,
    private readonly clock: RealtimeClock,
    private readonly timing: ChannelElectionTiming,
    private readonly events: ElectionEvents,
  ) {
    this.tick = new TimerSlot(clock);
    this.claim = new TimerSlot(clock);
    channel.onmessage = (event) => this.received(event.data);
  }

  get leading(): boolean {
    return this.held;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastLeaderAt = this.clock.now();
    this.post('query');
    // Nobody answering the query within one claim window means nobody leads.
    this.claim.set(this.timing.claimMs, () => this.seize());
    this.schedule();
  }

  seize(): void {
    if (!this.running || this.held || this.claiming) return;
    this.claiming = true;
    this.post('claim');
    this.claim.set(this.timing.claimMs, () => {
      this.claiming = false;
      if (this.running && !this.held) this.become();
    });
  }

  stop(): void {
    if (!this.running) return;
    if (this.held) this.post('resign');
    this.running = false;
    this.held = false;
    this.claiming = false;
    this.tick.clear();
    this.claim.clear();
  }

  /** Closes the channel for good. */
  close(): void {
    this.stop();
    this.channel.onmessage = null;
    this.channel.close();
  }

  private become(): void {
    this.held = true;
    this.post('lead');
    this.events.elected();
  }

  private schedule(): void {
    this.tick.set(this.timing.heartbeatMs, () => {
      if (!this.running) return;
      if (this.held) this.post('lead');
      else if (this.clock.now() - this.lastLeaderAt > this.timing.leaderTimeoutMs) this.seize();
      this.schedule();
    });
  }

  private received(data: unknown): void {
    const message = readElectionMessage(data);
    if (message === null || !this.running || message.tab === this.tab) return;
    switch (message.kind) {
      case 'query':
        if (this.held) this.post('lead');
        return;
      case 'lead':
        this.lastLeaderAt = this.clock.now();
        this.objection(message.tab, true);
        return;
      case 'claim':
        if (this.held) this.post('lead');
        else this.objection(message.tab, false);
        return;
      case 'resign':
        this.lastLeaderAt = 0;
        this.seize();
        return;
    }
  }

  /** Another tab leads or claims: the smaller id wins, and an established leader beats a claim. */
  private objection(other: string, leads: boolean): void {
    if (this.held) {
      if (leads && other < this.tab) {
        this.held = false;
        this.events.deposed();
      }
      return;
    }
    if (this.claiming && (leads || other < this.tab)) {
      this.claiming = false;
      this.claim.clear();
    } else if (!this.claiming && leads) this.claim.clear();
  }

  private post(kind: ElectionMessage['kind']): void {
    this.channel.postMessage({ ns: ELECTION_PROTOCOL, kind, tab: this.tab });
  }
}
