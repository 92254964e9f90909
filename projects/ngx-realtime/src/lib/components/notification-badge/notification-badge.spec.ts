import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { RtNotificationBadge } from 'ngx-realtime';
import { RtNotificationBadgeHarness } from 'ngx-realtime/testing/harnesses';

@Component({
  imports: [RtNotificationBadge],
  template: `<rt-notification-badge
    [count]="count()"
    [max]="max()"
    [showZero]="showZero()"
    [formatLabel]="formatLabel()"
  />`,
})
class HostComponent {
  readonly count = signal(0);
  readonly max = signal(99);
  readonly showZero = signal(false);
  readonly formatLabel = signal((count: number) => `${count} unread notifications`);
}

@Component({
  imports: [RtNotificationBadge],
  template: '<rt-notification-badge count="1" />',
})
class StaticHostComponent {}

describe('RtNotificationBadge', () => {
  let fixture: ComponentFixture<HostComponent>;
  let host: HostComponent;
  let loader: HarnessLoader;

  async function badge(): Promise<RtNotificationBadgeHarness> {
    return loader.getHarness(RtNotificationBadgeHarness);
  }

  function endAnimation(): void {
    fixture.nativeElement
      .querySelector('rt-notification-badge')
      .dispatchEvent(new Event('animationend'));
  }

  function create(count: number): void {
    fixture = TestBed.createComponent(HostComponent);
    host = fixture.componentInstance;
    host.count.set(count);
    loader = TestbedHarnessEnvironment.loader(fixture);
  }

  it('shows the count with its accessible name', async () => {
    create(5);
    const harness = await badge();
    expect(await harness.getCount()).toBe('5');
    expect(await harness.isHidden()).toBe(false);
    expect(await harness.getAriaLabel()).toBe('5 unread notifications');
  });

  it('uses the singular for one notification by default', async () => {
    // A static attribute, as in plain HTML: the string "1" becomes the count 1.
    const staticFixture = TestBed.createComponent(StaticHostComponent);
    loader = TestbedHarnessEnvironment.loader(staticFixture);
    expect(await (await badge()).getAriaLabel()).toBe('1 unread notification');
  });

  it('caps the visible count but names the real one', async () => {
    create(150);
    const harness = await badge();
    expect(await harness.getCount()).toBe('99+');
    expect(await harness.getAriaLabel()).toBe('150 unread notifications');
    host.max.set(9);
    host.count.set(9);
    expect(await harness.getCount()).toBe('9');
    host.count.set(10);
    expect(await harness.getCount()).toBe('9+');
  });

  it('hides at 0 unless showZero, and has no name while hidden', async () => {
    create(0);
    const harness = await badge();
    expect(await harness.isHidden()).toBe(true);
    expect(await harness.getAriaLabel()).toBeNull();
    host.showZero.set(true);
    expect(await harness.isHidden()).toBe(false);
    expect(await harness.getCount()).toBe('0');
    expect(await harness.getAriaLabel()).toBe('0 unread notifications');
  });

  it('treats negative and non-numeric counts as 0', async () => {
    create(-3);
    expect(await (await badge()).isHidden()).toBe(true);
    host.count.set(Number.NaN);
    expect(await (await badge()).isHidden()).toBe(true);
  });

  it('takes a translated label', async () => {
    create(3);
    host.formatLabel.set((count) => `${count} notifications non lues`);
    expect(await (await badge()).getAriaLabel()).toBe('3 notifications non lues');
  });

  it('renders hostile formatter output as text', async () => {
    create(2);
    host.formatLabel.set(() => '<img src=x onerror=alert(1)>');
    expect(await (await badge()).getAriaLabel()).toBe('<img src=x onerror=alert(1)>');
    expect(fixture.nativeElement.querySelector('img')).toBeNull();
  });

  it('pulses when the count rises, not on the first render and not when it falls', async () => {
    create(3);
    const harness = await badge();
    expect(await harness.isPulsing()).toBe(false);
    host.count.set(4);
    expect(await harness.isPulsing()).toBe(true);
    endAnimation();
    expect(await harness.isPulsing()).toBe(false);
    host.count.set(2);
    expect(await harness.isPulsing()).toBe(false);
  });

  it('stops a running pulse when the count falls', async () => {
    create(1);
    const harness = await badge();
    host.count.set(2);
    expect(await harness.isPulsing()).toBe(true);
    host.count.set(0);
    expect(await harness.isPulsing()).toBe(false);
  });

  it('restarts the pulse on a rise while one is running', async () => {
    create(0);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement.querySelector('rt-notification-badge');
    host.count.set(1);
    fixture.detectChanges();
    expect(element.classList).toContain('rt-notification-badge--pulse-a');
    host.count.set(2);
    fixture.detectChanges();
    // A different animation name makes the browser start the animation again.
    expect(element.classList).toContain('rt-notification-badge--pulse-b');
    expect(element.classList).not.toContain('rt-notification-badge--pulse-a');
  });

  it('finds badges by text and visibility', async () => {
    create(120);
    expect(
      await loader.getAllHarnesses(RtNotificationBadgeHarness.with({ text: '99+' })),
    ).toHaveLength(1);
    expect(
      await loader.getAllHarnesses(RtNotificationBadgeHarness.with({ text: /^1/ })),
    ).toHaveLength(0);
    expect(
      await loader.getAllHarnesses(RtNotificationBadgeHarness.with({ hidden: true })),
    ).toHaveLength(0);
  });
});
