import { inject, provideEnvironmentInitializer } from '@angular/core';
import { RealtimeFeatureKind, type RealtimeFeature } from '../../angular/provide-realtime';
import { PRESENCE_OPTIONS, resolvePresenceOptions, type PresenceOptions } from './presence-options';
import { PresenceRealtime } from './presence-realtime.service';

/**
 * Adds `PresenceRealtime`: who is online, away, busy or offline, and this device's own status
 * (away after the tab stayed hidden, busy by choice, or hidden for privacy). The service starts
 * with the app, so the own status is reported even on pages that show nobody's presence.
 *
 * @throws RealtimeError `invalid_config` for options that could never work.
 * @example
 * provideRealtime(
 *   { url: 'wss://api.example.com/ws', token: () => inject(Auth).token() },
 *   withPresence({ awayAfterHiddenMs: 5 * 60_000 }),
 * );
 */
export function withPresence(
  options: PresenceOptions = {},
): RealtimeFeature<RealtimeFeatureKind.Presence> {
  const settings = resolvePresenceOptions(options);
  return {
    kind: RealtimeFeatureKind.Presence,
    providers: [
      { provide: PRESENCE_OPTIONS, useValue: settings },
      PresenceRealtime,
      provideEnvironmentInitializer(() => inject(PresenceRealtime)),
    ],
    settings: { ...settings },
  };
}
