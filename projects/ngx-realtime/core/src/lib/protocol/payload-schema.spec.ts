import { allOf, isIsoTimestamp, oneOf, payloadSchema, type FieldKind } from './payload-schema';

describe('isIsoTimestamp', () => {
  it.each([
    '2024-03-01T12:00:00Z',
    '2024-03-01T12:00:00.123Z',
    '2024-03-01T12:00:00.123456789Z',
    '2024-03-01T12:00:00+02:00',
    '2024-03-01T12:00:00-0530',
    '2024-03-01T12:00Z',
    '2024-03-01 12:00:00Z',
  ])('accepts %s', (value) => {
    expect(isIsoTimestamp(value)).toBe(true);
  });

  it.each([
    ['a date without time', '2024-03-01'],
    ['a time without zone', '2024-03-01T12:00:00'],
    ['an impossible hour', '2024-03-01T25:00:00Z'],
    ['an impossible month', '2024-13-01T12:00:00Z'],
    ['free text', 'yesterday'],
    ['an empty string', ''],
    ['a number', 1709294400000],
    ['null', null],
  ])('rejects %s', (_label, value) => {
    expect(isIsoTimestamp(value)).toBe(false);
  });
});

describe('payloadSchema', () => {
  const kinds: readonly [FieldKind, unknown, unknown][] = [
    ['string', '', 1],
    ['id', 'x', ''],
    ['number', 0, '1'],
    ['boolean', false, 'true'],
    ['object', {}, []],
    ['timestamp', '2024-03-01T12:00:00Z', '2024-03-01'],
    ['string[]', ['a', 'b'], ['a', 1]],
  ];

  it.each(kinds)('checks %s fields', (kind, good, bad) => {
    const validate = payloadSchema({ field: kind });
    expect(validate({ field: good })).toBeNull();
    expect(validate({ field: bad })).toBe(`payload.field must be ${kind}`);
    expect(validate({})).toBe('payload.field is required');
  });

  it('rejects non-finite numbers', () => {
    const validate = payloadSchema({ n: 'number' });
    expect(validate({ n: Number.NaN })).not.toBeNull();
    expect(validate({ n: Number.POSITIVE_INFINITY })).not.toBeNull();
  });

  it('accepts an empty string[]', () => {
    expect(payloadSchema({ ids: 'string[]' })({ ids: [] })).toBeNull();
  });

  it('treats a trailing ? as optional: missing and null pass, a wrong type does not', () => {
    const validate = payloadSchema({ note: 'string?' });
    expect(validate({})).toBeNull();
    expect(validate({ note: null })).toBeNull();
    expect(validate({ note: 'hi' })).toBeNull();
    expect(validate({ note: 3 })).toBe('payload.note must be string');
  });

  it('treats null as missing for required fields', () => {
    expect(payloadSchema({ id: 'id' })({ id: null })).toBe('payload.id is required');
  });

  it('allows fields it does not list', () => {
    expect(payloadSchema({ id: 'id' })({ id: 'a', extra: { deep: true } })).toBeNull();
  });

  it('reports the first problem in table order', () => {
    const validate = payloadSchema({ a: 'string', b: 'number' });
    expect(validate({ a: 1, b: 'x' })).toBe('payload.a must be string');
    expect(validate({ a: 'ok', b: 'x' })).toBe('payload.b must be number');
  });

  it('never echoes the payload value in its reason', () => {
    const reason = payloadSchema({ secret: 'number' })({ secret: 'hunter2-token' });
    expect(reason).not.toContain('hunter2');
  });
});

describe('oneOf', () => {
  const validate = oneOf('status', ['online', 'offline']);

  it('accepts the listed values only', () => {
    expect(validate({ status: 'online' })).toBeNull();
    expect(validate({ status: 'ONLINE' })).toBe('payload.status must be one of online, offline');
    expect(validate({ status: 1 })).not.toBeNull();
    expect(validate({})).not.toBeNull();
  });
});

describe('allOf', () => {
  it('returns the first complaint, in order, and null when all agree', () => {
    const first = jest.fn(() => 'first');
    const second = jest.fn(() => 'second');
    expect(allOf(first, second)({})).toBe('first');
    expect(second).not.toHaveBeenCalled();
    expect(allOf(() => null, second)({})).toBe('second');
    expect(
      allOf(
        () => null,
        () => null,
      )({}),
    ).toBeNull();
    expect(allOf()({})).toBeNull();
  });
});
