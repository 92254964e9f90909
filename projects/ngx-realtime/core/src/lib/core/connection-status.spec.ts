import { ConnectionStatus } from './connection-status';

describe('ConnectionStatus', () => {
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
