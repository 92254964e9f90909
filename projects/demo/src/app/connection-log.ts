import { DestroyRef, inject, Injectable, signal, type Signal } from '@angular/core';
import { WebSocketService } from 'ngx-realtime';

/** One line of the network panel's log. */
export interface LogEntry {
  readonly id: number;
  readonly at: Date;
  /** `status`: a connection state; `recovery`: a catch-up verdict; `action`: a panel button. */
  readonly kind: 'status' | 'recovery' | 'action';
  readonly text: string;
}

/** Lines kept: the oldest go first. */
const MAX_ENTRIES = 50;

/**
 * Every connection state and catch-up verdict, in order. A state can be brief (a reconnect
 * after a kill may take a few milliseconds), so the panel shows the history, not just the
 * current state: that is also what the browser tests read.
 */
@Injectable({ providedIn: 'root' })
export class ConnectionLog {
  private readonly entriesState = signal<readonly LogEntry[]>([]);
  private nextId = 1;

  /** The lines, oldest first. */
  readonly entries: Signal<readonly LogEntry[]> = this.entriesState.asReadonly();

  constructor() {
    const realtime = inject(WebSocketService);
    const status = realtime.status$.subscribe((value) => this.add('status', value));
    const recovery = realtime.recovery$.subscribe((event) =>
      this.add(
        'recovery',
        event.recovered ? 'catch-up complete' : `catch-up ${event.verdict} (${event.reason})`,
      ),
    );
    inject(DestroyRef).onDestroy(() => {
      status.unsubscribe();
      recovery.unsubscribe();
    });
  }

  /** Adds a line (the panel logs its own actions too). */
  add(kind: LogEntry['kind'], text: string): void {
    const entry: LogEntry = { id: this.nextId++, at: new Date(), kind, text };
    this.entriesState.update((entries) => [...entries, entry].slice(-MAX_ENTRIES));
  }
}
