import { RealtimeError } from '../errors/realtime-error';
import type { MissedMessages } from '../protocol/realtime-protocol';
import { fromTabError } from './tab-message-reader';
import type { TabReply, TabRequest } from './tab-messages';

/** Where the outcome of a follower's request goes. */
export interface RequestSink {
  /** A plain send failed after `send()` returned: reported on the error stream. */
  failed(error: RealtimeError): void;
  /** An acknowledged send's data, or the missed messages. */
  done?(value: unknown): void;
}

/** A request of this tab waiting for (an answer of) the leader. */
export interface PendingRequest {
  readonly id: string;
  readonly request: TabRequest;
  readonly sink: RequestSink;
  /** The leader took it: a new leader must not run it again. */
  accepted: boolean;
}

/**
 * The requests a follower tab has sent to the leader. Not accepted yet: sent again to the
 * next leader (or run here when this tab takes over). Accepted but unanswered when the
 * leader goes away: failed with `disconnected`, as a single client fails acks on a lost
 * link it will not resend, since the old leader may have written them already.
 */
export class TabRequests {
  private readonly pending = new Map<string, PendingRequest>();

  add(id: string, request: TabRequest, sink: RequestSink): PendingRequest {
    const entry: PendingRequest = { id, request, sink, accepted: false };
    this.pending.set(id, entry);
    return entry;
  }

  /** Drops a request the caller no longer waits for; true when it was still pending. */
  remove(id: string): boolean {
    return this.pending.delete(id);
  }

  /** Requests not yet taken by a leader, oldest first. */
  unaccepted(): PendingRequest[] {
    return [...this.pending.values()].filter((entry) => !entry.accepted);
  }

  /** Applies the leader's reply to one of this tab's requests. */
  settle(id: string, reply: TabReply): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    if (reply.outcome === 'accepted') {
      entry.accepted = true;
      // A plain send is done once the leader's client has it.
      if (entry.request.op === 'send') this.pending.delete(id);
      return;
    }
    this.pending.delete(id);
    if (reply.outcome === 'failed') entry.sink.failed(fromTabError(reply.error));
    else if (reply.outcome === 'ack') entry.sink.done?.(reply.data);
    else {
      const missed: MissedMessages = {
        messages: reply.messages,
        complete: reply.complete,
        rejected: [],
      };
      entry.sink.done?.(missed);
    }
  }

  /** The leader went away: accepted requests fail, the others wait for the next one. */
  leaderLost(): void {
    for (const entry of [...this.pending.values()]) {
      if (!entry.accepted) continue;
      this.pending.delete(entry.id);
      entry.sink.failed(
        new RealtimeError('disconnected', 'The tab holding the connection went away', {
          messageId: entry.request.op === 'missed' ? undefined : entry.request.message.id,
        }),
      );
    }
  }

  /** Takes every unaccepted request out (this tab runs them itself now). */
  takeUnaccepted(): PendingRequest[] {
    const taken = this.unaccepted();
    for (const entry of taken) this.pending.delete(entry.id);
    return taken;
  }

  /** Fails everything (the client is destroyed). */
  failAll(error: () => RealtimeError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const entry of all) entry.sink.failed(error());
  }
}
