import { ChannelRegistry } from './channel-registry';

describe('ChannelRegistry', () => {
  it('asks for a subscribe frame only for the first listener', () => {
    const registry = new ChannelRegistry();
    expect(registry.acquire('feed:updates')).toBe(true);
    expect(registry.acquire('feed:updates')).toBe(false);
    expect(registry.acquire('notifications')).toBe(true);
    expect(registry.active()).toEqual(['feed:updates', 'notifications']);
  });

  it('asks for an unsubscribe frame only after the last listener', () => {
    const registry = new ChannelRegistry();
    registry.acquire('c');
    registry.acquire('c');
    expect(registry.release('c')).toBe(false);
    expect(registry.active()).toEqual(['c']);
    expect(registry.release('c')).toBe(true);
    expect(registry.active()).toEqual([]);
  });

  it('ignores releasing a channel nobody holds', () => {
    const registry = new ChannelRegistry();
    expect(registry.release('c')).toBe(false);
    registry.acquire('c');
    registry.release('c');
    expect(registry.release('c')).toBe(false);
    expect(registry.acquire('c')).toBe(true);
  });

  it('removes a channel whatever its count', () => {
    const registry = new ChannelRegistry();
    registry.acquire('c');
    registry.acquire('c');
    expect(registry.remove('c')).toBe(true);
    expect(registry.active()).toEqual([]);
    expect(registry.remove('c')).toBe(false);
    expect(registry.release('c')).toBe(false);
  });

  it('lists active channels in the order they were first joined', () => {
    const registry = new ChannelRegistry();
    registry.acquire('b');
    registry.acquire('a');
    registry.acquire('b');
    registry.acquire('c');
    registry.release('a');
    expect(registry.active()).toEqual(['b', 'c']);
    registry.acquire('a');
    expect(registry.active()).toEqual(['b', 'c', 'a']);
  });
});
