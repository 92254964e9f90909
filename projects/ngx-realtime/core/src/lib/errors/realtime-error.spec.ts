import { isRealtimeError, RealtimeError } from './realtime-error';

describe('RealtimeError', () => {
  it('is an Error with a code, a name and optional context', () => {
    const cause = new Error('socket');
    const error = new RealtimeError('server_error', 'Server error RATE_LIMITED', {
      serverCode: 'RATE_LIMITED',
      messageId: 'm1',
      channel: 'feed:updates',
      details: { retry: 2 },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RealtimeError');
    expect(error.code).toBe('server_error');
    expect(error.message).toBe('Server error RATE_LIMITED');
    expect(error.serverCode).toBe('RATE_LIMITED');
    expect(error.messageId).toBe('m1');
    expect(error.channel).toBe('feed:updates');
    expect(error.details).toEqual({ retry: 2 });
    expect(error.cause).toBe(cause);
  });

  it('has no cause or context unless given', () => {
    const error = new RealtimeError('ack_timeout', 'late');
    expect('cause' in error).toBe(false);
    expect(error.serverCode).toBeUndefined();
    expect(error.details).toBeUndefined();
  });
});

describe('isRealtimeError', () => {
  it('recognises RealtimeErrors, optionally by code', () => {
    const error = new RealtimeError('outbox_full', 'full');
    expect(isRealtimeError(error)).toBe(true);
    expect(isRealtimeError(error, 'outbox_full')).toBe(true);
    expect(isRealtimeError(error, 'outbox_dropped')).toBe(false);
    expect(isRealtimeError(new Error('x'))).toBe(false);
    expect(isRealtimeError({ code: 'outbox_full', name: 'RealtimeError' })).toBe(false);
    expect(isRealtimeError(null)).toBe(false);
  });
});
