/**
 * Supplies the current access token. Called before every connection attempt and every
 * polling request, so a provider that refreshes expired tokens keeps the link authenticated.
 * Return `null` (or an empty string) when the user is signed out.
 */
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

/**
 * Where the token travels on the WebSocket upgrade:
 * - `query` (default, as the SocialHub API): `?token=<jwt>`.
 * - `protocol`: the `Sec-WebSocket-Protocol` header, as the two subprotocols
 *   `bearer, <jwt>`; keeps the token out of URLs and server access logs. The server must
 *   answer with the subprotocol `bearer`.
 */
export type TokenPlacement = 'query' | 'protocol';

/** Authentication settings. */
export interface AuthOptions {
  readonly placement: TokenPlacement;
  /** Query parameter name for `query` placement (default `token`). */
  readonly queryParam: string;
}

/** The defaults of {@link AuthOptions}. */
export const DEFAULT_AUTH_OPTIONS: AuthOptions = { placement: 'query', queryParam: 'token' };

/** Subprotocol that announces a bearer token in `Sec-WebSocket-Protocol`. */
export const BEARER_SUBPROTOCOL = 'bearer';

/** What to hand to the WebSocket constructor. */
export interface SocketTarget {
  readonly url: string;
  readonly protocols?: string[];
}

/** Puts `token` where `auth` says. */
export function socketTarget(url: string, token: string | null, auth: AuthOptions): SocketTarget {
  if (token === null) return { url };
  if (auth.placement === 'protocol') return { url, protocols: [BEARER_SUBPROTOCOL, token] };
  const parsed = new URL(url);
  parsed.searchParams.set(auth.queryParam, token);
  return { url: parsed.toString() };
}

/** Calls a provider and normalises "no token" to `null`. */
export async function readToken(provider: TokenProvider | undefined): Promise<string | null> {
  if (provider === undefined) return null;
  const token = await provider();
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * A URL safe to mention in diagnostics: origin and path only, never the query string that
 * may carry a token.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '[unparsable url]';
  }
}
