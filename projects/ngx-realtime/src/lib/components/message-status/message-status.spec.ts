import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { RtMessageStatus, type MessageStatus, type RtMessageStatusLabels } from 'ngx-realtime';
import { RtMessageStatusHarness } from 'ngx-realtime/testing/harnesses';

@Component({
  selector: 'rt-test-message-status-host',
  imports: [RtMessageStatus],
  template: `
    <rt-message-status
      [status]="status()"
      [labels]="labels()"
      [retryable]="retryable()"
      (retry)="retries = retries + 1"
    />
    <rt-message-status status="read" />
  `,
})
class HostComponent {
  readonly status = signal<MessageStatus>('sending');
  readonly labels = signal<Partial<RtMessageStatusLabels>>({});
  readonly retryable = signal(false);
  retries = 0;
}

describe('RtMessageStatus', () => {
  afterEach(() => TestBed.resetTestingModule());

  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const first = (await loader.getAllHarnesses(RtMessageStatusHarness))[0];
    const element = () => fixture.nativeElement.querySelector('rt-message-status') as HTMLElement;
    return { host: fixture.componentInstance, loader, first, element };
  }

  it.each([
    ['sending', 'Sending', 1, 1],
    ['sent', 'Sent', 1, 0],
    ['delivered', 'Delivered', 2, 0],
    ['read', 'Read', 2, 0],
    ['failed', 'Failed to send', 1, 2],
  ] as const)('shows %s as an SVG mark labelled "%s"', async (status, label, paths, circles) => {
    const { host, first, element } = await render();
    host.status.set(status);
    expect(await first.getStatus()).toBe(status);
    expect(await first.getAriaLabel()).toBe(label);
    const svg = element().querySelector('[role="img"] svg') as SVGElement;
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelectorAll('path')).toHaveLength(paths);
    expect(svg.querySelectorAll('circle')).toHaveLength(circles);
    expect(svg.querySelector('path')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(await first.canRetry()).toBe(false);
  });

  it('takes overridden labels', async () => {
    const { host, first } = await render();
    host.labels.set({ read: 'Gelesen' });
    host.status.set('read');
    expect(await first.getAriaLabel()).toBe('Gelesen');
    host.status.set('sent');
    expect(await first.getAriaLabel()).toBe('Sent');
  });

  it('offers a retry button for a failed message when retryable', async () => {
    const { host, first, element } = await render();
    host.retryable.set(true);
    expect(await first.canRetry()).toBe(false);
    await expect(first.retry()).rejects.toThrow('no retry button');
    host.status.set('failed');
    expect(await first.canRetry()).toBe(true);
    expect(await first.getAriaLabel()).toBe('Failed to send. Retry');
    expect(element().querySelector('button')?.getAttribute('type')).toBe('button');
    await first.retry();
    expect(host.retries).toBe(1);
    host.retryable.set(false);
    expect(await first.canRetry()).toBe(false);
    expect(await first.getAriaLabel()).toBe('Failed to send');
  });

  it('filters harnesses by status', async () => {
    const { host, loader } = await render();
    host.status.set('read');
    expect(
      await loader.getAllHarnesses(RtMessageStatusHarness.with({ status: 'read' })),
    ).toHaveLength(2);
    host.status.set('delivered');
    expect(
      await loader.getAllHarnesses(RtMessageStatusHarness.with({ status: 'read' })),
    ).toHaveLength(1);
    expect(
      await loader.getAllHarnesses(RtMessageStatusHarness.with({ status: 'delivered' })),
    ).toHaveLength(1);
  });
});
