import { inject, Injectable } from '@angular/core';
import { DEMO_SETTINGS } from './demo-settings';

/** What `GET/POST /api/v1/control/faults` answers. */
export interface FaultsState {
  readonly pending: readonly { readonly kind: string; readonly remaining: number }[];
  readonly refuse_upgrades: boolean;
}

/** A message as the Listings REST API answers a send: numeric ids. */
export interface ListingsMessage {
  readonly id: number;
  readonly chat_id: number;
  readonly sender_id: number;
  readonly content: string;
  readonly created_at: string;
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

  /**
   * Sends a message as `userId` (the way to send one in the Listings dialect, which has no
   * socket frame for it). Answers the stored message and, on a Listings server, `listings`:
   * the message as the Listings REST API would answer (numeric ids).
   */
  sendMessage(
    userId: string,
    conversationId: string,
    content: string,
  ): Promise<{ readonly message: unknown; readonly listings?: ListingsMessage }> {
    return this.post('messages', { user_id: userId, conversation_id: conversationId, content });
  }

  /**
   * Makes `userId` a member of a conversation, keeping the others: a dialect socket hears a
   * conversation's events only as a member (its servers route by participant, there is no
   * join frame).
   */
  async addMember(conversationId: string, userId: string): Promise<void> {
    const query = `conversations?conversation_id=${encodeURIComponent(conversationId)}`;
    const { members } = await this.request<{ members: readonly string[] | null }>('GET', query);
    if (members?.includes(userId)) return;
    await this.post('conversations', {
      conversation_id: conversationId,
      members: [...(members ?? []), userId],
    });
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
