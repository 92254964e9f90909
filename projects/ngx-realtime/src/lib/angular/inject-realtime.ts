import { assertInInjectionContext, DestroyRef, inject, Injector, type Signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
import type { ConnectionStatus, RealtimeMessage } from 'ngx-realtime/core';
import { WebSocketService } from './websocket.service';

/** Options of the `inject*` helpers. */
export interface InjectRealtimeOptions {
  /** Injector to use outside an injection context (its `DestroyRef` ends the stream). */
  readonly injector?: Injector;
}

function resolveInjector(
  helper: (...args: never[]) => unknown,
  options?: InjectRealtimeOptions,
): Injector {
  if (options?.injector === undefined) assertInInjectionContext(helper);
  return options?.injector ?? inject(Injector);
}

/**
 * The events of a channel, tied to the caller's lifetime: the channel is joined while the
 * stream is subscribed and left at the latest when the component (or service) is destroyed,
 * so no manual unsubscribe is needed.
 *
 * @example
 * readonly updates = injectChannel<FeedUpdatePayload>('feed:updates');
 * constructor() { this.updates.subscribe((event) => this.onUpdate(event.payload)); }
 */
export function injectChannel<T = unknown>(
  channel: string,
  options?: InjectRealtimeOptions,
): Observable<RealtimeMessage<T>> {
  const injector = resolveInjector(injectChannel, options);
  const service = injector.get(WebSocketService);
  return service.subscribe<T>(channel).pipe(takeUntilDestroyed(injector.get(DestroyRef)));
}

/** The connection status as a signal, for templates: `@if (status() === 'reconnecting')`. */
export function injectRealtimeStatus(options?: InjectRealtimeOptions): Signal<ConnectionStatus> {
  const injector = resolveInjector(injectRealtimeStatus, options);
  return injector.get(WebSocketService).status;
}

/** The latest event of a channel as a signal (`undefined` until the first one). */
export function injectLatest<T = unknown>(
  channel: string,
  options?: InjectRealtimeOptions,
): Signal<RealtimeMessage<T> | undefined> {
  const injector = resolveInjector(injectLatest, options);
  return toSignal(injector.get(WebSocketService).subscribe<T>(channel), { injector });
}
