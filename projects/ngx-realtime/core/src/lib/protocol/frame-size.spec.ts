import fc from 'fast-check';
import { DEFAULT_MAX_FRAME_BYTES, exceedsByteLimit, utf8ByteLength } from './frame-size';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['a😀b', 6],
    ['\u07ff', 2],
    ['\u0800', 3],
  ])('counts %j as %i bytes', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(encoder.encode(text).length).toBe(bytes);
  });

  it('counts lone surrogates as the three bytes of U+FFFD', () => {
    expect(utf8ByteLength('\ud800')).toBe(3);
    expect(utf8ByteLength('\udc00')).toBe(3);
    expect(utf8ByteLength('\ud800a')).toBe(4);
    expect(utf8ByteLength('\udc00\ud800')).toBe(6);
  });

  it('agrees with TextEncoder for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('exceedsByteLimit', () => {
  it('defaults to 1 MiB', () => {
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(1024 * 1024);
  });

  it('allows a frame of exactly the limit and rejects one byte more', () => {
    expect(exceedsByteLimit('a'.repeat(10), 10)).toBe(false);
    expect(exceedsByteLimit('a'.repeat(11), 10)).toBe(true);
    expect(exceedsByteLimit('€€€', 9)).toBe(false);
    expect(exceedsByteLimit('€€€', 8)).toBe(true);
    expect(exceedsByteLimit('😀😀', 8)).toBe(false);
    expect(exceedsByteLimit('😀😀', 7)).toBe(true);
  });

  it('counts bytes, not UTF-16 units', () => {
    // 4 units, 12 bytes: the short-cuts on length alone must not decide this.
    expect(exceedsByteLimit('€€€€', 10)).toBe(true);
    expect(exceedsByteLimit('€€€€', 12)).toBe(false);
  });

  it('matches the exact byte count for any string and limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.nat({ max: 200 }),
        (text, limit) => {
          expect(exceedsByteLimit(text, limit)).toBe(encoder.encode(text).length > limit);
        },
      ),
      { numRuns: 500 },
    );
  });
});
