import { Component, LOCALE_ID, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import {
  RtPresenceIndicator,
  type PresenceState,
  type RtPresenceLabels,
  type UserPresence,
} from 'ngx-realtime';
import { RtPresenceIndicatorHarness } from 'ngx-realtime/testing/harnesses';

const NOW = Date.parse('2024-03-01T12:00:00Z');

@Component({
  selector: 'rt-test-presence-host',
  imports: [RtPresenceIndicator],
  template: `
    <rt-presence-indicator
      class="from-presence"
      [presence]="presence()"
      [showText]="showText()"
      [now]="now"
      [locale]="locale()"
      [labels]="labels()"
      [activeNowText]="activeNowText()"
      [lastSeenText]="lastSeenText()"
    />
    <rt-presence-indicator
      class="from-status"
      [status]="status()"
      [lastSeen]="lastSeen()"
      showText
      [now]="now"
    />
  `,
})
class HostComponent {
  readonly now = NOW;
  readonly presence = signal<UserPresence | null>(null);
  readonly showText = signal(false);
  readonly locale = signal<string | null>(null);
  readonly labels = signal<Partial<RtPresenceLabels>>({});
  readonly activeNowText = signal<string | undefined>(undefined);
  readonly lastSeenText = signal<((time: string) => string) | undefined>(undefined);
  readonly status = signal<PresenceState | null>(null);
  readonly lastSeen = signal<Date | string | number | null>(null);
}

function presence(status: PresenceState, lastSeen: Date | null = null): UserPresence {
  return { userId: 'u1', status, lastSeen };
}

describe('RtPresenceIndicator', () => {
  afterEach(() => TestBed.resetTestingModule());

  async function render(locale?: string) {
    TestBed.configureTestingModule({
      providers: locale === undefined ? [] : [{ provide: LOCALE_ID, useValue: locale }],
    });
    const fixture = TestBed.createComponent(HostComponent);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const fromPresence = await loader.getHarness(
      RtPresenceIndicatorHarness.with({ selector: '.from-presence' }),
    );
    const fromStatus = await loader.getHarness(
      RtPresenceIndicatorHarness.with({ selector: '.from-status' }),
    );
    return { fixture, host: fixture.componentInstance, loader, fromPresence, fromStatus };
  }

  it('renders nothing for an unknown presence', async () => {
    const { fixture, host, fromPresence } = await render();
    expect(await fromPresence.getStatus()).toBe('unknown');
    expect(await fromPresence.getAriaLabel()).toBeNull();
    host.presence.set(presence('unknown'));
    host.showText.set(true);
    expect(await fromPresence.getStatus()).toBe('unknown');
    expect(await fromPresence.getText()).toBe('');
    const element = fixture.nativeElement.querySelector('.from-presence') as HTMLElement;
    expect(element.querySelector('[role="img"]')).toBeNull();
  });

  it.each([
    ['online', 'Online'],
    ['away', 'Away'],
    ['busy', 'Busy'],
    ['offline', 'Offline'],
  ] as const)('shows a %s dot labelled "%s"', async (status, label) => {
    const { fixture, host, fromPresence } = await render();
    host.presence.set(presence(status));
    expect(await fromPresence.getStatus()).toBe(status);
    expect(await fromPresence.getAriaLabel()).toBe(label);
    const dot = fixture.nativeElement.querySelector('.from-presence [role="img"]') as HTMLElement;
    expect(dot.classList).toContain(`rt-presence-indicator__dot--${status}`);
    expect(await fromPresence.getText()).toBe('');
  });

  it('shows "Active now" or "Last seen …" only with showText', async () => {
    const { host, fromPresence } = await render();
    host.presence.set(presence('online'));
    host.showText.set(true);
    expect(await fromPresence.getText()).toBe('Active now');
    host.presence.set(presence('busy'));
    expect(await fromPresence.getText()).toBe('Active now');
    host.presence.set(presence('offline', new Date(NOW - 5 * 60_000)));
    expect(await fromPresence.getText()).toBe('Last seen 5 minutes ago');
    host.presence.set(presence('away', null));
    expect(await fromPresence.getText()).toBe('');
    expect(await fromPresence.getAriaLabel()).toBe('Away');
  });

  it('takes a status and lastSeen when no presence is given', async () => {
    const { host, fromStatus } = await render();
    expect(await fromStatus.getStatus()).toBe('unknown');
    host.status.set('away');
    host.lastSeen.set('2024-03-01T11:00:00Z');
    expect(await fromStatus.getStatus()).toBe('away');
    expect(await fromStatus.getText()).toBe('Last seen 1 hour ago');
  });

  it("localizes with the app's LOCALE_ID, or the locale input", async () => {
    const { host, fromPresence } = await render('de');
    host.showText.set(true);
    host.presence.set(presence('offline', new Date(NOW - 2 * 60_000)));
    expect(await fromPresence.getText()).toBe('Zuletzt online vor 2 Minuten');
    host.locale.set('en');
    expect(await fromPresence.getText()).toBe('Last seen 2 minutes ago');
  });

  it('takes overridden texts and labels', async () => {
    const { host, fromPresence } = await render();
    host.showText.set(true);
    host.labels.set({ online: 'Verfügbar' });
    host.activeNowText.set('Here');
    host.presence.set(presence('online'));
    expect(await fromPresence.getAriaLabel()).toBe('Verfügbar');
    expect(await fromPresence.getText()).toBe('Here');
    host.lastSeenText.set((time: string) => `Seen ${time}`);
    host.presence.set(presence('offline', new Date(NOW - 60_000)));
    expect(await fromPresence.getAriaLabel()).toBe('Offline');
    expect(await fromPresence.getText()).toBe('Seen 1 minute ago');
  });

  it('filters harnesses by status and text', async () => {
    const { host, loader } = await render();
    host.presence.set(presence('busy'));
    host.status.set('offline');
    host.lastSeen.set(NOW - 3 * 60_000);
    expect(await loader.getAllHarnesses(RtPresenceIndicatorHarness)).toHaveLength(2);
    const busy = await loader.getAllHarnesses(RtPresenceIndicatorHarness.with({ status: 'busy' }));
    expect(busy).toHaveLength(1);
    expect(await busy[0].getAriaLabel()).toBe('Busy');
    const seen = await loader.getAllHarnesses(
      RtPresenceIndicatorHarness.with({ text: /3 minutes/ }),
    );
    expect(seen).toHaveLength(1);
    expect(await seen[0].getStatus()).toBe('offline');
    expect(
      await loader.getAllHarnesses(RtPresenceIndicatorHarness.with({ status: 'online' })),
    ).toHaveLength(0);
  });
});
