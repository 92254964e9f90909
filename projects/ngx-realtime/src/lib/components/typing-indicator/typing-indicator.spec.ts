import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { RtTypingIndicator, typingText, type RtTypingIndicatorUser } from 'ngx-realtime';
import { RtTypingIndicatorHarness } from 'ngx-realtime/testing/harnesses';

@Component({
  imports: [RtTypingIndicator],
  template: `<rt-typing-indicator [users]="users()" [formatText]="formatText()" />`,
})
class HostComponent {
  readonly users = signal<readonly RtTypingIndicatorUser[]>([]);
  readonly formatText = signal(typingText);
}

describe('RtTypingIndicator', () => {
  let fixture: ComponentFixture<HostComponent>;
  let host: HostComponent;
  let loader: HarnessLoader;

  beforeEach(() => {
    fixture = TestBed.createComponent(HostComponent);
    host = fixture.componentInstance;
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  async function indicator(): Promise<RtTypingIndicatorHarness> {
    return loader.getHarness(RtTypingIndicatorHarness);
  }

  it('shows nothing while nobody types, but keeps the polite live region', async () => {
    const harness = await indicator();
    expect(await harness.isVisible()).toBe(false);
    expect(await harness.getText()).toBe('');
    expect(await harness.getAriaLive()).toBe('polite');
    const element: HTMLElement = fixture.nativeElement.querySelector('rt-typing-indicator');
    expect(element.getAttribute('role')).toBe('status');
    expect(element.textContent?.trim()).toBe('');
  });

  it('names one, two, then the first and how many others', async () => {
    const harness = await indicator();
    host.users.set(['Jane']);
    expect(await harness.getText()).toBe('Jane is typing…');
    expect(await harness.isVisible()).toBe(true);
    host.users.set(['Jane', 'Bob']);
    expect(await harness.getText()).toBe('Jane and Bob are typing…');
    host.users.set(['Jane', 'Bob', 'Ann']);
    expect(await harness.getText()).toBe('Jane and 2 others are typing…');
    host.users.set(['Jane', 'Bob', 'Ann', 'Eve']);
    expect(await harness.getText()).toBe('Jane and 3 others are typing…');
    host.users.set([]);
    expect(await harness.isVisible()).toBe(false);
  });

  it('accepts { name } objects and the messages feature TypingUser', async () => {
    host.users.set([{ name: 'Jane' }, { userId: 'u2', username: 'Bob' }]);
    expect(await (await indicator()).getText()).toBe('Jane and Bob are typing…');
    host.users.set([{ userId: 'u3' }]);
    expect(await (await indicator()).getText()).toBe('u3 is typing…');
  });

  it('hides the animated dots from assistive technology', async () => {
    host.users.set(['Jane']);
    await indicator();
    const dots: HTMLElement = fixture.nativeElement.querySelector('.rt-typing-indicator__dots');
    expect(dots.getAttribute('aria-hidden')).toBe('true');
    expect(dots.textContent?.trim()).toBe('');
  });

  it('takes a translated text', async () => {
    host.formatText.set((names) =>
      names.length === 1 ? `${names[0]} écrit…` : `${names.length} personnes écrivent…`,
    );
    host.users.set(['Jeanne']);
    expect(await (await indicator()).getText()).toBe('Jeanne écrit…');
    host.users.set(['Jeanne', 'Bob']);
    expect(await (await indicator()).getText()).toBe('2 personnes écrivent…');
  });

  it('shows nothing when the formatter returns an empty text', async () => {
    host.formatText.set(() => '');
    host.users.set(['Jane']);
    expect(await (await indicator()).isVisible()).toBe(false);
  });

  it('renders hostile names as text', async () => {
    host.users.set(['<img src=x onerror=alert(1)>']);
    expect(await (await indicator()).getText()).toBe('<img src=x onerror=alert(1)> is typing…');
    expect(fixture.nativeElement.querySelector('img')).toBeNull();
  });

  it('finds indicators by text and visibility', async () => {
    host.users.set(['Jane']);
    expect(
      await loader.getAllHarnesses(RtTypingIndicatorHarness.with({ text: /Jane/ })),
    ).toHaveLength(1);
    expect(
      await loader.getAllHarnesses(RtTypingIndicatorHarness.with({ visible: false })),
    ).toHaveLength(0);
  });
});
