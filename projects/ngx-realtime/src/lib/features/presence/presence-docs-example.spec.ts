/**
 * The avatar example of docs/presence.md and its test, kept runnable: if this file breaks,
 * the guide is wrong.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  injectPresenceClock,
  PresenceRealtime,
  provideRealtime,
  RtPresenceTextPipe,
  WebSocketService,
  withPresence,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

@Component({
  // The guide's 'app-avatar', with the library's selector prefix.
  selector: 'rt-docs-avatar',
  imports: [RtPresenceTextPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="avatar">
      <img [src]="photoUrl()" [alt]="name()" />
      <span
        class="dot"
        [attr.data-status]="presence().status"
        [attr.title]="presence().status"
      ></span>
    </span>
    <small class="last-seen">{{ presence() | rtPresenceText: { now: now() } }}</small>
  `,
})
class AvatarComponent {
  readonly userId = input.required<string>();
  readonly name = input('');
  readonly photoUrl = input('');

  private readonly presenceService = inject(PresenceRealtime);
  readonly presence = computed(() => this.presenceService.presence(this.userId())());
  readonly now = injectPresenceClock();
}

describe('docs/presence.md avatar example', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the dot and the text of the user, live', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRealtime({ url: 'ws://test/ws', token: () => 't', userId: 'me' }, withPresence()),
        provideRealtimeTesting(),
      ],
    });
    const controller = TestBed.inject(RealtimeTestingController);
    TestBed.inject(WebSocketService).connect();
    controller.expectSent('set_presence');

    const fixture = TestBed.createComponent(AvatarComponent);
    fixture.componentRef.setInput('userId', 'ann');
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const dot = () => element.querySelector('.dot')?.getAttribute('data-status');
    const text = () => element.querySelector('.last-seen')?.textContent?.trim();
    expect(dot()).toBe('unknown');
    expect(text()).toBe('');

    controller.expectSubscribe('presence');
    controller.ack(controller.expectSent('get_presence'), {
      presence: [{ user_id: 'ann', status: 'online', last_seen: new Date().toISOString() }],
    });
    await fixture.whenStable();
    expect(dot()).toBe('online');
    expect(text()).toBe('Active now');

    controller.emit('presence', 'presence', {
      user_id: 'ann',
      status: 'offline',
      // 3.5 minutes: the clock was read a moment before, so this stays "3 minutes" either way.
      last_seen: new Date(Date.now() - 3.5 * 60_000).toISOString(),
    });
    await fixture.whenStable();
    expect(dot()).toBe('offline');
    expect(text()).toBe('Last seen 3 minutes ago');
    controller.verify();
  });
});
