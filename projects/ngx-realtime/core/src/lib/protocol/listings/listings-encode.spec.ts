import { RealtimeError } from '../../errors/realtime-error';
import type { StampedMessage } from '../message';
import { listingsProtocol } from './listings-protocol';

const protocol = listingsProtocol();

function stamped(type: string, payload: object, channel?: string): StampedMessage {
  return { id: 'c-1', type, payload, channel, timestamp: '2025-11-21T13:00:00.000Z' };
}

const encoded = (type: string, payload: object, channel?: string) =>
  JSON.parse(protocol.encode(stamped(type, payload, channel))) as unknown;

function refusal(type: string, payload: object, channel?: string): RealtimeError {
  try {
    protocol.encode(stamped(type, payload, channel));
  } catch (error) {
    if (error instanceof RealtimeError) return error;
  }
  throw new Error('expected a RealtimeError');
}

describe('listingsProtocol encode', () => {
  it('writes a heartbeat as the bare ping frame', () => {
    expect(encoded('heartbeat', { timestamp: 'x' })).toEqual({ type: 'ping' });
  });

  it('writes typing_start / typing_stop as typing with a numeric chat_id', () => {
    expect(encoded('typing_start', { conversation_id: '3' })).toEqual({
      type: 'typing',
      chat_id: 3,
      is_typing: true,
    });
    expect(encoded('typing_stop', { conversation_id: '3' })).toEqual({
      type: 'typing',
      chat_id: 3,
      is_typing: false,
    });
  });

  it('takes the chat from the conversation channel when the payload has none', () => {
    expect(encoded('typing_start', {}, 'conversation:12')).toMatchObject({ chat_id: 12 });
  });

  it('writes read_receipt as mark_read naming the newest id, with the whole list', () => {
    expect(
      encoded('read_receipt', { conversation_id: '3', message_ids: ['456', '460', '41'] }),
    ).toEqual({
      type: 'mark_read',
      chat_id: 3,
      message_id: 460,
      message_ids: [456, 460, 41],
    });
  });

  it('refuses ids the wire cannot carry as numbers', () => {
    for (const id of ['abc', '', '-1', '1.5', '007', '9007199254740993']) {
      const error = refusal('typing_start', { conversation_id: id });
      expect(error.code).toBe('invalid_message');
      expect(error.details).toEqual({ field: 'conversation_id' });
    }
    expect(refusal('typing_start', { conversation_id: 3 }).code).toBe('invalid_message');
    expect(refusal('typing_start', {}, 'feed:updates').code).toBe('invalid_message');
    expect(refusal('read_receipt', { conversation_id: '3', message_ids: ['tmp-1'] }).code).toBe(
      'invalid_message',
    );
    expect(refusal('read_receipt', { conversation_id: '3', message_ids: [] }).code).toBe(
      'invalid_message',
    );
    expect(refusal('read_receipt', { conversation_id: '3' }).code).toBe('invalid_message');
  });

  it('refuses what the dialect has no frame for with not_supported', () => {
    for (const type of ['send_message', 'set_presence', 'get_presence', 'subscribe', 'toString']) {
      const error = refusal(type, { conversation_id: '3', content: 'hi' });
      expect(error.code).toBe('not_supported');
      expect(error.messageId).toBe('c-1');
      expect(error.details).toEqual({ type });
    }
  });
});
