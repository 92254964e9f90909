import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { WebSocketService } from 'ngx-realtime';
import { ConnectionLog } from './connection-log';
import { ControlApi } from './control-api';
import { DEMO_SETTINGS } from './demo-settings';

/**
 * Breaks the connection on purpose through the reference server's test-control API and
 * shows what the library does about it: the transport, the counters and every state.
 */
@Component({
  selector: 'demo-network-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <section class="card network" aria-labelledby="network-title">
      <h2 id="network-title">Network</h2>
      <div class="actions">
        <button type="button" data-testid="kill" (click)="kill()">Kill my connection</button>
        <button type="button" data-testid="drop" (click)="drop()">Drop my next 3 events</button>
        <!-- The other dialects have no polling endpoints and no notifications. -->
        @if (socialHub) {
          @if (refusing()) {
            <button type="button" data-testid="allow-websocket" (click)="forcePolling(false)">
              Allow WebSockets again
            </button>
          } @else {
            <button type="button" data-testid="force-polling" (click)="forcePolling(true)">
              Force polling (everyone)
            </button>
          }
          <button type="button" data-testid="test-notification" (click)="notifyMe()">
            Send me a notification
          </button>
        }
      </div>
      @if (!socialHub) {
        <p class="muted" data-testid="dialect-limits">
          The {{ dialect }} dialect has no polling fallback and no notifications.
        </p>
      }
      @if (problem()) {
        <p role="alert">{{ problem() }}</p>
      }

      <dl class="stats" data-testid="stats">
        <dt>Status</dt>
        <dd>{{ realtime.status() }}</dd>
        <dt>Transport</dt>
        <dd data-testid="transport">{{ realtime.stats().transport ?? 'none' }}</dd>
        <dt>Round trip</dt>
        <dd>{{ realtime.stats().rttMs === null ? '–' : realtime.stats().rttMs + ' ms' }}</dd>
        <dt>Reconnects</dt>
        <dd>{{ realtime.stats().reconnects }}</dd>
        <dt>Frames in / out</dt>
        <dd>{{ realtime.stats().framesIn }} / {{ realtime.stats().framesOut }}</dd>
        <dt>Outbox</dt>
        <dd>{{ realtime.stats().outboxDepth }}</dd>
        <dt>Last sequence</dt>
        <dd>{{ realtime.stats().lastSequence ?? '–' }}</dd>
      </dl>

      <h3>Log</h3>
      <ol class="plain log" data-testid="connection-log">
        @for (entry of log.entries(); track entry.id) {
          <li [attr.data-kind]="entry.kind">
            <time class="muted">{{ entry.at | date: 'HH:mm:ss.SSS' }}</time>
            {{ entry.text }}
          </li>
        }
      </ol>
    </section>
  `,
})
export class NetworkPanel {
  protected readonly realtime = inject(WebSocketService);
  protected readonly log = inject(ConnectionLog);
  private readonly control = inject(ControlApi);
  private readonly settings = inject(DEMO_SETTINGS);
  private readonly user = this.settings.user ?? '';
  protected readonly dialect = this.settings.dialect;
  protected readonly socialHub = this.dialect === 'socialhub';
  protected readonly refusing = signal(false);
  protected readonly problem = signal<string | null>(null);

  constructor() {
    // Another window may have forced polling already.
    this.control.faults().then(
      (faults) => this.refusing.set(faults.refuse_upgrades),
      () => undefined,
    );
  }

  protected kill(): Promise<void> {
    return this.act('server killed my connection', () => this.control.kill(this.user));
  }

  protected drop(): Promise<void> {
    return this.act('server drops my next 3 events', () => this.control.dropFrames(this.user, 3));
  }

  protected forcePolling(refuse: boolean): Promise<void> {
    return this.act(
      refuse ? 'server refuses WebSockets' : 'server accepts WebSockets',
      async () => {
        await this.control.refuseUpgrades(refuse);
        this.refusing.set(refuse);
        // Open sockets survive a refusal of new ones: drop them so the fallback starts now.
        if (refuse) await this.control.kill(this.user);
      },
    );
  }

  protected notifyMe(): Promise<void> {
    return this.act('server sent me a notification', () =>
      this.control.publish({
        user_id: this.user,
        channel: 'notifications',
        type: 'notification',
        payload: {
          id: crypto.randomUUID(),
          type: 'mention',
          actor_name: 'Network panel',
          message: 'A test notification from the network panel',
          created_at: new Date().toISOString(),
        },
      }),
    );
  }

  private async act(text: string, action: () => Promise<unknown>): Promise<void> {
    this.problem.set(null);
    try {
      await action();
      this.log.add('action', text);
    } catch {
      this.problem.set('The test-control API did not answer: start the server with --control.');
    }
  }
}
