import { RealtimeError, type RealtimeErrorCode } from '../errors/realtime-error';
import type { ConnectionStatus } from '../core/connection-status';
import type {
  RealtimeStats,
  RecoveryEvent,
  RecoveryGapReason,
  RecoveryVerdict,
} from '../core/stats';
import type { OutgoingMessage, RealtimeMessage } from '../protocol/message';
import {
  TAB_PROTOCOL,
  type FollowerMessage,
  type LeaderMessage,
  type LeaderState,
  type TabError,
  type TabMessage,
  type TabReply,
  type TabRequest,
} from './tab-messages';

/** Longest id or channel name accepted from another tab. */
const MAX_NAME = 512;
/** Most channels one `hello` may list. */
const MAX_CHANNELS = 1_000;

// Allowed values as object literals, not Sets: a bundler can drop literals from apps that
// never share tabs, and `satisfies` makes the compiler flag a value added to a union only.
const STATUSES = {
  disconnected: true,
  connecting: true,
  connected: true,
  reconnecting: true,
  polling: true,
  unauthorized: true,
} satisfies Record<ConnectionStatus, true>;
const VERDICTS = { complete: true, incomplete: true, failed: true } satisfies Record<
  RecoveryVerdict,
  true
>;
const REASONS = {
  log_trimmed: true,
  server_restarted: true,
  request_failed: true,
  transport_changed: true,
  not_supported: true,
} satisfies Record<RecoveryGapReason, true>;
/** Every error code; `satisfies` makes the compiler flag a code added to the union but not here. */
const KNOWN_CODES = {
  malformed_frame: true,
  invalid_message: true,
  unknown_type: true,
  frame_too_large: true,
  server_error: true,
  ack_timeout: true,
  duplicate_message: true,
  outbox_full: true,
  outbox_dropped: true,
  outbox_expired: true,
  storage_failed: true,
  unauthorized: true,
  transport_error: true,
  polling_failed: true,
  channel_rejected: true,
  disconnected: true,
  not_supported: true,
  validation_error: true,
  blocked: true,
  send_failed: true,
  conversation_not_found: true,
  unavailable: true,
  invalid_config: true,
  invalid_tab_message: true,
} satisfies Record<RealtimeErrorCode, true>;
const NUMBER_STATS = [
  'reconnects',
  'attempt',
  'outboxDepth',
  'pendingAcks',
  'framesIn',
  'framesOut',
  'decodeErrors',
] as const;
const NULLABLE_NUMBER_STATS = ['rttMs', 'nextRetryAt', 'lastOutageMs', 'lastSequence'] as const;

type Fields = Readonly<Record<string, unknown>>;

class Invalid extends Error {}

function bad(problem: string): never {
  throw new Invalid(problem);
}

function record(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad(`${what} must be an object`);
  return value as Fields;
}

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_NAME)
    bad(`${what} must be a short string`);
  return value;
}

function optionalName(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : name(value, what);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') bad(`${what} must be a string`);
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    bad(`${what} must be a number >= 0`);
  return value;
}

function nullableCount(value: unknown, what: string): number | null {
  return value === null ? null : count(value, what);
}

function optionalSeq(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) bad(`${what} must be an integer >= 0`);
  return value as number;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: Readonly<Record<T, true>>,
  what: string,
): T {
  if (typeof value !== 'string' || !Object.hasOwn(allowed, value)) {
    bad(`${what} is not a known value`);
  }
  return value as T;
}

/** An event relayed by the leader: the canonical shape, checked field by field. */
function event(value: unknown): RealtimeMessage {
  const fields = record(value, 'message');
  if (!('payload' in fields)) bad('message.payload is missing');
  return {
    id: name(fields['id'], 'message.id'),
    type: name(fields['type'], 'message.type'),
    payload: fields['payload'],
    channel: optionalName(fields['channel'], 'message.channel'),
    ackId: optionalName(fields['ackId'], 'message.ackId'),
    timestamp: text(fields['timestamp'], 'message.timestamp'),
    seq: optionalSeq(fields['seq'], 'message.seq'),
    prevSeq: optionalSeq(fields['prevSeq'], 'message.prevSeq'),
  };
}

function outgoing(value: unknown): OutgoingMessage & { readonly id: string } {
  const fields = record(value, 'request.message');
  return {
    id: name(fields['id'], 'request.message.id'),
    type: name(fields['type'], 'request.message.type'),
    payload: record(fields['payload'], 'request.message.payload'),
    channel: optionalName(fields['channel'], 'request.message.channel'),
  };
}

function tabError(value: unknown): TabError {
  const fields = record(value, 'error');
  return {
    code: oneOf<RealtimeErrorCode>(fields['code'], KNOWN_CODES, 'error.code'),
    message: text(fields['message'], 'error.message'),
    serverCode: optionalName(fields['serverCode'], 'error.serverCode'),
    messageId: optionalName(fields['messageId'], 'error.messageId'),
    channel: optionalName(fields['channel'], 'error.channel'),
  };
}

function stats(value: unknown): RealtimeStats {
  const fields = record(value, 'stats');
  const result: Record<string, unknown> = {};
  for (const key of NUMBER_STATS) result[key] = count(fields[key], `stats.${key}`);
  for (const key of NULLABLE_NUMBER_STATS) result[key] = nullableCount(fields[key], `stats.${key}`);
  const transport = fields['transport'];
  if (transport !== null && transport !== 'websocket' && transport !== 'polling')
    bad('stats.transport is not a known value');
  result['transport'] = transport;
  const recovery = fields['lastRecovery'];
  result['lastRecovery'] =
    recovery === null ? null : oneOf(recovery, VERDICTS, 'stats.lastRecovery');
  return result as unknown as RealtimeStats;
}

function state(value: unknown): LeaderState {
  const fields = record(value, 'state');
  if (typeof fields['wanted'] !== 'boolean') bad('state.wanted must be a boolean');
  return {
    status: oneOf(fields['status'], STATUSES, 'state.status'),
    stats: stats(fields['stats']),
    wanted: fields['wanted'],
  };
}

function recovery(value: unknown): RecoveryEvent {
  const fields = record(value, 'recovery');
  const channels = fields['channels'];
  if (!Array.isArray(channels) || channels.length > MAX_CHANNELS)
    bad('recovery.channels must be a list');
  if (typeof fields['recovered'] !== 'boolean') bad('recovery.recovered must be a boolean');
  return {
    recovered: fields['recovered'],
    verdict: oneOf(fields['verdict'], VERDICTS, 'recovery.verdict'),
    reason:
      fields['reason'] === null
        ? null
        : oneOf<RecoveryGapReason>(fields['reason'], REASONS, 'recovery.reason'),
    channels: channels.map((channel) => name(channel, 'recovery.channels[]')),
    at: count(fields['at'], 'recovery.at'),
  };
}

function request(value: unknown): TabRequest {
  const fields = record(value, 'request');
  switch (fields['op']) {
    case 'send':
      return { op: 'send', message: outgoing(fields['message']) };
    case 'ack': {
      const timeoutMs = fields['timeoutMs'];
      return {
        op: 'ack',
        message: outgoing(fields['message']),
        timeoutMs: timeoutMs === undefined ? undefined : count(timeoutMs, 'request.timeoutMs'),
      };
    }
    case 'missed':
      return {
        op: 'missed',
        lastSequence:
          optionalSeq(fields['lastSequence'], 'request.lastSequence') ??
          bad('request.lastSequence is missing'),
      };
    default:
      return bad('request.op is not a known value');
  }
}

function reply(value: unknown): TabReply {
  const fields = record(value, 'reply');
  switch (fields['outcome']) {
    case 'accepted':
      return { outcome: 'accepted' };
    case 'ack':
      return { outcome: 'ack', data: fields['data'] };
    case 'missed': {
      const messages = fields['messages'];
      if (!Array.isArray(messages)) bad('reply.messages must be a list');
      if (typeof fields['complete'] !== 'boolean') bad('reply.complete must be a boolean');
      return { outcome: 'missed', messages: messages.map(event), complete: fields['complete'] };
    }
    case 'failed':
      return { outcome: 'failed', error: tabError(fields['error']) };
    default:
      return bad('reply.outcome is not a known value');
  }
}

function body(kind: unknown, fields: Fields): LeaderMessage | FollowerMessage {
  switch (kind) {
    case 'state':
      return { kind, state: state(fields['state']) };
    case 'event':
      return {
        kind,
        message: event(fields['message']),
        position:
          fields['position'] === null
            ? null
            : (optionalSeq(fields['position'], 'position') ?? bad('position is missing')),
      };
    case 'error':
      return { kind, error: tabError(fields['error']) };
    case 'recovery':
      return { kind, recovery: recovery(fields['recovery']) };
    case 'ended':
      return {
        kind,
        channel: name(fields['channel'], 'channel'),
        error: fields['error'] === undefined ? undefined : tabError(fields['error']),
      };
    case 'reply':
      return {
        kind,
        to: name(fields['to'], 'to'),
        requestId: name(fields['requestId'], 'requestId'),
        reply: reply(fields['reply']),
      };
    case 'hello': {
      const channels = fields['channels'];
      if (!Array.isArray(channels) || channels.length > MAX_CHANNELS)
        bad('channels must be a list');
      return { kind, channels: channels.map((channel) => name(channel, 'channels[]')) };
    }
    case 'bye':
      return { kind };
    case 'join':
    case 'leave':
      return { kind, channel: name(fields['channel'], 'channel') };
    case 'request':
      return {
        kind,
        requestId: name(fields['requestId'], 'requestId'),
        request: request(fields['request']),
      };
    case 'cancel':
      return { kind, requestId: name(fields['requestId'], 'requestId') };
    case 'command': {
      const command = fields['command'];
      if (command !== 'connect' && command !== 'disconnect' && command !== 'reconnect')
        bad('command is not a known value');
      return { kind, command };
    }
    default:
      return bad('kind is not a known value');
  }
}

/**
 * Reads a message another tab posted. Anything on the channel is untrusted: every script of
 * the origin can post there. Returns a fresh, fully checked object (never the input) so no
 * unexpected field or getter travels further.
 *
 * @throws RealtimeError `invalid_tab_message` naming the first problem found.
 */
export function readTabMessage(data: unknown): TabMessage {
  try {
    const fields = record(data, 'tab message');
    if (fields['ns'] !== TAB_PROTOCOL) bad('ns is not this protocol');
    const from = name(fields['from'], 'from');
    return { ns: TAB_PROTOCOL, from, ...body(fields['kind'], fields) } as TabMessage;
  } catch (error) {
    const problem = error instanceof Invalid ? error.message : 'unreadable';
    throw new RealtimeError('invalid_tab_message', `Ignored a tab message: ${problem}`, {
      cause: error instanceof Invalid ? undefined : error,
    });
  }
}

/** A {@link RealtimeError} made fit to post to another tab (no cause, no details). */
export function toTabError(error: unknown): TabError {
  if (error instanceof RealtimeError) {
    return {
      code: error.code,
      message: error.message,
      serverCode: error.serverCode,
      messageId: error.messageId,
      channel: error.channel,
    };
  }
  return { code: 'unavailable', message: 'The tab holding the connection failed the call' };
}

/** The {@link RealtimeError} a {@link TabError} stands for. */
export function fromTabError(error: TabError): RealtimeError {
  return new RealtimeError(error.code, error.message, {
    serverCode: error.serverCode,
    messageId: error.messageId,
    channel: error.channel,
  });
}
