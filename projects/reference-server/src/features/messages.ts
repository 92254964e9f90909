import { randomUUID } from 'node:crypto';
import type { Connection } from '../ws/connection';
import { stateOf, type StateSlot } from './domain-state';
import { conversationChannel, echoToSender, reachConversation } from './conversations';
import type { ServerContext } from './feature';
import { isoNow } from './payload';
import { userProfile, type UserProfile } from './profiles';
import { stopTyping } from './typing';

/** A stored direct message: the spec's `message` payload. */
export interface StoredMessage {
  readonly id: string;
  readonly conversation_id: string;
  readonly sender_id: string;
  readonly content: string;
  readonly created_at: string;
  readonly is_read: boolean;
  readonly sender: UserProfile;
}

/** Messages kept per conversation (oldest dropped): enough for read receipts to find them. */
const KEPT_PER_CONVERSATION = 1000;
/** Undelivered messages remembered per offline recipient. */
const PENDING_PER_USER = 1000;

interface MessageRecord {
  readonly message: StoredMessage;
  readonly readBy: Set<string>;
}

interface Undelivered {
  readonly conversationId: string;
  readonly messageId: string;
  readonly senderId: string;
}

interface MessageState {
  /** Conversation id → message id → record, in sending order. */
  readonly conversations: Map<string, Map<string, MessageRecord>>;
  /** Recipient → messages sent while they had no socket to receive them. */
  readonly undelivered: Map<string, Undelivered[]>;
}

const MESSAGES: StateSlot<MessageState> = {
  name: 'messages',
  create: () => ({ conversations: new Map(), undelivered: new Map() }),
};

/**
 * Extension event `message_delivered {conversation_id, message_ids, user_id, delivered_at}`
 * (the SocialHub text has no delivery receipt): tells a sender that `recipientId` has
 * received the messages, on a socket of theirs (or, for a recipient who was offline, when
 * they next connect and catch up). Addressed to the sender's every socket.
 */
function notifyDelivered(
  context: ServerContext,
  senderId: string,
  conversationId: string,
  messageIds: readonly string[],
  recipientId: string,
): void {
  context.hub.deliverToUser(
    senderId,
    'message_delivered',
    {
      conversation_id: conversationId,
      message_ids: messageIds,
      user_id: recipientId,
      delivered_at: isoNow(context),
    },
    { channel: conversationChannel(conversationId), direct: true },
  );
}

function store(context: ServerContext, message: StoredMessage): void {
  const conversations = stateOf(context, MESSAGES).conversations;
  let messages = conversations.get(message.conversation_id);
  if (messages === undefined) {
    messages = new Map();
    conversations.set(message.conversation_id, messages);
  }
  messages.set(message.id, { message, readBy: new Set() });
  if (messages.size > KEPT_PER_CONVERSATION)
    messages.delete(messages.keys().next().value as string);
}

function rememberUndelivered(
  context: ServerContext,
  recipientId: string,
  entry: Undelivered,
): void {
  const undelivered = stateOf(context, MESSAGES).undelivered;
  const list = undelivered.get(recipientId) ?? [];
  list.push(entry);
  if (list.length > PENDING_PER_USER) list.shift();
  undelivered.set(recipientId, list);
}

/**
 * Sends a message from `senderId` (no access check: the frame handler and the simulator do
 * that): stores it with a server id and time, stops the sender's typing indicator, delivers
 * it to the other participants and the sender's other sockets (`origin` has it from its
 * ack), and sends delivery receipts. Returns the stored message.
 */
export function sendMessage(
  context: ServerContext,
  senderId: string,
  conversationId: string,
  content: string,
  origin: Connection | null = null,
): StoredMessage {
  stopTyping(context, senderId, conversationId);
  const message: StoredMessage = {
    id: randomUUID(),
    conversation_id: conversationId,
    sender_id: senderId,
    content,
    created_at: isoNow(context),
    is_read: false,
    sender: userProfile(context, senderId),
  };
  store(context, message);
  const recipients = reachConversation(context, conversationId, 'message', message, {
    exceptUserId: senderId,
  });
  echoToSender(context, senderId, conversationId, 'message', message, origin);
  for (const recipient of recipients) {
    if (recipient.online)
      notifyDelivered(context, senderId, conversationId, [message.id], recipient.userId);
    else
      rememberUndelivered(context, recipient.userId, {
        conversationId,
        messageId: message.id,
        senderId,
      });
  }
  return message;
}

/**
 * `userId` opened a socket: messages sent to them while they were away reach them now
 * (their client catches up from the log), so their senders get the delivery receipts.
 */
export function deliverPending(context: ServerContext, userId: string): void {
  const undelivered = stateOf(context, MESSAGES).undelivered;
  const list = undelivered.get(userId);
  if (list === undefined) return;
  undelivered.delete(userId);
  const groups = new Map<string, Undelivered[]>();
  for (const entry of list) {
    const key = `${entry.senderId}\n${entry.conversationId}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const group of groups.values()) {
    const { senderId, conversationId } = group[0];
    notifyDelivered(
      context,
      senderId,
      conversationId,
      group.map((entry) => entry.messageId),
      userId,
    );
  }
}

/**
 * Records that `userId` read `messageIds` and returns the ones that are news: their own
 * messages and ones they already read are left out. Ids this server does not know (sent
 * before a restart, or through another backend) are taken on trust.
 */
export function markReadBy(
  context: ServerContext,
  conversationId: string,
  userId: string,
  messageIds: readonly string[],
): string[] {
  const messages = stateOf(context, MESSAGES).conversations.get(conversationId);
  return messageIds.filter((id) => {
    const record = messages?.get(id);
    if (record === undefined) return true;
    if (record.message.sender_id === userId || record.readBy.has(userId)) return false;
    record.readBy.add(userId);
    return true;
  });
}

/**
 * Ids of the messages in `conversationId` that `userId` has not read yet, oldest first (their
 * own messages left out): what a "mark the whole conversation read" frame covers.
 */
export function unreadBy(context: ServerContext, conversationId: string, userId: string): string[] {
  const messages = stateOf(context, MESSAGES).conversations.get(conversationId);
  if (messages === undefined) return [];
  return [...messages.values()]
    .filter((record) => record.message.sender_id !== userId && !record.readBy.has(userId))
    .map((record) => record.message.id);
}
