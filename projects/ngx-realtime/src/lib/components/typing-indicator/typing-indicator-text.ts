import type { TypingUser } from '../../features/messages/chat-message';

/**
 * Someone typing, as `rt-typing-indicator` accepts them: a display name, an object with a
 * `name`, or the messages feature's {@link TypingUser} (shown by `username`, else `userId`).
 */
export type RtTypingIndicatorUser = string | { readonly name: string } | TypingUser;

/** The name shown for one typing user. */
export function typingUserName(user: RtTypingIndicatorUser): string {
  if (typeof user === 'string') return user;
  if ('name' in user) return user.name;
  return user.username ?? user.userId;
}

/**
 * The typing line in English: "Jane is typing…", "Jane and Bob are typing…", "Jane and 3
 * others are typing…"; `''` when nobody types. The default of
 * `RtTypingIndicator.formatText`; replace it to translate.
 *
 * @param names The display names of everyone typing, in order.
 */
export function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (first === undefined) return '';
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return `${first} and ${names.length - 1} others are typing…`;
}
