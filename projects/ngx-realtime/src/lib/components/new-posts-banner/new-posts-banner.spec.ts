import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { newPostsText, RtNewPostsBanner } from 'ngx-realtime';
import { RtNewPostsBannerHarness } from 'ngx-realtime/testing/harnesses';

@Component({
  imports: [RtNewPostsBanner],
  template: `<rt-new-posts-banner
    [count]="count()"
    [formatText]="formatText()"
    (load)="onLoad()"
  />`,
})
class HostComponent {
  readonly count = signal(0);
  readonly formatText = signal(newPostsText);
  loads = 0;
  /** What an app does: show the posts, which brings the count back to 0. */
  onLoad(): void {
    this.loads++;
    this.count.set(0);
  }
}

describe('RtNewPostsBanner', () => {
  let fixture: ComponentFixture<HostComponent>;
  let host: HostComponent;
  let loader: HarnessLoader;

  beforeEach(() => {
    fixture = TestBed.createComponent(HostComponent);
    host = fixture.componentInstance;
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  async function banner(): Promise<RtNewPostsBannerHarness> {
    return loader.getHarness(RtNewPostsBannerHarness);
  }

  it('is absent at 0 while its polite live region stays in the page', async () => {
    const harness = await banner();
    expect(await harness.isShown()).toBe(false);
    expect(await harness.getText()).toBe('');
    const live: HTMLElement = fixture.nativeElement.querySelector('[aria-live]');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent?.trim()).toBe('');
  });

  it('shows "N new posts" inside the live region, singular for one', async () => {
    host.count.set(1);
    const harness = await banner();
    expect(await harness.isShown()).toBe(true);
    expect(await harness.getText()).toBe('1 new post');
    host.count.set(1204);
    expect(await harness.getText()).toBe('1,204 new posts');
    const live: HTMLElement = fixture.nativeElement.querySelector('[aria-live="polite"]');
    expect(live.querySelector('button')).not.toBeNull();
  });

  it('emits load when pressed, and goes away when the app shows the posts', async () => {
    host.count.set(3);
    const harness = await banner();
    await harness.load();
    expect(host.loads).toBe(1);
    expect(await harness.isShown()).toBe(false);
    await expect(harness.load()).rejects.toThrow(/no banner/);
  });

  it('is a real button: focusable, typed button, its arrow hidden from screen readers', async () => {
    host.count.set(2);
    const harness = await banner();
    await harness.focus();
    expect(await harness.isFocused()).toBe(true);
    const button: HTMLButtonElement = fixture.nativeElement.querySelector('button');
    expect(button.type).toBe('button');
    expect(button.tabIndex).toBe(0);
    expect(button.querySelector('.rt-new-posts-banner__arrow')?.getAttribute('aria-hidden')).toBe(
      'true',
    );
  });

  it('treats negative and non-numeric counts as 0', async () => {
    host.count.set(-2);
    expect(await (await banner()).isShown()).toBe(false);
    host.count.set(Number.NaN);
    expect(await (await banner()).isShown()).toBe(false);
  });

  it('takes a translated text', async () => {
    host.formatText.set((count) => `${count} nouvelles publications`);
    host.count.set(4);
    expect(await (await banner()).getText()).toBe('4 nouvelles publications');
  });

  it('renders hostile formatter output as text', async () => {
    host.formatText.set(() => '<script>alert(1)</script>');
    host.count.set(4);
    expect(await (await banner()).getText()).toBe('<script>alert(1)</script>');
    expect(fixture.nativeElement.querySelector('script')).toBeNull();
  });

  it('finds banners by text and by whether they show', async () => {
    host.count.set(5);
    expect(
      await loader.getAllHarnesses(RtNewPostsBannerHarness.with({ text: '5 new posts' })),
    ).toHaveLength(1);
    expect(
      await loader.getAllHarnesses(RtNewPostsBannerHarness.with({ shown: false })),
    ).toHaveLength(0);
  });
});
