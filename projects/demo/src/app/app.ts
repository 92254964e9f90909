import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RtConnectionStatus, WebSocketService } from 'ngx-realtime';
import { ConnectionLog } from './connection-log';
import { Conversation } from './conversation';
import { DEMO_SETTINGS } from './demo-settings';
import { Feed } from './feed';
import { Login } from './login';
import { NetworkPanel } from './network-panel';
import { NotificationsMenu } from './notifications-menu';
import { OwnPresence } from './own-presence';

/**
 * The demo page: the sign-in form, or the signed-in user's header, conversation, feed and
 * network panel. Everything the realtime layer shows is bound as text, never as HTML: the
 * contents come from other users and may be hostile.
 */
@Component({
  selector: 'demo-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RtConnectionStatus,
    Conversation,
    Feed,
    Login,
    NetworkPanel,
    NotificationsMenu,
    OwnPresence,
  ],
  template: `
    @if (settings.user; as user) {
      <header class="top-bar">
        <h1>ngx-realtime <span class="muted">demo</span></h1>
        <rt-connection-status
          data-testid="connection-status"
          [status]="realtime.status()"
          [nextRetryAt]="realtime.stats().nextRetryAt"
          (retry)="realtime.reconnect()"
        />
        @if (dialect !== 'socialhub') {
          <span class="muted" data-testid="dialect">{{ dialect }} dialect</span>
        }
        <span class="spacer"></span>
        <!-- The other dialects have no notifications and no status to choose (docs/protocols.md). -->
        @if (dialect === 'socialhub') {
          <demo-own-presence />
          <demo-notifications-menu />
        }
        <span class="who" data-testid="signed-in-user">
          Signed in as <strong>{{ user }}</strong>
          <a [href]="switchUserHref()">Switch user</a>
        </span>
      </header>
      <main class="layout">
        <demo-conversation />
        @if (dialect === 'socialhub') {
          <demo-feed />
        }
        <demo-network-panel />
      </main>
    } @else {
      <main class="sign-in-page">
        <demo-login />
      </main>
    }
  `,
})
export class App {
  protected readonly settings = inject(DEMO_SETTINGS);
  protected readonly realtime = inject(WebSocketService);
  protected readonly dialect = this.settings.dialect;

  /** Back to the sign-in form, keeping the server and conversation. */
  protected readonly switchUserHref = computed(() => {
    const params = new URLSearchParams(location.search);
    params.delete('user');
    const query = params.toString();
    return query === '' ? '?' : `?${query}`;
  });

  constructor() {
    // Created with the page, so the log holds every state from the first one.
    inject(ConnectionLog);
  }
}
