// Public API of the messages feature.
export type { ChatMessage, MessageStatus, TypingUser } from './chat-message';
export { DEFAULT_MESSAGES_OPTIONS, MESSAGES_OPTIONS } from './messages-options';
export type {
  HistoryLoadReason,
  MessageHistoryLoader,
  ChatMessageSender,
  OutgoingChatMessage,
  MessagesOptions,
  ResolvedMessagesOptions,
} from './messages-options';
export { conversationChannel } from './conversation-channel';
export { MessagesRealtime } from './messages-realtime';
export type { TypingInput } from './typing-input';
export { withMessages } from './with-messages';
