import { inject, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import {
  chatApiProtocol,
  listingsProtocol,
  provideRealtime,
  withFeed,
  withMessages,
  withNotifications,
  withPolling,
  withPresence,
  withProtocol,
  withTabSharing,
  type RealtimeFeature,
} from 'ngx-realtime';
import { DevAuth } from './dev-auth';
import { DEMO_SETTINGS, webSocketUrl, type DemoSettings } from './demo-settings';
import { sendThroughListingsApi } from './listings-send';

/**
 * The demo's providers: one realtime connection to the reference server with every feature
 * of the library that the page's dialect has. The reconnect budget is small on purpose, so
 * "force polling" in the network panel reaches polling within seconds rather than minutes.
 */
export function demoConfig(settings: DemoSettings): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      { provide: DEMO_SETTINGS, useValue: settings },
      provideRealtime(
        {
          url: webSocketUrl(settings.serverUrl, settings.dialect),
          token: () => inject(DevAuth).token(),
          userId: settings.user ?? undefined,
          autoConnect: settings.user !== null,
          // One person at a time uses the demo: no crowd to spread after a "Kill my
          // connection" (close 1012), so the restart spread is kept short.
          reconnect: {
            initialDelayMs: 500,
            maxDelayMs: 4000,
            maxAttempts: 4,
            restartSpreadMs: 500,
          },
          heartbeat: { intervalMs: 15_000 },
        },
        ...features(settings),
        ...(settings.shareTabs ? [withTabSharing()] : []),
      ),
    ],
  };
}

/** The library's features for the page's dialect (docs/protocols.md, capabilities). */
function features({ dialect, serverUrl }: DemoSettings): RealtimeFeature[] {
  switch (dialect) {
    case 'chat-api':
      // No polling endpoints (provideRealtime refuses withPolling()), notifications or feed.
      return [withProtocol(chatApiProtocol()), withMessages(), withPresence()];
    case 'listings':
      // No send frame either: messages go through the (stand-in) REST API. No presence:
      // withPresence() stays so the conversation can show everyone as "unknown".
      return [
        withProtocol(listingsProtocol()),
        withMessages({ sendMessage: sendThroughListingsApi }),
        withPresence(),
      ];
    case 'socialhub':
      return [
        // Sends made while polling go through the server's /send extension.
        withPolling({ sendUrl: `${serverUrl}/api/v1/realtime/send` }),
        withNotifications(),
        withMessages(),
        withPresence(),
        withFeed(),
      ];
  }
}
