import { InjectionToken } from '@angular/core';

/**
 * What the page was opened with. Every setting lives in the URL, so two browser windows
 * (or two Playwright contexts) are two users: `/?user=alice` and `/?user=bob`.
 */
export interface DemoSettings {
  /** The signed-in demo user, or `null` to show the sign-in form. */
  readonly user: string | null;
  /** The reference server's HTTP origin, e.g. `http://127.0.0.1:8082`. */
  readonly serverUrl: string;
  /** The conversation both windows chat in. */
  readonly conversationId: string;
  /** People whose presence is shown next to the conversation (besides who spoke). */
  readonly peers: readonly string[];
  /** What the server's WebSocket speaks (`?dialect=`, the server's `--dialect`). */
  readonly dialect: DemoDialect;
  /**
   * `?tabs=share`: the tabs of this user share one connection (`withTabSharing()`). Off by
   * default: the demo shows one connection's life per window, and its "kill my connection"
   * and network controls act on that window's own socket.
   */
  readonly shareTabs: boolean;
}

/** The wire dialects of the reference server (docs/protocols.md). */
export type DemoDialect = 'socialhub' | 'chat-api' | 'listings';

/** Each dialect's WebSocket path on the reference server. */
const SOCKET_PATHS: Readonly<Record<DemoDialect, string>> = {
  socialhub: '/ws',
  'chat-api': '/chat/ws',
  listings: '/ws/chat',
};

/** The reference server `npm start` runs. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8082';

/** The dev-token endpoint's rule for user ids (docs/reference-server.md). */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The settings of this page, from `DemoSettings`' URL parameters. */
export const DEMO_SETTINGS = new InjectionToken<DemoSettings>('DEMO_SETTINGS');

/** Reads the settings from a query string; anything invalid falls back to the default. */
export function readDemoSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  const name = (key: string): string | null => {
    const value = params.get(key)?.trim() ?? '';
    return NAME.test(value) ? value : null;
  };
  const dialect = params.get('dialect');
  const known = dialect === 'chat-api' || dialect === 'listings' ? dialect : 'socialhub';
  return {
    user: name('user'),
    serverUrl: serverUrl(params.get('server')),
    // Listings ids are numbers on the wire: `lobby` could not be sent there.
    conversationId: name('conversation') ?? (known === 'listings' ? '1' : 'lobby'),
    peers: (params.get('peers') ?? '')
      .split(',')
      .map((peer) => peer.trim())
      .filter((peer) => NAME.test(peer)),
    dialect: known,
    shareTabs: params.get('tabs') === 'share',
  };
}

/** Only plain http(s) origins: the value ends up in fetch and WebSocket URLs. */
function serverUrl(value: string | null): string {
  if (value === null) return DEFAULT_SERVER_URL;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : DEFAULT_SERVER_URL;
  } catch {
    return DEFAULT_SERVER_URL;
  }
}

/**
 * The WebSocket endpoint of a server origin (`http:` → `ws:`, `https:` → `wss:`), at the
 * dialect's path.
 */
export function webSocketUrl(serverUrl: string, dialect: DemoDialect = 'socialhub'): string {
  return `${serverUrl.replace(/^http/, 'ws')}${SOCKET_PATHS[dialect]}`;
}
