/**
 * The conversation component of docs/messages.md, kept runnable: if this file breaks, the
 * guide is wrong.
 */
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  MessagesRealtime,
  PageVisibility,
  provideRealtime,
  WebSocketService,
  withMessages,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Component({
  selector: 'rt-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol>
      @for (message of messages(); track message.key) {
        <li [class.mine]="message.mine">
          {{ message.content }}
          @if (message.mine) {
            <small>{{ message.status }}</small>
            @if (message.status === 'failed') {
              <button type="button" (click)="chat.retry(message)">Retry</button>
            }
          }
        </li>
      }
    </ol>
    @if (typingLabel()) {
      <p class="typing">{{ typingLabel() }}</p>
    }
    <form (submit)="send($event)">
      <input
        aria-label="Message"
        [value]="draft()"
        (input)="onInput($event)"
        (blur)="typing().stop()"
      />
      <button type="submit">Send</button>
    </form>
  `,
})
class ConversationComponent {
  protected readonly chat = inject(MessagesRealtime);
  private readonly page = inject(PageVisibility);
  readonly conversationId = input.required<string>();

  protected readonly messages = computed(() => this.chat.messages(this.conversationId())());
  protected readonly typing = computed(() => this.chat.typing(this.conversationId()));
  protected readonly typingLabel = computed(() => {
    const users = this.chat.typingUsers(this.conversationId())();
    const names = users.map((user) => user.username ?? user.userId).join(', ');
    return users.length === 0 ? '' : `${names} ${users.length === 1 ? 'is' : 'are'} typing…`;
  });
  protected readonly draft = signal('');

  constructor() {
    // Joined while shown; the last close leaves the channel.
    effect((onCleanup) => {
      const id = this.conversationId();
      this.chat.openConversation(id);
      onCleanup(() => this.chat.closeConversation(id));
    });
    // What is on screen in a visible tab has been read.
    effect(() => {
      const id = this.conversationId();
      if (this.chat.unreadCount(id)() > 0 && !this.page.hidden()) this.chat.markAllRead(id);
    });
  }

  protected onInput(event: Event): void {
    this.draft.set((event.target as HTMLInputElement).value);
    this.typing().input();
  }

  protected send(event: Event): void {
    event.preventDefault();
    if (this.chat.sendMessage(this.conversationId(), this.draft())) this.draft.set('');
  }
}

describe('docs/messages.md example', () => {
  afterEach(() => jest.useRealTimers());

  it('shows, sends, marks read and shows who types', () => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws', token: () => 't', userId: 'me' }, withMessages()),
        provideRealtimeTesting(),
      ],
    });
    const controller = TestBed.inject(RealtimeTestingController);
    TestBed.inject(WebSocketService).connect();
    const fixture = TestBed.createComponent(ConversationComponent);
    fixture.componentRef.setInput('conversationId', 'c1');
    fixture.detectChanges();
    controller.expectSubscribe('conversation:c1');
    const element = fixture.nativeElement as HTMLElement;

    controller.emit('conversation:c1', 'message', {
      id: 'm1',
      conversation_id: 'c1',
      sender_id: 'ann',
      content: 'Hi!',
      created_at: '2030-01-01T10:00:00Z',
    });
    controller.emit('conversation:c1', 'typing_start', {
      conversation_id: 'c1',
      user_id: 'bob',
      username: 'Bob',
    });
    fixture.detectChanges();
    expect(element.querySelector('li')?.textContent?.trim()).toBe('Hi!');
    expect(element.querySelector('.typing')?.textContent).toBe('Bob is typing…');
    jest.advanceTimersByTime(300);
    expect(controller.expectSent('read_receipt').payload).toEqual({
      conversation_id: 'c1',
      message_ids: ['m1'],
    });

    const box = element.querySelector('input') as HTMLInputElement;
    box.value = 'Hello';
    box.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    controller.expectSent('typing_start');
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    controller.expectSent('typing_stop');
    const frame = controller.expectSent('send_message');
    expect(element.querySelector('li.mine')?.textContent).toContain('sending');
    controller.fail(frame, 'INTERNAL_ERROR');
    fixture.detectChanges();
    (element.querySelector('li.mine button') as HTMLButtonElement).click();
    controller.ack(controller.expectSent('send_message'), {
      id: 'm2',
      conversation_id: 'c1',
      sender_id: 'me',
      content: 'Hello',
      created_at: '2030-01-01T10:00:05Z',
    });
    fixture.detectChanges();
    expect(element.querySelector('li.mine small')?.textContent).toBe('sent');
    expect(box.value).toBe('');

    fixture.destroy();
    controller.expectUnsubscribe('conversation:c1');
    controller.verify();
  });
});
