import {
  BEARER_SUBPROTOCOL,
  DEFAULT_AUTH_OPTIONS,
  callTokenProvider,
  socketTarget,
  withoutToken,
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

function tokenOf(provider: Parameters<typeof callTokenProvider>[0]): Promise<string | null> {
  return new Promise((resolve, reject) => callTokenProvider(provider, resolve, reject));
}

describe('callTokenProvider', () => {
  it('answers synchronously for a synchronous provider', () => {
    let seen: string | null | undefined;
    callTokenProvider(
      () => 'sync',
      (token) => (seen = token),
      () => undefined,
    );
    expect(seen).toBe('sync');
  });

  it('reads async providers', async () => {
    await expect(tokenOf(async () => 'async')).resolves.toBe('async');
  });

  it.each([null, undefined, ''])('normalises %p to null', async (value) => {
    await expect(tokenOf(() => value)).resolves.toBeNull();
    await expect(tokenOf(async () => value)).resolves.toBeNull();
  });

  it('is null without a provider', async () => {
    await expect(tokenOf(undefined)).resolves.toBeNull();
  });

  it('passes thrown and rejected provider failures on', async () => {
    await expect(
      tokenOf(() => {
        throw new Error('no session');
      }),
    ).rejects.toThrow('no session');
    await expect(tokenOf(async () => Promise.reject(new Error('refresh failed')))).rejects.toThrow(
      'refresh failed',
    );
  });
});

describe('withoutToken', () => {
  it('replaces the token, raw or URL-encoded, and keeps the error name', () => {
    const token = 'a+b/c=';
    const cause = new SyntaxError(
      `Invalid URL ws://h/ws?token=${encodeURIComponent(token)} and ${token}`,
    );
    const safe = withoutToken(cause, token) as Error;
    expect(safe.message).toBe('Invalid URL ws://h/ws?token=[token] and [token]');
    expect(safe.name).toBe('SyntaxError');
  });

  it('returns causes without the token unchanged', () => {
    const cause = new Error('refused');
    expect(withoutToken(cause, 'secret')).toBe(cause);
    expect(withoutToken('text', 'secret')).toBe('text');
    expect(withoutToken(cause, null)).toBe(cause);
  });
});
