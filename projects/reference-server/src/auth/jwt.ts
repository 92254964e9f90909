import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The secret as a key object, made once per secret: given a plain string, jsonwebtoken
 * first tries (and fails) to parse it as a public key on every verification, which cost
 * about a tenth of the server's CPU while 2,000 clients connected.
 */
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** Why a token was refused; the codes and texts of the SocialHub API. */
export type AuthFailure = 'MISSING_TOKEN' | 'INVALID_TOKEN' | 'TOKEN_EXPIRED';

/** The spec's 401 bodies, by failure. */
export const AUTH_FAILURE_TEXT: Readonly<Record<AuthFailure, string>> = {
  MISSING_TOKEN: 'missing token',
  INVALID_TOKEN: 'invalid token',
  TOKEN_EXPIRED: 'token expired',
};

/** A verified token's identity. */
export interface Identity {
  readonly userId: string;
  /** When the token expires (epoch ms), if it says. */
  readonly expiresAt?: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly failure: AuthFailure };

/** Verifies an HS256 JWT with a `user_id` claim (string or number) and an optional `exp`. */
export function verifyToken(token: string | null | undefined, secret: string): VerifyResult {
  if (token === null || token === undefined || token === '')
    return { ok: false, failure: 'MISSING_TOKEN' };
  try {
    const claims = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'] });
    const userId = typeof claims === 'object' ? claims['user_id'] : undefined;
    if (typeof userId !== 'string' && typeof userId !== 'number')
      return { ok: false, failure: 'INVALID_TOKEN' };
    if (String(userId) === '') return { ok: false, failure: 'INVALID_TOKEN' };
    const exp = typeof claims === 'object' ? claims.exp : undefined;
    const expiresAt = typeof exp === 'number' ? exp * 1000 : undefined;
    return { ok: true, identity: { userId: String(userId), expiresAt } };
  } catch (error) {
    return {
      ok: false,
      failure: error instanceof jwt.TokenExpiredError ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN',
    };
  }
}

/** Signs a token for `userId` valid for `ttlSeconds` (dev mode and tests). */
export function signToken(userId: string, secret: string, ttlSeconds = 3600): string {
  return jwt.sign({ user_id: userId }, secret, { algorithm: 'HS256', expiresIn: ttlSeconds });
}

/**
 * The token of an upgrade or HTTP request: `?token=`, the `Sec-WebSocket-Protocol`
 * subprotocols `bearer, <token>`, or `Authorization: Bearer <token>`.
 */
export function tokenFromRequest(
  url: URL,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const protocols = String(headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const bearerAt = protocols.indexOf('bearer');
  if (bearerAt >= 0 && protocols[bearerAt + 1]) return protocols[bearerAt + 1];
  const authorization = headers['authorization'];
  const match = typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match ? match[1].trim() : null;
}
