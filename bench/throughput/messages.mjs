/**
 * The messages of the throughput benchmark, shared by the sender and the receivers: SocialHub
 * envelopes of a `feed_update` event (a valid payload for the engine's validator), each with
 * its own id and sequence number, spread round-robin over the channels; ~150 bytes each.
 */

/** Name of channel `index` (also the socket.io room and event name). */
export const channelName = (index) => `feed:${index}`;

/** A fixed timestamp: the frames are encoded once, and every one must be a valid ISO date. */
const TIMESTAMP = '2026-11-22T04:20:00Z';

/** The JSON text of message `seq` (1-based). */
export function encodeMessage(seq, channels) {
  const n = String(seq).padStart(7, '0');
  return JSON.stringify({
    id: `e${n}`,
    type: 'feed_update',
    channel: channelName((seq - 1) % channels),
    seq,
    timestamp: TIMESTAMP,
    payload: { type: 'like', post_id: `p${n}` },
  });
}

/** The JSON texts of messages 1..count. */
export function encodeMessages(count, channels) {
  return Array.from({ length: count }, (_, index) => encodeMessage(index + 1, channels));
}
