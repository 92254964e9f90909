import { isPlatformBrowser } from '@angular/common';
import {
  DestroyRef,
  EnvironmentInjector,
  ErrorHandler,
  inject,
  Injectable,
  NgZone,
  PLATFORM_ID,
  runInInjectionContext,
  signal,
  type Signal,
} from '@angular/core';
import {
  RealtimeError,
  ɵuuidV4 as newClientMessageId,
  type MessageDeliveredPayload,
  type ReadReceiptPayload,
  type RecoveryEvent,
  type TypingPayload,
} from 'ngx-realtime/core';
import { from, take, type Subscription } from 'rxjs';
import {
  REALTIME_FRAME_SCHEDULER,
  type RealtimeFrameScheduler,
} from '../../angular/frame-scheduler';
import { WebSocketService } from '../../angular/websocket.service';
import type { ChatMessage, TypingUser } from './chat-message';
import { conversationChannel } from './conversation-channel';
import { MessageState } from './message-state';
import { storedMessage } from './message-transport';
import { MESSAGES_OPTIONS, type HistoryLoadReason } from './messages-options';
import { ReceiptBatcher } from './receipt-batcher';
import type { Schedule } from './timers';
import type { TypingInput } from './typing-input';
import { TypingSender } from './typing-sender';
import { TypingTracker } from './typing-tracker';

function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.filter(isId))] : [];
}

/**
 * Direct messages in real time (`withMessages()`): conversations joined while open, message
 * lists ordered by server time, optimistic sends with statuses (`sending` → `sent` →
 * `delivered` → `read`, or `failed` and `retry()`), unread counts, typing indicators and
 * batched read receipts. State is in signals; bad input is dropped, never thrown.
 *
 * @example
 * export class ChatComponent {
 *   private readonly chat = inject(MessagesRealtime);
 *   readonly id = input.required<string>();
 *   readonly messages = computed(() => this.chat.messages(this.id())());
 *   constructor() {
 *     effect((onCleanup) => {
 *       const id = this.id();
 *       this.chat.openConversation(id);
 *       onCleanup(() => this.chat.closeConversation(id));
 *     });
 *   }
 *   send(text: string) { this.chat.sendMessage(this.id(), text); }
 * }
 */
@Injectable()
export class MessagesRealtime {
  private readonly realtime = inject(WebSocketService);
  private readonly options = inject(MESSAGES_OPTIONS);
  private readonly zone = inject(NgZone);
  private readonly injector = inject(EnvironmentInjector);
  private readonly errorHandler = inject(ErrorHandler);
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  private readonly schedule: Schedule = this.browser
    ? (run, ms) => {
        const handle = this.zone.runOutsideAngular(() => setTimeout(run, ms));
        return () => clearTimeout(handle);
      }
    : () => () => undefined; // SSR: no timer ever starts.

  /** Open conversations: how many callers hold each, and the channel subscription. */
  private readonly joined = new Map<string, { holders: number; channel: Subscription }>();
  private readonly state = new MessageState(
    this.options,
    (id) => this.joined.has(id),
    () => this.realtime.userId(),
  );
  private readonly typists = this.typingTracker(inject(REALTIME_FRAME_SCHEDULER));
  private readonly typingSenders = new Map<string, TypingSender>();
  private readonly receipts = new ReceiptBatcher(
    (conversationId, messageIds) => this.sendReceipt(conversationId, messageIds),
    this.schedule,
    this.options.receiptBatchMs,
  );
  /** Sends waiting for their ack, by client id (withdrawn when the service ends). */
  private readonly inFlight = new Map<string, Subscription>();
  private readonly loads = new Set<Subscription>();
  private readonly receiptsState = signal(this.options.readReceipts);

  /** Unread messages per conversation id (conversations with none are absent). */
  readonly unreadCounts: Signal<ReadonlyMap<string, number>> = this.state.unread.counts;
  /** Unread messages over every conversation, for a badge. */
  readonly totalUnread: Signal<number> = this.state.unread.total;
  /** Whether read receipts are sent (option `readReceipts`, then `setReadReceipts()`). */
  readonly readReceiptsEnabled: Signal<boolean> = this.receiptsState.asReadonly();

  constructor() {
    const me = () => this.realtime.userId();
    const subscriptions = this.zone.runOutsideAngular(() => [
      this.realtime.on('message').subscribe((event) => {
        const message = this.state.received(event.payload);
        if (message !== null) this.typists.stop(message.conversationId, message.senderId);
      }),
      this.realtime.on('message_delivered').subscribe(({ payload }) => {
        if (payload.user_id !== me()) this.raise(payload, 'delivered');
      }),
      this.realtime.on('read_receipt').subscribe(({ payload }) => {
        // With the user's own id: another device of theirs read messages.
        if (payload.user_id === undefined || payload.user_id !== me()) this.raise(payload, 'read');
        else if (isId(payload.conversation_id))
          this.state.markRead(payload.conversation_id, idsOf(payload.message_ids));
      }),
      this.realtime.on('typing_start').subscribe((event) => this.typingEvent(event.payload, true)),
      this.realtime.on('typing_stop').subscribe((event) => this.typingEvent(event.payload, false)),
      this.realtime.recovery$.subscribe((event) => this.recovered(event)),
    ]);
    inject(DestroyRef).onDestroy(() => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const { channel } of this.joined.values()) channel.unsubscribe();
      for (const send of this.inFlight.values()) send.unsubscribe();
      for (const load of this.loads) load.unsubscribe();
      for (const sender of this.typingSenders.values()) sender.dispose();
      this.typists.dispose();
      this.receipts.clear();
    });
  }

  // ---- conversations -----------------------------------------------------------------------

  /**
   * Joins `conversation:{id}` (a SocialHub `subscribe`; joined again after every reconnect)
   * and loads its history when a loader is configured. Reference-counted: every call needs
   * its `closeConversation`.
   */
  openConversation(conversationId: string): void {
    if (!isId(conversationId)) return;
    const open = this.joined.get(conversationId);
    if (open !== undefined) {
      open.holders++;
      return;
    }
    this.state.opened(conversationId);
    const channel = this.zone.runOutsideAngular(() =>
      this.realtime.subscribe(conversationChannel(conversationId)).subscribe({
        // Refused (not a member, ...): WebSocketService reported it; forget the channel so
        // that a later open tries again.
        error: () => this.joined.delete(conversationId),
      }),
    );
    if (channel.closed) return;
    this.joined.set(conversationId, { holders: 1, channel });
    this.loadHistory(conversationId, 'open');
  }

  /** Releases one `openConversation`; the last one leaves the channel and stops typing there. */
  closeConversation(conversationId: string): void {
    const open = this.joined.get(conversationId);
    if (open === undefined || --open.holders > 0) return;
    this.joined.delete(conversationId);
    open.channel.unsubscribe();
    this.typingSenders.get(conversationId)?.stop();
    this.typists.clear(conversationId);
    this.state.closed(conversationId);
  }

  /** The messages of a conversation, oldest first. Keep the signal: it stays live. */
  messages(conversationId: string): Signal<readonly ChatMessage[]> {
    return this.state.messages(conversationId);
  }

  /** Unread messages of one conversation. */
  unreadCount(conversationId: string): Signal<number> {
    return this.state.unread.count(conversationId);
  }

  // ---- sending -----------------------------------------------------------------------------

  /**
   * Sends a message: it is listed at once as `sending` with a client id (also while offline:
   * it waits in the outbox), then follows the server. Stops the user's typing indicator.
   * Returns the optimistic message, or `null` when the id or the text is empty.
   */
  sendMessage(conversationId: string, content: string): ChatMessage | null {
    if (!isId(conversationId) || typeof content !== 'string' || content.trim() === '') return null;
    this.typingSenders.get(conversationId)?.stop();
    const key = newClientMessageId();
    const message: ChatMessage = {
      key,
      id: key,
      conversationId,
      senderId: this.realtime.userId() ?? '',
      content,
      createdAt: new Date().toISOString(),
      mine: true,
      status: 'sending',
    };
    this.state.put(message);
    this.dispatch(message);
    return message;
  }

  /**
   * Sends a `failed` message again with the same id, so a server that did get an earlier try
   * applies it once. Returns false when the message is not (or no longer) failed.
   */
  retry(message: ChatMessage): boolean {
    const current = this.state.find(message.conversationId, message.key);
    if (current?.status !== 'failed') return false;
    const retried: ChatMessage = { ...current, status: 'sending', error: undefined };
    this.state.put(retried);
    this.dispatch(retried);
    return true;
  }

  /** Removes a `failed` message from its list. Returns false when it is not failed. */
  discard(message: ChatMessage): boolean {
    if (this.state.find(message.conversationId, message.key)?.status !== 'failed') return false;
    this.state.remove(message.conversationId, message.key);
    return true;
  }

  private dispatch({ key, conversationId, content }: ChatMessage): void {
    const send = storedMessage(this.realtime, this.injector, this.options, {
      conversationId,
      content,
      clientId: key,
    }).subscribe({
      next: (stored) => {
        this.inFlight.delete(key);
        this.state.acknowledged(conversationId, key, stored);
      },
      error: (error: unknown) => {
        this.inFlight.delete(key);
        this.state.failed(conversationId, key, error);
      },
    });
    if (!send.closed) this.inFlight.set(key, send);
  }

  private raise(
    payload: MessageDeliveredPayload | ReadReceiptPayload,
    status: 'delivered' | 'read',
  ): void {
    const ids = idsOf(payload.message_ids);
    if (isId(payload.conversation_id) && ids.length > 0)
      this.state.raiseStatus(payload.conversation_id, ids, status);
  }

  // ---- history ------------------------------------------------------------------------------

  private recovered(event: RecoveryEvent): void {
    if (event.recovered) return;
    for (const conversationId of this.joined.keys()) {
      if (event.channels.includes(conversationChannel(conversationId)))
        this.loadHistory(conversationId, 'gap');
    }
  }

  private loadHistory(conversationId: string, reason: HistoryLoadReason): void {
    const loader = this.options.loadHistory;
    if (loader === null || !this.browser) return;
    const failed = (cause: unknown) =>
      this.errorHandler.handleError(
        new RealtimeError('unavailable', 'Loading the conversation history failed', {
          channel: conversationChannel(conversationId),
          cause,
        }),
      );
    let load: Subscription;
    try {
      const source = runInInjectionContext(this.injector, () => loader(conversationId, reason));
      load = from(source)
        .pipe(take(1))
        .subscribe({
          next: (messages) =>
            Array.isArray(messages) ? this.state.merge(conversationId, messages) : failed(messages),
          error: failed,
          complete: () => this.loads.delete(load),
        });
    } catch (error) {
      return failed(error);
    }
    if (!load.closed) this.loads.add(load);
  }

  // ---- typing -------------------------------------------------------------------------------

  /**
   * The user's typing in a conversation, to bind to its message box. Nothing is sent while
   * offline: a late indicator is worse than none.
   */
  typing(conversationId: string): TypingInput {
    const stop = () => this.typingSenders.get(conversationId)?.stop();
    return { input: () => this.typingSender(conversationId)?.input(), sent: stop, stop };
  }

  /** Who else is typing in a conversation (the user's own typing is never listed). */
  typingUsers(conversationId: string): Signal<readonly TypingUser[]> {
    return this.typists.users(conversationId);
  }

  private typingTracker(frames: RealtimeFrameScheduler): TypingTracker {
    // Outside the zone: in a zone.js app, asking for a frame must not cause a tick itself.
    const outsideZone: RealtimeFrameScheduler = (run) =>
      this.zone.runOutsideAngular(() => frames(run));
    return new TypingTracker(this.schedule, this.options.typingExpiryMs, outsideZone);
  }

  private typingSender(conversationId: string): TypingSender | null {
    if (!isId(conversationId) || !this.browser) return null;
    let sender = this.typingSenders.get(conversationId);
    if (sender === undefined) {
      sender = new TypingSender(
        (type) => {
          if (this.realtime.isConnected())
            this.trySend(type, conversationId, { conversation_id: conversationId });
        },
        this.schedule,
        this.options.typingThrottleMs,
        this.options.typingIdleMs,
        // Idle senders are forgotten: the map only holds conversations being typed in.
        () => this.typingSenders.delete(conversationId),
      );
      this.typingSenders.set(conversationId, sender);
    }
    return sender;
  }

  private typingEvent(payload: TypingPayload, start: boolean): void {
    const { conversation_id: conversationId, user_id: userId } = payload;
    if (!isId(conversationId) || !isId(userId) || userId === this.realtime.userId()) return;
    if (!start) return this.typists.stop(conversationId, userId);
    const username = typeof payload.username === 'string' ? payload.username : undefined;
    this.typists.start(conversationId, { userId, ...(username ? { username } : {}) });
  }

  // ---- read receipts ------------------------------------------------------------------------

  /**
   * The user read these messages: the unread count drops at once and, unless receipts are
   * off, one `read_receipt` per conversation goes out after a short batching window. The
   * user's own messages and ones marked read before are left out; ids not in memory are sent
   * as given.
   */
  markRead(conversationId: string, messageIds: readonly string[]): void {
    if (!isId(conversationId)) return;
    const fresh = this.state.markRead(conversationId, idsOf(messageIds));
    if (this.receiptsState()) this.receipts.add(conversationId, fresh);
  }

  /** Marks every unread message of a conversation read. */
  markAllRead(conversationId: string): void {
    this.markRead(conversationId, this.state.unread.unreadIds(conversationId));
  }

  /**
   * Turns read receipts on or off: tells the server (`set_read_receipts`, so it holds back
   * receipts from the user's other devices too) and, when off, drops receipts not sent yet.
   */
  setReadReceipts(enabled: boolean): void {
    if (typeof enabled !== 'boolean') return;
    this.receiptsState.set(enabled);
    if (!enabled) this.receipts.clear();
    this.trySend('set_read_receipts', null, { enabled });
  }

  private sendReceipt(conversationId: string, messageIds: readonly string[]): void {
    if (!this.receiptsState()) return;
    const payload = { conversation_id: conversationId, message_ids: messageIds };
    this.trySend('read_receipt', conversationId, payload);
  }

  /** A plain send that never throws out of the service (full outbox): reported instead. */
  private trySend(type: string, conversationId: string | null, payload: object): void {
    if (!this.browser) return;
    try {
      const channel =
        conversationId === null ? {} : { channel: conversationChannel(conversationId) };
      this.realtime.send({ type, payload, ...channel });
    } catch (error) {
      this.errorHandler.handleError(error);
    }
  }
}
