import type { ChatMessage } from './chat-message';

function isPending(message: ChatMessage): boolean {
  return message.status === 'sending' || message.status === 'failed';
}

/** Milliseconds of a message's time, for ordering; a bad timestamp sorts last. */
function timeOf(message: ChatMessage): number {
  const time = Date.parse(message.createdAt);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/**
 * True when `a` sorts after `b`: stored messages by server time; messages the server has not
 * stored yet after all of them (their local time says nothing about the server's order, and
 * a skewed clock must not bury them), among themselves in the order they were written.
 */
function after(a: ChatMessage, b: ChatMessage): boolean {
  const pendingA = isPending(a);
  if (pendingA !== isPending(b)) return pendingA;
  return timeOf(a) > timeOf(b);
}

/**
 * Inserts `message` in order (see `after`; arrival order breaks ties), then drops the oldest messages over `cap`. Messages still sending or failed
 * are never dropped: the user may still retry them.
 */
export function insertMessage(
  list: readonly ChatMessage[],
  message: ChatMessage,
  cap: number,
): readonly ChatMessage[] {
  // Scan from the end: new messages are almost always the newest.
  let index = list.length;
  while (index > 0 && after(list[index - 1], message)) index--;
  const next = [...list.slice(0, index), message, ...list.slice(index)];
  return trim(next, cap);
}

/** Drops the oldest settled messages until at most `cap` are left. */
export function trim(list: readonly ChatMessage[], cap: number): readonly ChatMessage[] {
  if (list.length <= cap) return list;
  const next = [...list];
  let excess = next.length - cap;
  for (let index = 0; index < next.length && excess > 0;) {
    if (isPending(next[index])) index++;
    else {
      next.splice(index, 1);
      excess--;
    }
  }
  return next;
}

/**
 * Replaces the message with key `key` by `update(message)`, keeping the order (its place
 * may change: the server's time replaces the local one once it is stored). Returns the list
 * unchanged when there is no such message.
 */
export function updateMessage(
  list: readonly ChatMessage[],
  key: string,
  update: (message: ChatMessage) => ChatMessage,
  cap: number,
): readonly ChatMessage[] {
  const index = list.findIndex((message) => message.key === key);
  if (index < 0) return list;
  const updated = update(list[index]);
  const rest = [...list.slice(0, index), ...list.slice(index + 1)];
  const samePlace =
    updated.createdAt === list[index].createdAt && isPending(updated) === isPending(list[index]);
  return samePlace
    ? [...list.slice(0, index), updated, ...list.slice(index + 1)]
    : insertMessage(rest, updated, cap);
}

/** The message with server (or client) id `id`, if the list holds it. */
export function findById(list: readonly ChatMessage[], id: string): ChatMessage | undefined {
  return list.find((message) => message.id === id);
}
