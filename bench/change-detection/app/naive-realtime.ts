import { Injectable, InjectionToken, inject } from '@angular/core';
import { filter, Subject, type Observable } from 'rxjs';

/** The WebSocket URL of the naive service. */
export const NAIVE_URL = new InjectionToken<string>('NAIVE_URL');

/** A SocialHub envelope as the naive service sees it (no validation). */
export interface Envelope {
  readonly type: string;
  readonly channel?: string;
  readonly payload: Record<string, unknown>;
}

const CHANNELS = ['notifications', 'feed:updates', 'conversation:c1'];

/**
 * The baseline: the realtime service many apps write first. A WebSocket opened in the
 * constructor (inside the Angular zone when zone.js is loaded), `JSON.parse` and one
 * `Subject.next` per message, and an `on(type)` filter for components.
 */
@Injectable({ providedIn: 'root' })
export class NaiveRealtime {
  private readonly messages = new Subject<Envelope>();
  private readonly socket = new WebSocket(inject(NAIVE_URL));

  constructor() {
    this.socket.onopen = () => {
      for (const channel of CHANNELS) {
        this.socket.send(JSON.stringify({ type: 'subscribe', payload: { channel } }));
      }
    };
    this.socket.onmessage = (event: MessageEvent<string>) => {
      this.messages.next(JSON.parse(event.data) as Envelope);
    };
  }

  /** Every message of one type. */
  on(type: string): Observable<Envelope> {
    return this.messages.pipe(filter((message) => message.type === type));
  }
}
