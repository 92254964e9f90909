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

type TokenResult = string | null | undefined;

/**
 * Calls a provider and hands the normalised token (`null` for none) to `onToken`:
 * synchronously when the provider answers synchronously, so a connection attempt with a
 * plain token costs no extra task.
 */
export function callTokenProvider(
  provider: TokenProvider | undefined,
  onToken: (token: string | null) => void,
  onError: (cause: unknown) => void,
): void {
  let result: TokenResult | PromiseLike<TokenResult>;
  try {
    result = provider?.();
  } catch (cause) {
    onError(cause);
    return;
  }
  const normalise = (token: TokenResult): string | null =>
    typeof token === 'string' && token !== '' ? token : null;
  if (isPromiseLike(result)) result.then((token) => onToken(normalise(token)), onError);
  else onToken(normalise(result));
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * A WebSocket constructor's error may quote the URL, and with it the token (query placement):
 * an app's ErrorHandler would then log it with the cause chain. Keeps the text, not the token.
 */
export function withoutToken(cause: unknown, token: string | null): unknown {
  if (token === null || !(cause instanceof Error)) return cause;
  const forms = [
    token,
    encodeURIComponent(token),
    new URLSearchParams({ t: token }).toString().slice(2),
  ];
  if (!forms.some((form) => cause.message.includes(form))) return cause;
  const safe = new Error(
    forms.reduce((text, form) => text.split(form).join('[token]'), cause.message),
  );
  safe.name = cause.name;
  return safe;
}
