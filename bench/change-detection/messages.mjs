/**
 * The events of the change-detection benchmark: SocialHub envelopes (valid for the library's
 * validators) of the three kinds the page shows, interleaved in every block of 10 events:
 *
 * - 5 `notification` (channel `notifications`, unread, each with its own id and the server's
 *   `unread_count`): the badge;
 * - 3 `feed_update` `new_post` by another user (channel `feed:updates`): the banner;
 * - 2 `typing_start` / `typing_stop` in conversation `c1` (channel `conversation:c1`) by
 *   Ann, Bob and Cid in turn (three starts, then three stops, and so on): the indicator.
 *
 * `expected` is what a correct page shows once every event arrived.
 */

/** The channels the page must have joined before the flood starts. */
export const CHANNELS = ['notifications', 'feed:updates', 'conversation:c1'];
/** The signed-in user of the page (the greeting's `user_id`). */
export const ME = 'me';
/** The conversation whose typing indicator the page shows. */
export const CONVERSATION = 'c1';

const TIMESTAMP = '2026-11-22T04:20:00Z';
const TYPISTS = [
  { user_id: 'u-ann', username: 'Ann' },
  { user_id: 'u-bob', username: 'Bob' },
  { user_id: 'u-cid', username: 'Cid' },
];

/** The `connect` greeting sent on every new socket. */
export const GREETING = () =>
  JSON.stringify({
    id: `connect-${Date.now()}`,
    type: 'connect',
    payload: { user_id: ME, timestamp: new Date().toISOString(), epoch: 'bench', last_sequence: 0 },
    timestamp: new Date().toISOString(),
  });

/** The JSON texts of `count` events (sequence numbers 1..count) and the final state they lead to. */
export function encodeFlood(count) {
  const texts = [];
  let notifications = 0;
  let posts = 0;
  let typingEvents = 0;
  /** Who types, in the order they started (a repeated start keeps its place). */
  let typing = [];
  for (let seq = 1; seq <= count; seq++) {
    const slot = (seq - 1) % 10;
    const envelope = { id: `e${seq}`, seq, timestamp: TIMESTAMP };
    if (slot < 5) {
      notifications++;
      Object.assign(envelope, {
        type: 'notification',
        channel: 'notifications',
        payload: {
          id: `n${seq}`,
          type: 'like',
          actor_id: 'u-ann',
          actor_name: 'Ann',
          message: 'Ann liked your post',
          read: false,
          unread_count: notifications,
        },
      });
    } else if (slot < 8) {
      posts++;
      Object.assign(envelope, {
        type: 'feed_update',
        channel: 'feed:updates',
        payload: { type: 'new_post', post_id: `p${seq}`, user_id: 'u-bob', username: 'Bob' },
      });
    } else {
      const typist = TYPISTS[typingEvents % TYPISTS.length];
      const start = Math.floor(typingEvents / TYPISTS.length) % 2 === 0;
      typingEvents++;
      if (start && !typing.includes(typist.username)) typing = [...typing, typist.username];
      if (!start) typing = typing.filter((name) => name !== typist.username);
      Object.assign(envelope, {
        type: start ? 'typing_start' : 'typing_stop',
        channel: `conversation:${CONVERSATION}`,
        payload: { conversation_id: CONVERSATION, ...typist, is_typing: start },
      });
    }
    texts.push(JSON.stringify(envelope));
  }
  return { texts, expected: { notifications, posts, typing } };
}
