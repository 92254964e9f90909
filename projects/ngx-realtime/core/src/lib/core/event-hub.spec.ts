import { RealtimeError } from '../errors/realtime-error';
import type { RealtimeMessage } from '../protocol/message';
import { EventHub } from './event-hub';

function event(
  type: string,
  channel?: string,
  id = `${type}-${channel ?? 'none'}`,
): RealtimeMessage {
  return { id, type, payload: {}, channel, timestamp: '2024-03-01T12:00:00Z' };
}

/** The hub's lazily created subjects, to prove they are released (a memory property). */
function streamCount(hub: EventHub): { byType: number; byChannel: number } {
  const size = (name: string): number => {
    const map: unknown = Reflect.get(hub, name);
    if (!(map instanceof Map)) throw new Error(`EventHub.${name} is not a Map`);
    return map.size;
  };
  return { byType: size('byType'), byChannel: size('byChannel') };
}

describe('EventHub', () => {
  let hub: EventHub;

  beforeEach(() => {
    hub = new EventHub();
  });

  it('delivers by type, by channel and to all$', () => {
    const types: string[] = [];
    const channel: string[] = [];
    const all: string[] = [];
    hub.ofType('notification').subscribe((e) => types.push(e.id));
    hub.ofChannel('notifications', jest.fn(), jest.fn()).subscribe((e) => channel.push(e.id));
    hub.all$.subscribe((e) => all.push(e.id));
    hub.deliver(event('notification', 'notifications', 'n1'));
    hub.deliver(event('presence', 'presence', 'p1'));
    hub.deliver(event('notification', undefined, 'n2'));
    expect(types).toEqual(['n1', 'n2']);
    expect(channel).toEqual(['n1']);
    expect(all).toEqual(['n1', 'p1', 'n2']);
  });

  it('delivers to nobody without listeners and without error', () => {
    expect(() => hub.deliver(event('notification', 'notifications'))).not.toThrow();
    expect(streamCount(hub)).toEqual({ byType: 0, byChannel: 0 });
  });

  it('shares one stream per type and drops it after the last unsubscribe', () => {
    const a = hub.ofType('presence').subscribe();
    const b = hub.ofType('presence').subscribe();
    expect(streamCount(hub).byType).toBe(1);
    a.unsubscribe();
    expect(streamCount(hub).byType).toBe(1);
    b.unsubscribe();
    expect(streamCount(hub).byType).toBe(0);
    // A later listener gets a fresh stream that works.
    const seen: string[] = [];
    hub.ofType('presence').subscribe((e) => seen.push(e.id));
    hub.deliver(event('presence', undefined, 'p2'));
    expect(seen).toEqual(['p2']);
  });

  it('calls the channel hooks per listener and drops the channel stream after the last', () => {
    const onSubscribe = jest.fn();
    const onUnsubscribe = jest.fn();
    const a = hub.ofChannel('c', onSubscribe, onUnsubscribe).subscribe();
    const b = hub.ofChannel('c', onSubscribe, onUnsubscribe).subscribe();
    expect(onSubscribe).toHaveBeenCalledTimes(2);
    expect(streamCount(hub).byChannel).toBe(1);
    a.unsubscribe();
    expect(onUnsubscribe).toHaveBeenCalledTimes(1);
    expect(streamCount(hub).byChannel).toBe(1);
    b.unsubscribe();
    expect(onUnsubscribe).toHaveBeenCalledTimes(2);
    expect(streamCount(hub).byChannel).toBe(0);
  });

  it('ends a channel with completion', () => {
    const complete = jest.fn();
    const error = jest.fn();
    const onUnsubscribe = jest.fn();
    hub.ofChannel('c', jest.fn(), onUnsubscribe).subscribe({ complete, error });
    hub.endChannel('c');
    expect(complete).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
    expect(onUnsubscribe).toHaveBeenCalledTimes(1);
    expect(streamCount(hub).byChannel).toBe(0);
  });

  it('ends a channel with an error, leaving other channels alone', () => {
    const rejected = new RealtimeError('channel_rejected', 'no', { channel: 'c' });
    const error = jest.fn();
    const other: string[] = [];
    hub.ofChannel('c', jest.fn(), jest.fn()).subscribe({ error });
    hub.ofChannel('d', jest.fn(), jest.fn()).subscribe((e) => other.push(e.id));
    hub.endChannel('c', rejected);
    expect(error).toHaveBeenCalledWith(rejected);
    hub.deliver(event('feed_update', 'd', 'd1'));
    expect(other).toEqual(['d1']);
  });

  it('lets a channel be joined again after it ended', () => {
    hub.ofChannel('c', jest.fn(), jest.fn()).subscribe();
    hub.endChannel('c');
    const seen: string[] = [];
    hub.ofChannel('c', jest.fn(), jest.fn()).subscribe((e) => seen.push(e.id));
    hub.deliver(event('feed_update', 'c', 'again'));
    expect(seen).toEqual(['again']);
  });

  it('ignores ending a channel nobody listens to', () => {
    expect(() => hub.endChannel('nobody')).not.toThrow();
    expect(() =>
      hub.endChannel('nobody', new RealtimeError('channel_rejected', 'x')),
    ).not.toThrow();
  });

  it('complete() completes every stream', () => {
    const completions: string[] = [];
    hub.ofType('presence').subscribe({ complete: () => completions.push('type') });
    hub
      .ofChannel('c', jest.fn(), jest.fn())
      .subscribe({ complete: () => completions.push('channel') });
    hub.all$.subscribe({ complete: () => completions.push('all') });
    hub.complete();
    expect(completions.sort()).toEqual(['all', 'channel', 'type']);
    expect(streamCount(hub)).toEqual({ byType: 0, byChannel: 0 });
  });
});
