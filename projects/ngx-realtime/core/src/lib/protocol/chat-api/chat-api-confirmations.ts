import { CHAT_API_CONFIRMATIONS } from './chat-api-capabilities';
import type { ChatApiConfirmation } from './chat-api-decode';
import type { ChatApiFrame } from './chat-api-encode';

/** Most confirmations waited for at once, per kind; the oldest are forgotten beyond it. */
const LIMIT = 512;

/**
 * Matches the Chat API's confirmations to the acknowledged frames waiting for them. The
 * dialect has no ack ids: `message.sent` names the send by its `tempId` (the message id);
 * `message.read_ack`, `block.added` / `block.removed` and `pong` are matched by
 * conversation, username and ping timestamp, first come first served; an error frame refuses
 * the oldest unconfirmed `message.send` (the server handles one connection's frames in
 * order and names no `tempId` in its errors). Entries whose sender stopped waiting (timeout)
 * stay until a later confirmation passes them, or the bound evicts them.
 */
export class PendingConfirmations {
  /** Unconfirmed `message.send` temp ids, oldest first. */
  private readonly sends = new Set<string>();
  /** Other waiting frames by `kind` and key, each a queue of ack ids, oldest first. */
  private readonly keyed = new Map<string, string[]>();

  /** An acknowledged frame went out (or was queued): its confirmation is expected. */
  expect(frame: ChatApiFrame, ackId: string): void {
    if (frame.type === 'message.send') {
      // A resend after a reconnect keeps its place: the server sees the frames in that order.
      if (!this.sends.has(ackId)) this.sends.add(ackId);
      if (this.sends.size > LIMIT) this.sends.delete(first(this.sends.values()) as string);
      return;
    }
    const slot = slotOf(CHAT_API_CONFIRMATIONS[frame.type], keyOf(frame));
    const queue = this.keyed.get(slot) ?? [];
    if (!queue.includes(ackId)) queue.push(ackId);
    this.keyed.delete(slot);
    this.keyed.set(slot, queue.slice(-LIMIT));
    if (this.keyed.size > LIMIT) this.keyed.delete(first(this.keyed.keys()) as string);
  }

  /**
   * The ack id a confirmation settles, or `undefined` when nothing waits for it. A
   * `message.sent` always names its send, even one not waited for here.
   */
  settle(confirmation: ChatApiConfirmation): string | undefined {
    const { kind, key } = confirmation;
    if (kind === 'message.sent') {
      if (this.sends.has(key)) {
        // Sends ahead of this one got no answer on this connection: they were lost, and a
        // resend puts them back.
        for (const tempId of this.sends) {
          this.sends.delete(tempId);
          if (tempId === key) break;
        }
      }
      return key;
    }
    if (kind === 'error') {
      const tempId = key !== '' ? key : first(this.sends.values());
      if (tempId !== undefined) this.sends.delete(tempId);
      return tempId;
    }
    const slot = slotOf(kind, key);
    const exact = this.keyed.get(slot);
    if (exact !== undefined) return this.take(slot, exact);
    // A server that answers a ping with its own time: the oldest ping waiting.
    if (kind === 'pong') {
      for (const [other, queue] of this.keyed) {
        if (other.startsWith(slotOf('pong', ''))) return this.take(other, queue);
      }
    }
    return undefined;
  }

  private take(slot: string, queue: string[]): string | undefined {
    const ackId = queue.shift();
    if (queue.length === 0) this.keyed.delete(slot);
    return ackId;
  }
}

function slotOf(kind: string | undefined, key: string): string {
  return `${kind ?? ''}\n${key}`;
}

function keyOf(frame: ChatApiFrame): string {
  const { payload } = frame;
  const value = payload['conversationId'] ?? payload['username'] ?? payload['timestamp'];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function first<T>(values: IterableIterator<T>): T | undefined {
  return values.next().value;
}
