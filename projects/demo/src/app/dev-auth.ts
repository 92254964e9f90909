import { inject, Injectable } from '@angular/core';
import { DEMO_SETTINGS } from './demo-settings';

/** Tokens are asked for again this long before they expire. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Signs the demo user in with the reference server's dev-token endpoint
 * (`POST /api/v1/auth/dev-token {user_id}`, dev mode only). A real app asks its own auth
 * service here; the realtime layer only needs a function that returns the current token.
 */
@Injectable({ providedIn: 'root' })
export class DevAuth {
  private readonly settings = inject(DEMO_SETTINGS);
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string | null> | null = null;

  /**
   * The current token, fetched once and reused until shortly before it expires (the library
   * asks before every connect and every polling request). `null` when nobody is signed in.
   */
  token(): Promise<string | null> {
    const user = this.settings.user;
    if (user === null) return Promise.resolve(null);
    if (this.cached !== null && Date.now() < this.cached.expiresAt - REFRESH_MARGIN_MS) {
      return Promise.resolve(this.cached.token);
    }
    this.pending ??= this.fetchToken(user).finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetchToken(user: string): Promise<string | null> {
    const response = await fetch(`${this.settings.serverUrl}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: user }),
    });
    // A server without dev mode has no such endpoint: the library then reports `unauthorized`.
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: unknown; expires_in?: unknown };
    if (typeof body.token !== 'string') return null;
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.cached = { token: body.token, expiresAt: Date.now() + seconds * 1000 };
    return body.token;
  }
}
