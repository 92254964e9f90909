import { inject, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import {
  provideRealtime,
  withFeed,
  withMessages,
  withNotifications,
  withPolling,
  withPresence,
} from 'ngx-realtime';
import { DevAuth } from './dev-auth';
import { DEMO_SETTINGS, webSocketUrl, type DemoSettings } from './demo-settings';

/**
 * The demo's providers: one realtime connection to the reference server with every feature
 * of the library. The reconnect budget is small on purpose, so "force polling" in the
 * network panel reaches polling within seconds rather than minutes.
 */
export function demoConfig(settings: DemoSettings): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      { provide: DEMO_SETTINGS, useValue: settings },
      provideRealtime(
        {
          url: webSocketUrl(settings.serverUrl),
          token: () => inject(DevAuth).token(),
          userId: settings.user ?? undefined,
          autoConnect: settings.user !== null,
          reconnect: { initialDelayMs: 500, maxDelayMs: 4000, maxAttempts: 4 },
          heartbeat: { intervalMs: 15_000 },
        },
        // Sends made while polling go through the server's /send extension.
        withPolling({ sendUrl: `${settings.serverUrl}/api/v1/realtime/send` }),
        withNotifications(),
        withMessages(),
        withPresence(),
        withFeed(),
      ),
    ],
  };
}
