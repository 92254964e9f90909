import { ConnectionStatus, isLive } from './connection-status';

describe('isLive', () => {
  it('is true only where events reach the app', () => {
    const live = Object.values(ConnectionStatus).filter(isLive);
    expect(live).toEqual(['connected', 'polling']);
  });

  it('names all six states', () => {
    expect(Object.values(ConnectionStatus).sort()).toEqual([
      'connected',
      'connecting',
      'disconnected',
      'polling',
      'reconnecting',
      'unauthorized',
    ]);
  });
});
