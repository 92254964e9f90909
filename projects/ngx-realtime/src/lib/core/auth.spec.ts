import {
  BEARER_SUBPROTOCOL,
  DEFAULT_AUTH_OPTIONS,
  readToken,
  redactUrl,
  socketTarget,
} from './auth';

describe('socketTarget', () => {
  it('puts the token in the token query parameter by default', () => {
    expect(DEFAULT_AUTH_OPTIONS).toEqual({ placement: 'query', queryParam: 'token' });
    expect(socketTarget('wss://h.example/ws', 'jwt.a.b', DEFAULT_AUTH_OPTIONS)).toEqual({
      url: 'wss://h.example/ws?token=jwt.a.b',
    });
  });

  it('uses a custom parameter name, keeps other parameters and replaces a stale token', () => {
    const target = socketTarget('wss://h.example/ws?v=2&access_token=old', 'new', {
      placement: 'query',
      queryParam: 'access_token',
    });
    expect(target).toEqual({ url: 'wss://h.example/ws?v=2&access_token=new' });
  });

  it('encodes the token', () => {
    const { url } = socketTarget('ws://h.example/ws', 'a+b/c=', DEFAULT_AUTH_OPTIONS);
    expect(new URL(url).searchParams.get('token')).toBe('a+b/c=');
  });

  it('puts the token in the subprotocols with protocol placement, not in the URL', () => {
    expect(
      socketTarget('wss://h.example/ws', 'jwt', { placement: 'protocol', queryParam: 'token' }),
    ).toEqual({
      url: 'wss://h.example/ws',
      protocols: [BEARER_SUBPROTOCOL, 'jwt'],
    });
    expect(BEARER_SUBPROTOCOL).toBe('bearer');
  });

  it('leaves the URL alone without a token', () => {
    expect(socketTarget('wss://h.example/ws', null, DEFAULT_AUTH_OPTIONS)).toEqual({
      url: 'wss://h.example/ws',
    });
    expect(
      socketTarget('wss://h.example/ws', null, { placement: 'protocol', queryParam: 'token' }),
    ).toEqual({
      url: 'wss://h.example/ws',
    });
  });
});

describe('readToken', () => {
  it('reads sync and async providers', async () => {
    await expect(readToken(() => 'sync')).resolves.toBe('sync');
    await expect(readToken(async () => 'async')).resolves.toBe('async');
  });

  it.each([null, undefined, ''])('normalises %p to null', async (value) => {
    await expect(readToken(() => value)).resolves.toBeNull();
    await expect(readToken(async () => value)).resolves.toBeNull();
  });

  it('is null without a provider', async () => {
    await expect(readToken(undefined)).resolves.toBeNull();
  });

  it('passes a provider failure on', async () => {
    await expect(
      readToken(async () => Promise.reject(new Error('refresh failed'))),
    ).rejects.toThrow('refresh failed');
  });
});

describe('redactUrl', () => {
  it('keeps origin and path and strips the query and fragment', () => {
    expect(redactUrl('wss://h.example:8443/ws?token=secret&x=1#frag')).toBe(
      'wss://h.example:8443/ws',
    );
  });

  it('strips credentials in the authority', () => {
    expect(redactUrl('https://user:pass@h.example/poll?token=t')).toBe('https://h.example/poll');
  });

  it('never echoes an unparsable URL', () => {
    expect(redactUrl('not a url?token=secret')).toBe('[unparsable url]');
  });
});
