import { Component, PLATFORM_ID, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import {
  DEFAULT_CONNECTION_STATUS_TEXTS,
  RtConnectionStatus,
  type ConnectionStatus,
  type RtConnectionStatusTexts,
} from 'ngx-realtime';
import { RtConnectionStatusHarness } from 'ngx-realtime/testing/harnesses';

const START = Date.parse('2024-03-01T12:00:00Z');

@Component({
  selector: 'rt-test-connection-status-host',
  imports: [RtConnectionStatus],
  template: `
    <rt-connection-status
      [status]="status()"
      [nextRetryAt]="nextRetryAt()"
      [hideWhenConnected]="hide()"
      [texts]="texts()"
      (retry)="retries = retries + 1"
    />
  `,
})
class HostComponent {
  readonly status = signal<ConnectionStatus>('connecting');
  readonly nextRetryAt = signal<number | null>(null);
  readonly hide = signal(false);
  readonly texts = signal<Partial<RtConnectionStatusTexts>>({});
  retries = 0;
}

describe('RtConnectionStatus', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  async function render(platform = 'browser') {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: platform }] });
    const fixture = TestBed.createComponent(HostComponent);
    const harness =
      await TestbedHarnessEnvironment.loader(fixture).getHarness(RtConnectionStatusHarness);
    return { fixture, host: fixture.componentInstance, harness };
  }

  it.each([
    ['connected', 'Connected', false],
    ['connecting', 'Connecting…', false],
    ['reconnecting', 'Reconnecting…', true],
    ['polling', 'Offline, using polling', false],
    ['unauthorized', 'Not authorized', true],
    ['disconnected', 'Disconnected', true],
  ] as const)('shows %s as "%s" (retry: %s)', async (status, text, canRetry) => {
    const { host, harness } = await render();
    host.status.set(status);
    expect(await harness.getState()).toBe(status);
    expect(await harness.getText()).toBe(text);
    expect(await harness.getAnnouncement()).toBe(text);
    expect(await harness.canRetry()).toBe(canRetry);
  });

  it('announces politely through role="status" and hides the duplicate visible text', async () => {
    const { fixture } = await render();
    const element = fixture.nativeElement as HTMLElement;
    const live = element.querySelector('[role="status"]');
    expect(live?.getAttribute('aria-live')).toBe('polite');
    expect(element.querySelector('.rt-connection-status__text')?.getAttribute('aria-hidden')).toBe(
      'true',
    );
  });

  it('counts down to nextRetryAt once a second, and stops at the attempt', async () => {
    jest.useFakeTimers({ now: START });
    const { host, harness } = await render();
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 4_000);
    expect(await harness.getText()).toBe('Reconnecting in 4 s…');
    expect(await harness.getAnnouncement()).toBe('Reconnecting…');
    jest.advanceTimersByTime(999);
    expect(await harness.getText()).toBe('Reconnecting in 4 s…');
    jest.advanceTimersByTime(1);
    expect(await harness.getText()).toBe('Reconnecting in 3 s…');
    jest.advanceTimersByTime(2_500);
    expect(await harness.getText()).toBe('Reconnecting in 1 s…');
    jest.advanceTimersByTime(500);
    expect(await harness.getText()).toBe('Reconnecting…');
    expect(jest.getTimerCount()).toBe(0);
    // A new attempt, a new countdown.
    host.nextRetryAt.set(Date.now() + 2_000);
    expect(await harness.getText()).toBe('Reconnecting in 2 s…');
    expect(await harness.getAnnouncement()).toBe('Reconnecting…');
  });

  it('changes the number when the whole second left changes, not on a free-running grid', async () => {
    jest.useFakeTimers({ now: START });
    const { host, harness } = await render();
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 2_300);
    expect(await harness.getText()).toBe('Reconnecting in 3 s…');
    jest.advanceTimersByTime(300);
    expect(await harness.getText()).toBe('Reconnecting in 2 s…');
    jest.advanceTimersByTime(1_000);
    expect(await harness.getText()).toBe('Reconnecting in 1 s…');
  });

  it('runs no timer when not counting down', async () => {
    jest.useFakeTimers({ now: START });
    const { host, harness } = await render();
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 10_000);
    expect(await harness.getText()).toBe('Reconnecting in 10 s…');
    expect(jest.getTimerCount()).toBe(1);
    host.status.set('connected');
    expect(await harness.getText()).toBe('Connected');
    expect(jest.getTimerCount()).toBe(0);
    host.status.set('reconnecting');
    host.nextRetryAt.set(START - 1);
    expect(await harness.getText()).toBe('Reconnecting…');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts no timer on the server', async () => {
    jest.useFakeTimers({ now: START });
    const { host, harness } = await render('server');
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 3_000);
    expect(await harness.getText()).toBe('Reconnecting in 3 s…');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops its timer when destroyed', async () => {
    jest.useFakeTimers({ now: START });
    const { fixture, host, harness } = await render();
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 5_000);
    expect(await harness.getText()).toBe('Reconnecting in 5 s…');
    fixture.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('emits retry from its button', async () => {
    const { host, harness } = await render();
    await expect(harness.retry()).rejects.toThrow('no Retry button');
    host.status.set('disconnected');
    await harness.retry();
    expect(host.retries).toBe(1);
  });

  it('hides its visible part while connected with hideWhenConnected', async () => {
    const { host, harness } = await render();
    host.hide.set(true);
    host.status.set('connected');
    expect(await harness.isVisible()).toBe(false);
    expect(await harness.getText()).toBe('');
    expect(await harness.getAnnouncement()).toBe('Connected');
    host.status.set('polling');
    expect(await harness.isVisible()).toBe(true);
    expect(await harness.getText()).toBe('Offline, using polling');
  });

  it('takes overridden texts', async () => {
    jest.useFakeTimers({ now: START });
    const { host, harness } = await render();
    host.texts.set({
      reconnecting: (s) => (s === null ? 'Neuer Versuch…' : `Neuer Versuch in ${s} s…`),
      retry: 'Erneut versuchen',
      disconnected: 'Getrennt',
    });
    host.status.set('reconnecting');
    host.nextRetryAt.set(START + 2_000);
    expect(await harness.getText()).toBe('Neuer Versuch in 2 s…');
    expect(await harness.getAnnouncement()).toBe('Neuer Versuch…');
    host.status.set('disconnected');
    expect(await harness.getText()).toBe('Getrennt');
    expect(DEFAULT_CONNECTION_STATUS_TEXTS.disconnected).toBe('Disconnected');
  });

  it('filters harnesses by state and text', async () => {
    const { fixture, host } = await render();
    host.status.set('polling');
    const loader = TestbedHarnessEnvironment.loader(fixture);
    expect(
      await loader.getAllHarnesses(RtConnectionStatusHarness.with({ state: 'polling' })),
    ).toHaveLength(1);
    expect(
      await loader.getAllHarnesses(RtConnectionStatusHarness.with({ state: 'connected' })),
    ).toHaveLength(0);
    expect(
      await loader.getAllHarnesses(RtConnectionStatusHarness.with({ text: /polling/ })),
    ).toHaveLength(1);
  });
});
