import { conversationIdOf, mayAccess } from './features/conversations';
import type { ServerContext } from './features/feature';
import { bumpPostCounts, publishFeedUpdate } from './features/feed';
import { sendMessage } from './features/messages';
import { pushNotification } from './features/notifications';
import { setPresence, type PresenceStatus } from './features/presence';
import { setUserProfile } from './features/profiles';
import { startTyping, stopAllTyping } from './features/typing';
import type { ReferenceServer } from './server';
import {
  CHAT_LINES,
  NOTIFICATION_KINDS,
  SIMULATED_USERS,
  type SimulatedUser,
} from './simulator-script';

/** Knobs of {@link startSimulator}; the defaults give a calm, human-paced demo. */
export interface SimulatorOptions {
  /** Random source in [0, 1); inject a seeded one for reproducible traffic. */
  readonly random?: () => number;
  /** Mean gap between two simulated actions (default 3 000 ms, each gap 0.5–1.5 × this). */
  readonly intervalMs?: number;
  /** How long a simulated user types before the message arrives (default 0.6 × interval). */
  readonly typingMs?: number;
  /** The simulated users (default: three). */
  readonly users?: readonly SimulatedUser[];
}

/** Posts the simulator made, whose counts it keeps bumping. */
const RECENT_POSTS = 10;

/**
 * Starts simulated traffic from a few made-up users for the demo: notifications to the real
 * users who are connected, typing and messages in the conversations they joined, feed posts
 * and live counts, presence changes. One action at a time, a few seconds apart. Returns the
 * function that stops it (every pending timer is cleared).
 *
 * Its timers are its own, not `context.setTimer`: a control-API restart clears the server's
 * timers, and the demo should keep going (the cast is re-announced in the new epoch).
 */
export function startSimulator(
  _server: ReferenceServer,
  context: ServerContext,
  options: SimulatorOptions = {},
): () => void {
  const random = options.random ?? Math.random;
  const intervalMs = options.intervalMs ?? 3000;
  const typingMs = options.typingMs ?? intervalMs * 0.6;
  const cast = options.users ?? SIMULATED_USERS;
  const castIds = new Set(cast.map((user) => user.id));
  const timers = new Set<NodeJS.Timeout>();
  const posts: string[] = [];
  let epoch: string | null = null;
  let postCounter = 0;
  let stopped = false;

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const later = (callback: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) callback();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** The cast appears (again after a restart: the new epoch forgot it). */
  const announce = () => {
    if (epoch === context.hub.epoch) return;
    epoch = context.hub.epoch;
    posts.length = 0;
    for (const user of cast) {
      setUserProfile(context, user.id, user);
      setPresence(context, user.id, 'online');
    }
  };

  const realUsers = () =>
    [...context.hub.sessions()]
      .filter((session) => session.connections.size > 0 && !castIds.has(session.userId))
      .map((session) => session.userId);

  /** Conversations a connected real user joined or belongs to, with who of the cast may talk. */
  const conversations = () => {
    const ids = new Set<string>();
    const users = realUsers();
    for (const userId of users) {
      for (const channel of context.hub.session(userId).channels) {
        const id = conversationIdOf(channel);
        if (id !== null) ids.add(id);
      }
    }
    for (const [id, members] of Object.entries(context.config.conversations)) {
      if (members.some((member) => users.includes(member))) ids.add(id);
    }
    return [...ids]
      .map((id) => ({ id, speakers: cast.filter((user) => mayAccess(context, user.id, id)) }))
      .filter((conversation) => conversation.speakers.length > 0);
  };

  const notify = (): boolean => {
    const users = realUsers();
    if (users.length === 0) return false;
    const actor = pick(cast);
    const kind = pick(NOTIFICATION_KINDS);
    pushNotification(context, pick(users), {
      type: kind.type,
      actor_id: actor.id,
      actor_name: actor.display_name,
      message: `${actor.display_name} ${kind.text}`,
      ...(kind.type === 'follow' ? {} : { post_id: posts.length > 0 ? pick(posts) : 'post_1' }),
    });
    return true;
  };

  const chat = (): boolean => {
    const candidates = conversations();
    if (candidates.length === 0) return false;
    const conversation = pick(candidates);
    const speaker = pick(conversation.speakers);
    const line = pick(CHAT_LINES);
    startTyping(context, speaker.id, conversation.id);
    later(() => {
      // Membership may have changed while "typing".
      if (mayAccess(context, speaker.id, conversation.id))
        sendMessage(context, speaker.id, conversation.id, line);
    }, typingMs);
    return true;
  };

  const post = (): boolean => {
    const postId = `sim_post_${++postCounter}`;
    posts.push(postId);
    if (posts.length > RECENT_POSTS) posts.shift();
    publishFeedUpdate(context, { user_id: pick(cast).id, post_id: postId });
    return true;
  };

  const count = (): boolean => {
    if (posts.length === 0) return post();
    const field = pick(['likes', 'likes', 'comments', 'shares'] as const);
    bumpPostCounts(context, pick(posts), { [field]: 1 + Math.floor(random() * 3) });
    return true;
  };

  const presence = (): boolean => {
    const statuses: readonly PresenceStatus[] = ['online', 'online', 'away', 'busy'];
    setPresence(context, pick(cast).id, pick(statuses));
    return true;
  };

  /** Actions in order of weight; one that has nobody to reach gives way to the next. */
  const actions: readonly (() => boolean)[] = [
    notify,
    notify,
    chat,
    chat,
    chat,
    post,
    count,
    count,
    presence,
  ];

  const tick = () => {
    announce();
    const first = Math.floor(random() * actions.length);
    for (let i = 0; i < actions.length; i++) {
      if (actions[(first + i) % actions.length]()) break;
    }
    later(tick, intervalMs * (0.5 + random()));
  };

  announce();
  later(tick, intervalMs * (0.5 + random()));
  context.config.logger.info('simulator.start', { users: cast.length, interval_ms: intervalMs });
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    // A message cancelled above would have stopped its typing indicator.
    for (const user of cast) stopAllTyping(context, user.id);
  };
}
