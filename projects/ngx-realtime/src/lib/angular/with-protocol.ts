import type { RealtimeProtocol } from 'ngx-realtime/core';
import { RealtimeFeatureKind, type RealtimeFeature } from './provide-realtime';
import { REALTIME_PROTOCOL } from './realtime-config';

/**
 * Speaks another wire dialect than SocialHub: `chatApiProtocol()`, `listingsProtocol()` or
 * an adapter of your own (`RealtimeProtocol`). `WebSocketService` and the domain services
 * keep working on the canonical events the adapter maps to and from. Takes precedence over
 * `RealtimeConfig.protocol`. In dev mode, combining it with `withPolling()` throws
 * `invalid_config` when the protocol's capabilities say it has no polling endpoints.
 *
 * @example
 * provideRealtime({ url: 'wss://chat.example.com/chat/ws' }, withProtocol(chatApiProtocol()), withMessages());
 */
export function withProtocol(
  protocol: RealtimeProtocol,
): RealtimeFeature<RealtimeFeatureKind.Protocol> {
  return {
    kind: RealtimeFeatureKind.Protocol,
    providers: [{ provide: REALTIME_PROTOCOL, useValue: protocol }],
    settings: { protocol },
  };
}
