import type { Subscription } from 'rxjs';
import type { RealtimeError } from '../errors/realtime-error';
import type { ConnectionStatus } from '../core/connection-status';
import type { RealtimeClient } from '../core/realtime-client';
import type { RecoveryEvent } from '../core/stats';
import type { RealtimeMessage } from '../protocol/message';
import { toTabError } from './tab-message-reader';
import type {
  FollowerMessage,
  LeaderMessage,
  LeaderState,
  TabReply,
  TabRequest,
} from './tab-messages';
import type { RequestSink } from './tab-requests';

/** What the leader role needs from the tab it runs in. */
export interface LeaderHost {
  readonly tabId: string;
  /** Whether the group wants the connection open. */
  isWanted(): boolean;
  setWanted(wanted: boolean): void;
  post(message: LeaderMessage): void;
  /** An event for this tab's own listeners (deduplicated by the host). */
  deliver(message: RealtimeMessage): void;
  status(status: ConnectionStatus): void;
  error(error: RealtimeError): void;
  recovery(event: RecoveryEvent): void;
  /** A channel ended for every tab (refused by the server). */
  ended(channel: string, error?: RealtimeError): void;
  changed(): void;
  now(): number;
}

/** One channel the shared connection holds, and the tabs that want it. */
interface HeldChannel {
  readonly tabs: Set<string>;
  readonly subscription: Subscription;
}

/**
 * The role of the tab holding the connection: it runs the real {@link RealtimeClient},
 * relays every event, error, recovery verdict and state change to the other tabs, holds the
 * union of the channels all tabs want, and runs their sends and acknowledged sends, replying
 * to the asking tab only.
 */
export class TabLeader {
  private readonly channels = new Map<string, HeldChannel>();
  private readonly followers = new Map<string, number>();
  private readonly calls = new Map<string, Subscription>();
  private readonly streams: Subscription[];
  /** The server's greeting, replayed to tabs that join later (they need the user id). */
  private greeting: RealtimeMessage | null = null;

  constructor(
    readonly client: RealtimeClient,
    private readonly host: LeaderHost,
    private readonly followerTimeoutMs: number,
  ) {
    this.streams = [
      client.status$.subscribe((status) => {
        host.status(status);
        this.announce();
      }),
      client.changes$.subscribe(() => host.changed()),
      client.messages$.subscribe((message) => this.relay(message)),
      client.errors$.subscribe((error) => {
        host.error(error);
        host.post({ kind: 'error', error: toTabError(error) });
      }),
      client.recovery$.subscribe((recovery) => {
        host.recovery(recovery);
        host.post({ kind: 'recovery', recovery });
      }),
    ];
  }

  /** What the followers mirror. */
  state(): LeaderState {
    return { status: this.client.status, stats: this.client.stats, wanted: this.host.isWanted() };
  }

  /** Posts the state; also the heartbeat that tells followers the leader is alive. */
  announce(): void {
    this.host.post({ kind: 'state', state: this.state() });
  }

  /** Heartbeat: state to everyone, and the channels of tabs long silent let go. */
  heartbeat(): void {
    this.announce();
    const now = this.host.now();
    for (const [tab, seenAt] of this.followers) {
      if (now - seenAt > this.followerTimeoutMs) this.forget(tab);
    }
  }

  want(tab: string, channel: string): void {
    const held = this.channels.get(channel);
    if (held !== undefined) {
      held.tabs.add(tab);
      return;
    }
    const tabs = new Set([tab]);
    const subscription = this.client.channel(channel).subscribe({
      error: (error: RealtimeError) => this.end(channel, error),
      complete: () => this.end(channel),
    });
    if (!subscription.closed) this.channels.set(channel, { tabs, subscription });
  }

  unwant(tab: string, channel: string): void {
    const held = this.channels.get(channel);
    if (held === undefined || !held.tabs.delete(tab) || held.tabs.size > 0) return;
    this.channels.delete(channel);
    held.subscription.unsubscribe();
  }

  /** A message from a follower. */
  received(from: string, message: FollowerMessage): void {
    const known = this.followers.has(from);
    if (message.kind !== 'bye') this.followers.set(from, this.host.now());
    switch (message.kind) {
      case 'hello':
        this.welcome(from, message.channels, known);
        return;
      case 'bye':
        this.forget(from);
        return;
      case 'join':
        this.want(from, message.channel);
        return;
      case 'leave':
        this.unwant(from, message.channel);
        return;
      case 'request':
        this.run(from, message.requestId, message.request);
        return;
      case 'cancel':
        this.settled(`${from} ${message.requestId}`)?.unsubscribe();
        return;
      case 'command':
        this.command(message.command);
        return;
    }
  }

  /** Applies a connect/disconnect/reconnect asked for by any tab. */
  command(command: 'connect' | 'disconnect' | 'reconnect'): void {
    if (command === 'connect') {
      this.host.setWanted(true);
      this.client.connect();
    } else if (command === 'disconnect') {
      this.host.setWanted(false);
      this.client.disconnect();
    } else {
      this.host.setWanted(true);
      this.client.reconnect();
    }
    this.announce();
  }

  /** Runs a request this tab made while following, before any leader took it. */
  runOwn(request: TabRequest, sink: RequestSink): void {
    const client = this.client;
    try {
      if (request.op === 'send') client.send(request.message);
      else if (request.op === 'ack') {
        const options = request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs };
        client.sendWithAck(request.message, options).subscribe({
          next: (data) => sink.done?.(data),
          error: (error: RealtimeError) => sink.failed(error),
        });
      } else
        client.getMissedMessages(request.lastSequence).then((v) => sink.done?.(v), sink.failed);
    } catch (error) {
      sink.failed(error as RealtimeError);
    }
  }

  /**
   * Steps down: stops relaying, destroys the client (acknowledged sends still waiting fail
   * with `disconnected`, and the asking tabs are told), and returns the sequence position
   * the next leader should resume from.
   */
  stop(): number | null {
    const position = this.client.stats.lastSequence;
    for (const subscription of this.streams) subscription.unsubscribe();
    // Let go of the channels first: destroying the client ends their streams, and that must
    // not read as "the server ended the channel" to the other tabs.
    const held = [...this.channels.values()];
    this.channels.clear();
    for (const channel of held) channel.subscription.unsubscribe();
    this.client.destroy();
    for (const call of this.calls.values()) call.unsubscribe();
    this.calls.clear();
    return position;
  }

  private relay(message: RealtimeMessage): void {
    if (message.type === 'connect') this.greeting = message;
    this.host.deliver(message);
    this.host.post({ kind: 'event', message, position: this.client.stats.lastSequence });
  }

  private welcome(tab: string, channels: readonly string[], known: boolean): void {
    const wanted = new Set(channels);
    for (const [channel, held] of [...this.channels]) {
      if (held.tabs.has(tab) && !wanted.has(channel)) this.unwant(tab, channel);
    }
    for (const channel of wanted) this.want(tab, channel);
    if (known) return;
    this.announce();
    if (this.greeting !== null) {
      const position = this.client.stats.lastSequence;
      this.host.post({ kind: 'event', message: this.greeting, position });
    }
  }

  private forget(tab: string): void {
    this.followers.delete(tab);
    for (const channel of [...this.channels.keys()]) this.unwant(tab, channel);
    for (const key of [...this.calls.keys()]) {
      if (key.startsWith(`${tab} `)) this.settled(key)?.unsubscribe();
    }
  }

  private end(channel: string, error?: RealtimeError): void {
    if (!this.channels.delete(channel)) return;
    this.host.post({ kind: 'ended', channel, error: error && toTabError(error) });
    this.host.ended(channel, error);
  }

  private run(tab: string, requestId: string, request: TabRequest): void {
    const key = `${tab} ${requestId}`;
    const reply = (answer: TabReply) =>
      this.host.post({ kind: 'reply', to: tab, requestId, reply: answer });
    const failed = (error: unknown) => reply({ outcome: 'failed', error: toTabError(error) });
    if (this.calls.has(key)) return;
    switch (request.op) {
      case 'send':
        try {
          this.client.send(request.message);
          reply({ outcome: 'accepted' });
        } catch (error) {
          failed(error);
        }
        return;
      case 'ack': {
        reply({ outcome: 'accepted' });
        const options = request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs };
        const call = this.client.sendWithAck(request.message, options).subscribe({
          next: (data) => {
            this.settled(key);
            reply({ outcome: 'ack', data });
          },
          error: (error: unknown) => {
            this.settled(key);
            failed(error);
          },
        });
        if (!call.closed) this.calls.set(key, call);
        return;
      }
      case 'missed':
        this.client
          .getMissedMessages(request.lastSequence)
          .then(
            ({ messages, complete }) => reply({ outcome: 'missed', messages, complete }),
            failed,
          );
        return;
    }
  }

  private settled(key: string): Subscription | undefined {
    const call = this.calls.get(key);
    this.calls.delete(key);
    return call;
  }
}
