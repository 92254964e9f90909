import { Observable, Subject } from 'rxjs';
import type { RealtimeError } from '../errors/realtime-error';
import type { RealtimeMessage } from '../protocol/message';

/**
 * Fan-out of delivered events: one Subject per event type and per channel, created on the
 * first listener and dropped after the last, so delivery costs two map look-ups per event
 * whatever the number of listeners elsewhere.
 */
export class EventHub {
  private readonly everything = new Subject<RealtimeMessage>();
  private readonly byType = new Map<string, Subject<RealtimeMessage>>();
  private readonly byChannel = new Map<string, Subject<RealtimeMessage>>();

  /** Every delivered event. */
  readonly all$: Observable<RealtimeMessage> = this.everything.asObservable();

  deliver(message: RealtimeMessage): void {
    this.byType.get(message.type)?.next(message);
    if (message.channel !== undefined) this.byChannel.get(message.channel)?.next(message);
    if (this.everything.observed) this.everything.next(message);
  }

  /** Events of one type. */
  ofType(type: string): Observable<RealtimeMessage> {
    return lazyStream(this.byType, type);
  }

  /**
   * Events of one channel. `onSubscribe` runs for every new subscriber and `onUnsubscribe`
   * when that subscriber leaves (also when the channel ends), so the caller can keep a
   * reference count.
   */
  ofChannel(
    channel: string,
    onSubscribe: () => void,
    onUnsubscribe: () => void,
  ): Observable<RealtimeMessage> {
    const stream = lazyStream(this.byChannel, channel);
    return new Observable<RealtimeMessage>((subscriber) => {
      const subscription = stream.subscribe(subscriber);
      onSubscribe();
      return () => {
        subscription.unsubscribe();
        onUnsubscribe();
      };
    });
  }

  /** Ends a channel's streams: with an error (the server refused it) or completion. */
  endChannel(channel: string, error?: RealtimeError): void {
    const subject = this.byChannel.get(channel);
    if (subject === undefined) return;
    this.byChannel.delete(channel);
    if (error === undefined) subject.complete();
    else subject.error(error);
  }

  /** Completes every stream (the client is destroyed). */
  complete(): void {
    for (const subject of [...this.byType.values(), ...this.byChannel.values()]) subject.complete();
    this.byType.clear();
    this.byChannel.clear();
    this.everything.complete();
  }
}

function lazyStream(
  map: Map<string, Subject<RealtimeMessage>>,
  key: string,
): Observable<RealtimeMessage> {
  return new Observable<RealtimeMessage>((subscriber) => {
    let subject = map.get(key);
    if (subject === undefined) {
      subject = new Subject<RealtimeMessage>();
      map.set(key, subject);
    }
    const owner = subject;
    const subscription = owner.subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      if (!owner.observed && map.get(key) === owner) map.delete(key);
    };
  });
}
