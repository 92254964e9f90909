/** The channel of a conversation (SocialHub: `conversation:{id}`). */
export function conversationChannel(conversationId: string): string {
  return `conversation:${conversationId}`;
}
