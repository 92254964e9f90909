import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  signal,
} from '@angular/core';
import {
  injectPresenceClock,
  MessagesRealtime,
  PageVisibility,
  PresenceRealtime,
  RtMessageStatus,
  RtPresenceIndicator,
  RtTypingIndicator,
} from 'ngx-realtime';
import { ControlApi } from './control-api';
import { DEMO_SETTINGS } from './demo-settings';

/**
 * The conversation both windows share: messages with their status ticks, who is typing,
 * and the presence of everyone in it.
 */
@Component({
  selector: 'demo-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RtMessageStatus, RtPresenceIndicator, RtTypingIndicator],
  template: `
    <section class="card conversation" aria-labelledby="conversation-title">
      <header>
        <h2 id="conversation-title">Conversation “{{ conversationId }}”</h2>
        <ul class="plain people" aria-label="People in this conversation" data-testid="people">
          @for (person of people(); track person.userId) {
            <li [attr.data-user]="person.userId" [attr.data-presence]="person.status">
              <strong>{{ person.userId }}</strong>
              <rt-presence-indicator [presence]="person" [now]="now()" showText />
            </li>
          } @empty {
            <li class="muted">Nobody else yet: open a second window as another user.</li>
          }
        </ul>
        @if (settings.dialect === 'listings') {
          <p class="muted" data-testid="presence-unavailable">
            The Listings dialect has no presence: everyone's status is unknown.
          </p>
        }
      </header>

      <ol class="plain messages" aria-label="Messages" data-testid="messages">
        @for (message of messages(); track message.key) {
          <li class="message" [class.mine]="message.mine" [attr.data-status]="message.status">
            <span class="sender">{{
              message.mine ? 'You' : (message.sender?.username ?? message.senderId)
            }}</span>
            <span class="content" data-testid="message-content">{{ message.content }}</span>
            <span class="meta">
              <time class="muted" [attr.datetime]="message.createdAt">{{
                message.createdAt | date: 'HH:mm:ss'
              }}</time>
              @if (message.mine) {
                <rt-message-status
                  data-testid="message-status"
                  [status]="message.status"
                  retryable
                  (retry)="chat.retry(message)"
                />
              }
            </span>
          </li>
        } @empty {
          <li class="muted">No messages yet. Say hello!</li>
        }
      </ol>

      <rt-typing-indicator class="typing" data-testid="typing-indicator" [users]="typists()" />

      <form class="composer" (submit)="send($event)">
        <label class="visually-hidden" for="message-input">Message</label>
        <input
          id="message-input"
          data-testid="message-input"
          autocomplete="off"
          placeholder="Write a message"
          [value]="draft()"
          (input)="onInput($event)"
          (blur)="typing().stop()"
        />
        <button type="submit" [disabled]="draft().trim() === ''">Send</button>
      </form>
    </section>
  `,
})
export class Conversation {
  protected readonly chat = inject(MessagesRealtime);
  private readonly presence = inject(PresenceRealtime);
  private readonly page = inject(PageVisibility);
  protected readonly settings = inject(DEMO_SETTINGS);
  protected readonly conversationId = this.settings.conversationId;
  protected readonly now = injectPresenceClock({ intervalMs: 10_000 });

  protected readonly messages = this.chat.messages(this.conversationId);
  private readonly unread = this.chat.unreadCount(this.conversationId);
  protected readonly typists = this.chat.typingUsers(this.conversationId);
  protected readonly typing = computed(() => this.chat.typing(this.conversationId));
  protected readonly draft = signal('');

  /** The `?peers=` from the URL, everyone who wrote or typed here: not the user. */
  protected readonly people = computed(() => {
    const ids = new Set(this.settings.peers);
    for (const message of this.messages()) if (!message.mine) ids.add(message.senderId);
    for (const typist of this.typists()) ids.add(typist.userId);
    ids.delete(this.settings.user ?? '');
    return [...ids].sort().map((id) => this.presence.presence(id)());
  });

  constructor() {
    // Joined while this component lives (the library re-joins after every reconnect).
    this.chat.openConversation(this.conversationId);
    inject(DestroyRef).onDestroy(() => this.chat.closeConversation(this.conversationId));
    // Dialect servers route a conversation's events to its members only (there is no join
    // frame): the control API stands in for the backend's membership.
    if (this.settings.dialect !== 'socialhub' && this.settings.user !== null)
      inject(ControlApi)
        .addMember(this.conversationId, this.settings.user)
        .catch(() => undefined); // without --control, only existing members hear each other
    // What is on screen in a visible tab has been read: the senders see "read" ticks.
    effect(() => {
      if (this.unread() > 0 && !this.page.hidden()) this.chat.markAllRead(this.conversationId);
    });
  }

  protected onInput(event: Event): void {
    this.draft.set((event.target as HTMLInputElement).value);
    this.typing().input();
  }

  protected send(event: Event): void {
    event.preventDefault();
    if (this.chat.sendMessage(this.conversationId, this.draft()) !== null) this.draft.set('');
  }
}
