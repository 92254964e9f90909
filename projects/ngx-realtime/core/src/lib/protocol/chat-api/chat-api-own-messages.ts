/** Most messages remembered per conversation, and most conversations. */
const PER_CONVERSATION = 500;
const CONVERSATIONS = 200;

interface OwnMessage {
  readonly id: string;
  readonly createdAt: number;
}

/**
 * The user's own recent messages per conversation. The Chat API's `message.read_update`
 * says "read up to `readAt`" without message ids; this memory turns it into the canonical
 * `read_receipt` with the ids of the user's messages it covers, so their status moves to
 * `read`. Messages this client never saw (history loaded over REST) are not covered.
 */
export class OwnMessages {
  private readonly byConversation = new Map<string, OwnMessage[]>();

  /** Remembers a message the user sent. */
  add(conversationId: string, id: string, createdAt: string): void {
    const list = this.byConversation.get(conversationId) ?? [];
    this.byConversation.delete(conversationId);
    if (!list.some((message) => message.id === id)) {
      list.push({ id, createdAt: Date.parse(createdAt) });
    }
    this.byConversation.set(conversationId, list.slice(-PER_CONVERSATION));
    if (this.byConversation.size > CONVERSATIONS) {
      this.byConversation.delete(this.byConversation.keys().next().value as string);
    }
  }

  /**
   * Ids of the user's messages created at or before `readAt` (all when absent), which are
   * then forgotten: a later receipt does not name them again.
   */
  readUpTo(conversationId: string, readAt: string | undefined): string[] {
    const list = this.byConversation.get(conversationId);
    if (list === undefined) return [];
    const limit = readAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(readAt);
    const read = list.filter((message) => !(message.createdAt > limit));
    const rest = list.filter((message) => message.createdAt > limit);
    if (rest.length === 0) this.byConversation.delete(conversationId);
    else this.byConversation.set(conversationId, rest);
    return read.map((message) => message.id);
  }
}
