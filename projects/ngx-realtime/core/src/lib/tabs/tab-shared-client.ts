import { BehaviorSubject, distinctUntilChanged, Observable, Subject } from 'rxjs';
import { RealtimeError } from '../errors/realtime-error';
import { TimerSlot } from '../core/clock';
import type { AckOptions, ConnectCredentials, SendReceipt } from '../core/client-calls';
import { ChannelRegistry } from '../core/channel-registry';
import { ConnectionStatus } from '../core/connection-status';
import { EventHub } from '../core/event-hub';
import { SequenceTracker } from '../core/sequence-tracker';
import type { RealtimeStats, RecoveryEvent } from '../core/stats';
import type { OutgoingMessage, RealtimeMessage } from '../protocol/message';
import type { MissedMessages } from '../protocol/realtime-protocol';
import { ChannelElection } from './channel-election';
import { chooseElection } from './choose-election';
import type { LeaderElection } from './lock-election';
import type { RealtimeConnection } from './realtime-connection';
import { TabFollower, type FollowerHost } from './tab-follower';
import { TabLeader, type LeaderHost } from './tab-leader';
import { readTabMessage } from './tab-message-reader';
import {
  LEADER_KINDS,
  TAB_PROTOCOL,
  type FollowerMessage,
  type LeaderMessage,
  type TabMessage,
  type TabRequest,
} from './tab-messages';
import type { TabChannel } from './tab-platform';
import type { RequestSink } from './tab-requests';
import {
  resolveTabSharing,
  type ResolvedTabSharing,
  type TabSharingOptions,
} from './tab-sharing-options';

/**
 * One connection shared by every tab of a user: the same surface as {@link RealtimeClient},
 * in every tab. One tab (the leader, elected with the Web Locks API, or over the channel
 * where locks are missing) runs the real client; the others send through it and receive its
 * events over a `BroadcastChannel`. When the leader closes, freezes or hangs, another tab
 * takes over and its client resumes from the last sequence number the tabs saw, so the
 * server's catch-up fills the gap; every tab drops events it already delivered (by id).
 *
 * @example
 * const client = new TabSharedClient({
 *   name: tabGroupName(url, userId),
 *   createClient: (resumeFrom) => new RealtimeClient({ url, token, resumeFrom }),
 * });
 * client.channel('feed:updates').subscribe(render);
 * client.connect();
 */
export class TabSharedClient implements RealtimeConnection {
  /** This tab's id in the group. */
  readonly tabId: string;
  private readonly options: ResolvedTabSharing;
  private readonly bus: TabChannel;
  private readonly election: LeaderElection;
  private readonly hub = new EventHub();
  private readonly seen = new SequenceTracker();
  /** This tab's listeners per channel. */
  private readonly interest = new ChannelRegistry();
  private readonly statusSubject = new BehaviorSubject<ConnectionStatus>(
    ConnectionStatus.DISCONNECTED,
  );
  private readonly errorSubject = new Subject<RealtimeError>();
  private readonly recoverySubject = new Subject<RecoveryEvent>();
  private readonly changeSubject = new Subject<void>();
  private readonly tick: TimerSlot;
  private readonly stopPage: () => void;
  private readonly host: LeaderHost & FollowerHost;
  private readonly follower: TabFollower;
  private leader: TabLeader | null = null;
  private credentials: ConnectCredentials = {};
  private active = false;
  private destroyed = false;
  /** Whether the group wants the connection open (a new leader connects only then). */
  wanted = false;

  readonly status$: Observable<ConnectionStatus> = this.statusSubject.pipe(distinctUntilChanged());
  readonly errors$: Observable<RealtimeError> = this.errorSubject.asObservable();
  readonly recovery$: Observable<RecoveryEvent> = this.recoverySubject.asObservable();
  readonly changes$: Observable<void> = this.changeSubject.asObservable();
  readonly messages$: Observable<RealtimeMessage> = this.hub.all$;

  /** @throws RealtimeError `invalid_config`, or `unavailable` without `BroadcastChannel`. */
  constructor(options: TabSharingOptions) {
    this.options = resolveTabSharing(options);
    const { name, ids, clock, page } = this.options;
    this.tabId = ids();
    this.tick = new TimerSlot(clock);
    this.host = this.roleHost();
    this.follower = new TabFollower(this.host, this.options.leaderTimeoutMs);
    this.bus = this.options.channel(name);
    this.bus.onmessage = (event) => this.received(event.data);
    this.election = chooseElection(this.options, this.tabId, {
      elected: () => this.elected(),
      deposed: () => this.deposed(),
    });
    this.stopPage =
      page?.listen({
        shown: () => this.check(),
        leaving: () => this.leave(),
        returned: () => this.join(),
      }) ?? (() => undefined);
    this.join();
  }

  /** True while this tab holds the connection. */
  get isLeader(): boolean {
    return this.leader !== null;
  }

  /** The connection state (the leader's, as this tab last heard it). */
  get status(): ConnectionStatus {
    return this.statusSubject.value;
  }

  /** The leader's stats (this tab's own client when it leads). */
  get stats(): RealtimeStats {
    return this.leader?.client.stats ?? this.follower.stats;
  }

  /** Opens the shared connection: this tab's client when it leads, otherwise asks the leader. */
  connect(credentials: ConnectCredentials = {}): void {
    if (this.destroyed) return;
    this.credentials = { ...this.credentials, ...credentials };
    this.wanted = true;
    if (this.leader !== null) this.leader.client.connect(credentials);
    else this.post({ kind: 'command', command: 'connect' });
  }

  /** Closes the shared connection: for every tab of the group. */
  disconnect(): void {
    this.wanted = false;
    this.command('disconnect');
  }

  /** Restarts the shared connection now (every tab's). */
  reconnect(): void {
    this.wanted = true;
    this.command('reconnect');
  }

  /** Leaves the group: hands the connection to another tab when this one holds it. */
  destroy(): void {
    if (this.destroyed) return;
    this.leave();
    this.destroyed = true;
    this.stopPage();
    this.follower.failAll(
      () => new RealtimeError('disconnected', 'The realtime client was destroyed'),
    );
    this.bus.onmessage = null;
    this.bus.close();
    if (this.election instanceof ChannelElection) this.election.close();
    this.hub.complete();
    this.statusSubject.complete();
    this.errorSubject.complete();
    this.recoverySubject.complete();
    this.changeSubject.complete();
  }

  /** Events of `channel` (joined on the shared connection while any tab listens). */
  channel(channel: string): Observable<RealtimeMessage> {
    return this.hub.ofChannel(
      channel,
      () => {
        if (this.interest.acquire(channel)) this.wantChannel(channel, true);
      },
      () => {
        if (this.interest.release(channel)) this.wantChannel(channel, false);
      },
    );
  }

  /** Ends this tab's streams of `channel`; the connection leaves it when no tab wants it. */
  unsubscribe(channel: string): void {
    this.hub.endChannel(channel);
  }

  /** The events of one type, whatever their channel, as relayed to this tab. */
  events(type: string): Observable<RealtimeMessage> {
    return this.hub.ofType(type);
  }

  /** Sends through the leader (or this tab's client when it leads). */
  send(message: OutgoingMessage): SendReceipt {
    if (this.destroyed) throw new RealtimeError('unavailable', 'The realtime client was destroyed');
    if (this.leader !== null) return this.leader.client.send(message);
    const id = message.id ?? this.options.ids();
    this.request(
      { op: 'send', message: { ...message, id } },
      { failed: (e) => this.errorSubject.next(e) },
    );
    return { id, queued: !this.follower.hasLeader || this.status !== ConnectionStatus.CONNECTED };
  }

  /** Sends through the leader; the acknowledgement comes back to this tab only. */
  sendWithAck<T = unknown>(message: OutgoingMessage, options: AckOptions = {}): Observable<T> {
    return new Observable<T>((subscriber) => {
      const leader = this.leader;
      if (leader !== null)
        return leader.client.sendWithAck<T>(message, options).subscribe(subscriber);
      const id = message.id ?? this.options.ids();
      const requestId = this.options.ids();
      this.request(
        { op: 'ack', message: { ...message, id }, timeoutMs: options.timeoutMs },
        {
          failed: (error) => subscriber.error(error),
          done: (data) => {
            subscriber.next(data as T);
            subscriber.complete();
          },
        },
        requestId,
      );
      return () => this.follower.cancel(requestId);
    });
  }

  /** Asks the leader's client for the events logged after `lastSequence`. */
  async getMissedMessages(lastSequence: number): Promise<MissedMessages> {
    if (this.leader !== null) return this.leader.client.getMissedMessages(lastSequence);
    return new Promise<MissedMessages>((resolve, reject) =>
      this.request(
        { op: 'missed', lastSequence },
        { failed: reject, done: (v) => resolve(v as MissedMessages) },
      ),
    );
  }

  // ---- group membership --------------------------------------------------------------------

  private join(): void {
    if (this.destroyed || this.active) return;
    this.active = true;
    this.follower.listen();
    this.election.start();
    if (this.leader === null) this.follower.hello();
    this.schedule();
  }

  /** The page goes away (or is frozen): give the connection to another tab now. */
  private leave(): void {
    if (!this.active || this.destroyed) return;
    this.active = false;
    this.tick.clear();
    this.stepDown();
    this.election.stop();
    this.post({ kind: 'bye' });
  }

  private elected(): void {
    if (this.leader !== null || this.destroyed || !this.active) return;
    const client = this.options.createClient(this.follower.resumeFrom);
    const leader = new TabLeader(client, this.host, this.options.followerTimeoutMs);
    this.leader = leader;
    this.follower.leading();
    for (const channel of this.interest.active()) leader.want(this.tabId, channel);
    if (this.wanted) client.connect(this.credentials);
    leader.announce();
    for (const entry of this.follower.takeUnaccepted()) leader.runOwn(entry.request, entry.sink);
    this.changed();
  }

  private deposed(): void {
    this.stepDown();
    this.follower.listen();
  }

  private stepDown(): void {
    const leader = this.leader;
    if (leader === null) return;
    this.leader = null;
    const stats = leader.client.stats;
    this.follower.steppedDown(stats, leader.stop());
  }

  // ---- inbound -----------------------------------------------------------------------------

  private received(data: unknown): void {
    if (this.destroyed) return;
    let message: TabMessage;
    try {
      message = readTabMessage(data);
    } catch (error) {
      this.errorSubject.next(error as RealtimeError);
      return;
    }
    if (!this.active || message.from === this.tabId) return;
    if (LEADER_KINDS.has(message.kind)) {
      // A second leader (a robbed one not yet thawed) is ignored by the one in charge.
      if (this.leader === null) this.follower.received(message.from, message as LeaderMessage);
    } else if (this.leader !== null) {
      this.leader.received(message.from, message as FollowerMessage);
    }
  }

  // ---- upkeep ------------------------------------------------------------------------------

  private schedule(): void {
    this.tick.set(this.options.heartbeatMs, () => {
      this.check();
      if (this.active) this.schedule();
    });
  }

  /** Heartbeat as leader; as follower, says hello and replaces a leader gone silent. */
  private check(): void {
    if (!this.active) return;
    if (this.leader !== null) return this.leader.heartbeat();
    const silent = this.follower.upkeep();
    // Only a visible tab steals: a hidden one's own timers are throttled, so its sense of
    // "silent" is unreliable, and nobody is looking at it anyway.
    if (silent && (this.options.page?.visible() ?? true)) this.election.seize();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private wantChannel(channel: string, join: boolean): void {
    const leader = this.leader;
    if (leader === null) this.post({ kind: join ? 'join' : 'leave', channel });
    else if (join) leader.want(this.tabId, channel);
    else leader.unwant(this.tabId, channel);
  }

  private command(command: 'connect' | 'disconnect' | 'reconnect'): void {
    if (this.leader !== null) this.leader.command(command);
    else this.post({ kind: 'command', command });
  }

  private request(request: TabRequest, sink: RequestSink, id = this.options.ids()): void {
    if (this.destroyed)
      return sink.failed(new RealtimeError('unavailable', 'The realtime client was destroyed'));
    this.follower.request(id, request, sink);
  }

  private deliver(message: RealtimeMessage): void {
    if (this.seen.acceptUnnumbered(message)) this.hub.deliver(message);
  }

  private post(message: LeaderMessage | FollowerMessage): void {
    if (this.destroyed) return;
    this.bus.postMessage({ ns: TAB_PROTOCOL, from: this.tabId, ...message });
  }

  private changed(): void {
    if (this.changeSubject.observed) this.changeSubject.next();
  }

  /** What both roles need from this tab (the leader's while it leads, else the follower's). */
  private roleHost(): LeaderHost & FollowerHost {
    return {
      tabId: this.tabId,
      isWanted: () => this.wanted,
      setWanted: (wanted) => (this.wanted = wanted),
      post: (message: LeaderMessage | FollowerMessage) => this.post(message),
      deliver: (message) => this.deliver(message),
      status: (status) => this.statusSubject.next(status),
      error: (error) => this.errorSubject.next(error),
      recovery: (event) => this.recoverySubject.next(event),
      ended: (channel, error) => this.hub.endChannel(channel, error),
      changed: () => this.changed(),
      channels: () => this.interest.active(),
      now: () => this.options.clock.now(),
    };
  }
}
