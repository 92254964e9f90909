import fc from 'fast-check';
import { RealtimeError, type RealtimeErrorCode } from '../errors/realtime-error';
import type { RealtimeMessage } from './message';
import { isIsoTimestamp } from './payload-schema';
import type { RealtimeProtocol } from './realtime-protocol';
import { isJsonObject } from './safe-json';
import { SOCIALHUB_EVENT_VALIDATORS } from './socialhub-events';
import { createSocialHubProtocol } from './socialhub-protocol';

/**
 * Property: whatever text arrives, `decode` returns a valid canonical message or throws a
 * RealtimeError with one of the documented decode codes, and `Object.prototype` never changes.
 */

const DECODE_CODES: ReadonlySet<RealtimeErrorCode> = new Set<RealtimeErrorCode>([
  'frame_too_large',
  'malformed_frame',
  'invalid_message',
  'unknown_type',
]);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const TYPES = Object.keys(SOCIALHUB_EVENT_VALIDATORS);
const TS = '2024-03-01T12:00:00Z';
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

function prototypeUnchanged(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** True when no object reachable from `root` has a forbidden own key (iterative: deep data). */
function hasForbiddenKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN.has(key)) return true;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}

function expectValid(message: RealtimeMessage): void {
  expect(typeof message.id === 'string' && message.id !== '').toBe(true);
  expect(TYPES).toContain(message.type);
  expect(isJsonObject(message.payload)).toBe(true);
  const validate =
    SOCIALHUB_EVENT_VALIDATORS[message.type as keyof typeof SOCIALHUB_EVENT_VALIDATORS];
  expect(validate(message.payload as Record<string, unknown>)).toBeNull();
  expect(isIsoTimestamp(message.timestamp)).toBe(true);
  expect(message.channel === undefined || typeof message.channel === 'string').toBe(true);
  expect(message.ackId === undefined || typeof message.ackId === 'string').toBe(true);
  expect(message.seq === undefined || (Number.isSafeInteger(message.seq) && message.seq >= 0)).toBe(
    true,
  );
  expect(hasForbiddenKey(message.payload)).toBe(false);
}

/** Decodes and checks the contract; returns what happened, for coverage assertions. */
function decodeChecked(protocol: RealtimeProtocol, text: string): 'ok' | RealtimeErrorCode {
  let message: RealtimeMessage;
  try {
    message = protocol.decode(text);
  } catch (error) {
    if (!(error instanceof RealtimeError))
      throw new Error(`decode threw a non-RealtimeError: ${String(error)}`, { cause: error });
    if (!DECODE_CODES.has(error.code))
      throw new Error(`decode threw an unexpected code: ${error.code}`, { cause: error });
    prototypeUnchanged();
    return error.code;
  }
  expectValid(message);
  prototypeUnchanged();
  return 'ok';
}

// --- arbitraries ---------------------------------------------------------------------------

/** JSON string contents with raw lone surrogates and other odd units (quotes, controls removed). */
const rawText = fc
  .string({ unit: 'binary', maxLength: 24 })
  .map((text) => [...text].filter((unit) => unit !== '"' && unit !== '\\' && unit >= ' ').join(''));

/** Key spellings, hostile ones included (`\u` escapes are written raw into the JSON text). */
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '\\u005f\\u005fproto\\u005f\\u005f',
  'constr\\u0075ctor',
  'protot\\u0079pe',
  'polluted',
  'status',
  'user_id',
  'timestamp',
  'channel',
);

/** JSON text of a value whose objects use {@link hostileKey}s, nested up to a few levels. */
const hostileJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', 'true', 'null', '"online"', `"${TS}"`, '{"polluted":true}', '[]'),
    rawText.map((text) => `"${text}"`),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([key, value]) => `"${key}":${value}`).join(',')}}`),
  ),
})).value;

/** One optional `"name":value` member of an envelope. */
function member(name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string | null> {
  return fc.option(
    value.map((text) => `"${name}":${text}`),
    { nil: null },
  );
}

/** Envelope fields: mostly plausible, sometimes wrong, sometimes missing, plus hostile keys. */
const envelopeText = fc
  .tuple(
    member('__proto__', hostileJson),
    member(
      'id',
      fc.oneof(fc.constant('"evt-1"'), fc.constant('""'), fc.constant('7'), hostileJson),
    ),
    member(
      'type',
      fc.oneof(
        fc.constantFrom(...TYPES).map((type) => `"${type}"`),
        fc.constantFrom('"mystery"', '""', '"__proto__"', '"toString"', '3'),
      ),
    ),
    member(
      'payload',
      fc.oneof(
        fc.constantFrom(
          '{}',
          '{"user_id":"u1","status":"online"}',
          '{"ack_id":"a1","status":"success","data":{"__proto__":{"polluted":true}}}',
          '{"code":"X","message":"m","details":{"constructor":{"prototype":{"polluted":true}}}}',
          '{"channel":"feed:updates","\\u005f_proto__":{"polluted":true}}',
        ),
        hostileJson,
      ),
    ),
    member('channel', fc.oneof(fc.constant('"presence"'), hostileJson)),
    member('ack_id', fc.oneof(fc.constant('"a1"'), hostileJson)),
    member('seq', fc.oneof(fc.nat().map(String), fc.constantFrom('-1', '1.5', '"3"', '1e300'))),
    member(
      'timestamp',
      fc.oneof(fc.constant(`"${TS}"`), fc.constantFrom('"2024-03-01"', '0', '"now"'), hostileJson),
    ),
    member('constructor', hostileJson),
  )
  .map((members) => `{${members.filter((text) => text !== null).join(',')}}`);

/** One documented payload per event type (fields as JSON text, without braces). */
const VALID_PAYLOADS: Readonly<Record<string, string>> = {
  connect: '"user_id":"123"',
  disconnect: '"reason":"client_initiated"',
  subscribe: '"channel":"notifications"',
  unsubscribe: '"channel":"notifications"',
  notification: '"id":"n1","type":"like","read":false',
  notification_read: '"notification_id":"n1"',
  notification_read_all: `"read_at":"${TS}"`,
  message: `"id":"m1","conversation_id":"c1","sender_id":"s1","content":"hi","created_at":"${TS}"`,
  typing_start: '"conversation_id":"c1","user_id":"u1"',
  typing_stop: '"conversation_id":"c1","user_id":"u1"',
  read_receipt: '"conversation_id":"c1","message_ids":["m1"]',
  message_delivered: '"conversation_id":"c1","message_ids":["m1"],"user_id":"u2"',
  presence: '"user_id":"u1","status":"away"',
  feed_update: '"type":"new_post","post_id":"p1"',
  count_update: '"new_posts_count":5',
  ack: '"ack_id":"a1","status":"success"',
  error: '"code":"X","message":"m"',
  heartbeat: `"timestamp":"${TS}"`,
};

/** Keys that must vanish, in every spelling, plus harmless extras. */
const strippedKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '\\u005f\\u005fproto\\u005f\\u005f',
  'constr\\u0075ctor',
  'protot\\u0079pe',
);
const extraMember = fc
  .tuple(fc.oneof(strippedKey, fc.constantFrom('extra', 'polluted')), hostileJson)
  .map(([key, value]) => `"${key}":${value}`);

/** A valid envelope of any documented type with hostile members mixed into it. */
const validWithHostileExtras = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.array(extraMember, { maxLength: 4 }),
    fc.array(
      strippedKey.chain((key) => hostileJson.map((value) => `"${key}":${value}`)),
      {
        maxLength: 3,
      },
    ),
  )
  .map(([type, payloadExtras, envelopeExtras]) => {
    const payload = `{${[VALID_PAYLOADS[type], ...payloadExtras].join(',')}}`;
    const members = [
      ...envelopeExtras,
      '"id":"evt-1"',
      `"type":"${type}"`,
      `"payload":${payload}`,
      `"timestamp":"${TS}"`,
    ];
    return `{${members.join(',')}}`;
  });

function nested(depth: number, escaped: boolean): string {
  const key = escaped ? '\\u0061' : 'a';
  return `${`{"${key}":[`.repeat(depth)}1${']}'.repeat(depth)}`;
}

describe('SocialHub decode (property-based)', () => {
  const protocol = createSocialHubProtocol();
  const small = createSocialHubProtocol({ maxFrameBytes: 2048 });

  afterEach(prototypeUnchanged);

  it('handles arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        decodeChecked(protocol, text);
      }),
      { numRuns: 1000 },
    );
  });

  it('handles arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        decodeChecked(protocol, JSON.stringify(value) ?? 'null');
      }),
      { numRuns: 500 },
    );
  });

  it('handles envelope-shaped frames with hostile keys and values', () => {
    fc.assert(
      fc.property(envelopeText, (text) => {
        decodeChecked(protocol, text);
      }),
      { numRuns: 1500 },
    );
  });

  it('accepts valid envelopes of every type and strips the hostile keys added to them', () => {
    fc.assert(
      fc.property(validWithHostileExtras, (text) => {
        expect(decodeChecked(protocol, text)).toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  it('handles deep nesting, with and without escapes that force the key filter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.boolean(),
        fc.boolean(),
        (depth, escaped, wrapped) => {
          const deep = nested(depth, escaped);
          const text = wrapped
            ? `{"id":"e","type":"heartbeat","timestamp":"${TS}","payload":{"deep":${deep}}}`
            : deep;
          decodeChecked(protocol, text);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('handles huge strings of any width around the size limit', () => {
    const encoder = new TextEncoder();
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1800, max: 2300 }),
        fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00'),
        (target, unit) => {
          const pad = unit.repeat(Math.floor(target / encoder.encode(unit).length));
          const text = `{"id":"e","type":"heartbeat","timestamp":"${TS}","payload":{"pad":"${pad}"}}`;
          const outcome = decodeChecked(small, text);
          seen.add(outcome);
          expect(outcome).toBe(encoder.encode(text).length > 2048 ? 'frame_too_large' : 'ok');
        },
      ),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['frame_too_large', 'ok']);
  });

  it('handles frames just around the default 1 MiB limit', () => {
    const head = `{"id":"e","type":"heartbeat","timestamp":"${TS}","payload":{"pad":"`;
    const tail = '"}}';
    fc.assert(
      fc.property(fc.integer({ min: -64, max: 64 }), (delta) => {
        const length = 1024 * 1024 - head.length - tail.length + delta;
        const outcome = decodeChecked(protocol, `${head}${'a'.repeat(length)}${tail}`);
        expect(outcome).toBe(delta > 0 ? 'frame_too_large' : 'ok');
      }),
      { numRuns: 20 },
    );
  });
});
