import { inject, Injectable } from '@angular/core';
import { DEMO_SETTINGS } from './demo-settings';

/** What `GET/POST /api/v1/control/faults` answers. */
export interface FaultsState {
  readonly pending: readonly { readonly kind: string; readonly remaining: number }[];
  readonly refuse_upgrades: boolean;
}

/**
 * The reference server's test-control API (`--control`, docs/reference-server.md): the
 * network panel uses it to break the connection on purpose. It has no authentication and
 * exists only on a development server on loopback.
 */
@Injectable({ providedIn: 'root' })
export class ControlApi {
  private readonly settings = inject(DEMO_SETTINGS);

  /** Drops the user's sockets without a close frame (the browser sees 1006). */
  kill(userId: string): Promise<{ killed: number }> {
    return this.post('kill', { user_id: userId, terminate: true });
  }

  /** The server silently drops the next `count` event frames to the user. */
  dropFrames(userId: string, count: number): Promise<FaultsState> {
    return this.post('faults', { kind: 'drop', count, user_id: userId });
  }

  /** Refuses (or allows again) WebSocket upgrades: refused clients fall back to polling. */
  refuseUpgrades(refuse: boolean): Promise<{ refuse_upgrades: boolean }> {
    return this.post('upgrades', { refuse });
  }

  /** The pending faults and whether upgrades are refused. */
  faults(): Promise<FaultsState> {
    return this.request('GET', 'faults');
  }

  /** An event as if the backend had produced it, to one user or to a channel. */
  publish(event: {
    readonly type: string;
    readonly payload: object;
    readonly user_id?: string;
    readonly channel?: string;
    readonly except_user_id?: string;
  }): Promise<{ delivered: number }> {
    return this.post('publish', event);
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.request('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(`${this.settings.serverUrl}/api/v1/control/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      // 404: the server runs without --control.
      throw new Error(`control API ${path}: HTTP ${response.status}`);
    }
    return (await response.json()) as T;
  }
}
