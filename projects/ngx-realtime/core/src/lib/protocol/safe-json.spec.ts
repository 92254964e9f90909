import { isJsonObject, parseJsonSafely, withoutForbiddenKeys } from './safe-json';

/** Own property names of `Object.prototype`, to prove parsing never adds one. */
function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('parseJsonSafely', () => {
  const before = prototypeKeys();

  afterEach(() => {
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('parses ordinary JSON exactly like JSON.parse', () => {
    const text = '{"a":1,"b":[true,null,"x"],"c":{"d":-2.5e3}}';
    expect(parseJsonSafely(text)).toEqual(JSON.parse(text));
    expect(parseJsonSafely('"plain"')).toBe('plain');
    expect(parseJsonSafely('[1,2]')).toEqual([1, 2]);
  });

  it('drops __proto__, constructor and prototype keys at the top level', () => {
    const parsed = parseJsonSafely(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,"keep":2}',
    );
    expect(Object.keys(parsed as object)).toEqual(['keep']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('drops forbidden keys at any depth, inside arrays too', () => {
    const parsed = parseJsonSafely(
      '{"a":{"b":{"c":[{"__proto__":{"polluted":true},"ok":1}],"constructor":{"x":1}}}}',
    );
    expect(parsed).toEqual({ a: { b: { c: [{ ok: 1 }] } } });
    const inner = (parsed as { a: { b: { c: object[] } } }).a.b.c[0];
    expect(Object.prototype.hasOwnProperty.call(inner, '__proto__')).toBe(false);
  });

  it('drops keys spelled with \\u escapes', () => {
    const text =
      '{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true},"constr\\u0075ctor":1,' +
      '"\\u0070rototype":2,"n\\u0061me":"kept"}';
    expect(parseJsonSafely(text)).toEqual({ name: 'kept' });
  });

  it('keeps string values and array items that merely spell a forbidden word', () => {
    const parsed = parseJsonSafely(
      '{"text":"__proto__ constructor prototype","list":["__proto__"]}',
    );
    expect(parsed).toEqual({ text: '__proto__ constructor prototype', list: ['__proto__'] });
  });

  it('keeps keys that only contain a forbidden word', () => {
    expect(parseJsonSafely('{"my_constructor":1,"prototypes":2}')).toEqual({
      my_constructor: 1,
      prototypes: 2,
    });
  });

  it('throws the SyntaxError of JSON.parse for invalid text', () => {
    expect(() => parseJsonSafely('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonSafely('{"__proto__":')).toThrow(SyntaxError);
    expect(() => parseJsonSafely('')).toThrow(SyntaxError);
  });
});

describe('withoutForbiddenKeys', () => {
  it('copies parsed data without forbidden keys at any depth', () => {
    // JSON.parse (and response.json()) keep `__proto__` as an own property.
    const parsed: unknown = JSON.parse(
      '{"__proto__":{"polluted":true},"a":[{"constructor":1,"b":{"prototype":2,"c":3}}],"d":"e"}',
    );
    const clean = withoutForbiddenKeys(parsed);
    expect(clean).toEqual({ a: [{ b: { c: 3 } }], d: 'e' });
    expect(Object.prototype.hasOwnProperty.call(clean, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('returns primitives unchanged and leaves its input alone', () => {
    expect(withoutForbiddenKeys('x')).toBe('x');
    expect(withoutForbiddenKeys(null)).toBeNull();
    const input = { constructor: 1, keep: 2 };
    expect(withoutForbiddenKeys(input)).toEqual({ keep: 2 });
    expect(input).toEqual({ constructor: 1, keep: 2 });
  });
});

describe('isJsonObject', () => {
  it('accepts plain objects only', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject('x')).toBe(false);
    expect(isJsonObject(1)).toBe(false);
    expect(isJsonObject(undefined)).toBe(false);
  });
});
