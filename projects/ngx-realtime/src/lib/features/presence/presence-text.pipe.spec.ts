import { Component, LOCALE_ID, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RtPresenceTextPipe, type UserPresence } from 'ngx-realtime';

const NOW = Date.parse('2024-03-01T12:00:00Z');

@Component({
  selector: 'rt-test-last-seen',
  imports: [RtPresenceTextPipe],
  template: `<span class="default">{{ presence() | rtPresenceText: { now: now() } }}</span>
    <span class="custom">{{
      presence() | rtPresenceText: { now: now(), activeNow: 'Online', locale: 'en' }
    }}</span>`,
})
class LastSeenComponent {
  readonly presence = signal<UserPresence | null>(null);
  readonly now = signal(NOW);
}

describe('RtPresenceTextPipe', () => {
  afterEach(() => TestBed.resetTestingModule());

  async function render(locale?: string) {
    TestBed.configureTestingModule({
      providers: locale === undefined ? [] : [{ provide: LOCALE_ID, useValue: locale }],
    });
    const fixture = TestBed.createComponent(LastSeenComponent);
    await fixture.whenStable();
    const text = (selector: string) =>
      (fixture.nativeElement as HTMLElement).querySelector(selector)?.textContent?.trim();
    return { fixture, component: fixture.componentInstance, text };
  }

  it('renders the presence text and follows the presence and the clock', async () => {
    const { fixture, component, text } = await render();
    expect(text('.default')).toBe('');
    component.presence.set({ userId: 'u1', status: 'online', lastSeen: null });
    await fixture.whenStable();
    expect(text('.default')).toBe('Active now');
    expect(text('.custom')).toBe('Online');
    component.presence.set({ userId: 'u1', status: 'offline', lastSeen: new Date(NOW - 60_000) });
    await fixture.whenStable();
    expect(text('.default')).toBe('Last seen 1 minute ago');
    component.now.set(NOW + 60 * 60_000);
    await fixture.whenStable();
    expect(text('.default')).toBe('Last seen 1 hour ago');
  });

  it("uses the app's LOCALE_ID unless the options name a locale", async () => {
    const { fixture, component, text } = await render('de');
    component.presence.set({ userId: 'u1', status: 'offline', lastSeen: new Date(NOW - 120_000) });
    await fixture.whenStable();
    expect(text('.default')).toBe('Zuletzt online vor 2 Minuten');
    expect(text('.custom')).toBe('Last seen 2 minutes ago');
  });
});
