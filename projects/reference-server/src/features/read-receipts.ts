import type { ClientFrame } from '../core/envelope';
import { stateOf, type StateSlot } from './domain-state';
import { reachConversation, requireAccess } from './conversations';
import type { FrameContext, FrameHandler, ServerContext } from './feature';
import { markReadBy } from './messages';
import { isoNow, requireBoolean, requireId, requireIds } from './payload';

/** Reads of one user in one conversation waiting for the batch window to close. */
interface PendingReads {
  readonly messageIds: Set<string>;
  readAt: string;
}

interface ReceiptState {
  /** Users who turned read receipts off (`set_read_receipts {enabled: false}`). */
  readonly disabled: Set<string>;
  /** Batches by `conversationId \n userId`. */
  readonly pending: Map<string, PendingReads>;
}

const RECEIPTS: StateSlot<ReceiptState> = {
  name: 'read-receipts',
  create: () => ({ disabled: new Set(), pending: new Map() }),
};

/** True unless `userId` turned read receipts off. */
export function receiptsEnabled(context: ServerContext, userId: string): boolean {
  return !stateOf(context, RECEIPTS).disabled.has(userId);
}

/**
 * Sends one `read_receipt` for the batch, unless the reader turned receipts off meanwhile.
 * The reader is left out: the receipt tells the senders, not the reader's own tabs.
 */
function flush(context: ServerContext, conversationId: string, userId: string): void {
  const state = stateOf(context, RECEIPTS);
  const key = `${conversationId}\n${userId}`;
  const batch = state.pending.get(key);
  state.pending.delete(key);
  if (batch === undefined || state.disabled.has(userId)) return;
  reachConversation(
    context,
    conversationId,
    'read_receipt',
    {
      conversation_id: conversationId,
      message_ids: [...batch.messageIds],
      read_at: batch.readAt,
      user_id: userId,
    },
    { exceptUserId: userId },
  );
}

/**
 * `userId` read `messageIds` in `conversationId`. Their own messages and messages they had
 * already read are skipped; the rest joins the conversation's batch, which is broadcast as
 * one `read_receipt` after `readReceiptBatchMs`. Returns the ids that counted.
 */
export function markRead(
  context: ServerContext,
  userId: string,
  conversationId: string,
  messageIds: readonly string[],
): string[] {
  const fresh = markReadBy(context, conversationId, userId, messageIds);
  const state = stateOf(context, RECEIPTS);
  // Privacy: the reads still count (for this server), but nobody is told.
  if (fresh.length === 0 || state.disabled.has(userId)) return fresh;
  const key = `${conversationId}\n${userId}`;
  const readAt = isoNow(context);
  const batch = state.pending.get(key);
  if (batch === undefined) {
    state.pending.set(key, { messageIds: new Set(fresh), readAt });
    context.setTimer(
      () => flush(context, conversationId, userId),
      context.config.readReceiptBatchMs,
    );
  } else {
    for (const id of fresh) batch.messageIds.add(id);
    batch.readAt = readAt;
  }
  return fresh;
}

/** `read_receipt` (or `mark_read`) `{conversation_id, message_ids}`. */
function readFrame(context: FrameContext, frame: ClientFrame): object {
  const conversationId = requireId(frame, 'conversation_id');
  const messageIds = requireIds(frame, 'message_ids');
  const userId = context.session.userId;
  requireAccess(context, userId, conversationId);
  const counted = markRead(context, userId, conversationId, messageIds);
  return {
    conversation_id: conversationId,
    message_ids: counted,
    read_at: isoNow(context),
    shared: receiptsEnabled(context, userId),
  };
}

/** `set_read_receipts {enabled}`: the reader's privacy setting. */
function setReceiptsFrame(context: FrameContext, frame: ClientFrame): object {
  const enabled = requireBoolean(frame, 'enabled');
  const disabled = stateOf(context, RECEIPTS).disabled;
  if (enabled) disabled.delete(context.session.userId);
  else disabled.add(context.session.userId);
  return { enabled };
}

/** Read receipts: client frames. */
export const readReceiptHandlers: Readonly<Record<string, FrameHandler>> = {
  read_receipt: readFrame,
  mark_read: readFrame,
  set_read_receipts: setReceiptsFrame,
};
