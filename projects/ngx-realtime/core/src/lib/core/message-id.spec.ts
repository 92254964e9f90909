import { uuidV4 } from './message-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV4', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');

  function setCrypto(value: unknown): void {
    Object.defineProperty(globalThis, 'crypto', { value, configurable: true, writable: true });
  }

  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'crypto', original);
    else delete (globalThis as { crypto?: unknown }).crypto;
    jest.restoreAllMocks();
  });

  it('produces unique UUID v4 strings', () => {
    const ids = Array.from({ length: 200 }, () => uuidV4());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses crypto.randomUUID where available', () => {
    const randomUUID = jest.fn(() => '11111111-2222-4333-8444-555555555555');
    setCrypto({ randomUUID, getRandomValues: jest.fn() });
    expect(uuidV4()).toBe('11111111-2222-4333-8444-555555555555');
    expect(randomUUID).toHaveBeenCalledTimes(1);
  });

  it('falls back to crypto.getRandomValues without randomUUID (plain-HTTP origins)', () => {
    const getRandomValues = jest.fn((array: Uint8Array) => {
      array.fill(0xff);
      return array;
    });
    setCrypto({ getRandomValues });
    const id = uuidV4();
    expect(getRandomValues).toHaveBeenCalledTimes(1);
    expect(id).toMatch(UUID_V4);
    // Every random bit set, except the version and variant bits the format fixes.
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('sets version and variant bits over all-zero random bytes', () => {
    setCrypto({ getRandomValues: (array: Uint8Array) => array });
    expect(uuidV4()).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('falls back to Math.random without crypto', () => {
    setCrypto(undefined);
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const id = uuidV4();
    expect(random).toHaveBeenCalledTimes(16);
    expect(id).toMatch(UUID_V4);
    expect(id).toBe('80808080-8080-4080-8080-808080808080');
  });

  it('gives distinct ids with the Math.random fallback', () => {
    setCrypto({});
    const ids = Array.from({ length: 100 }, () => uuidV4());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(100);
  });
});
