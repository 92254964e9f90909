/** A made-up user of the simulator. */
export interface SimulatedUser {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
}

/** The simulator's default cast. Ids are prefixed so they never clash with real users. */
export const SIMULATED_USERS: readonly SimulatedUser[] = [
  { id: 'sim-maya', username: 'maya', display_name: 'Maya Chen' },
  { id: 'sim-leo', username: 'leo', display_name: 'Leo Martins' },
  { id: 'sim-ada', username: 'ada', display_name: 'Ada Okafor' },
];

/** Notification kinds with the text that follows the actor's name. */
export const NOTIFICATION_KINDS: readonly { readonly type: string; readonly text: string }[] = [
  { type: 'like', text: 'liked your post' },
  { type: 'comment', text: 'commented on your post' },
  { type: 'follow', text: 'started following you' },
  { type: 'mention', text: 'mentioned you in a post' },
  { type: 'reply', text: 'replied to your comment' },
  { type: 'share', text: 'shared your post' },
];

/** What simulated users say in conversations. */
export const CHAT_LINES: readonly string[] = [
  'Hey! Did you see the release notes?',
  'Lunch at noon?',
  'I pushed a fix for the flaky test.',
  'Sounds good to me 👍',
  'Can you review my PR when you have a minute?',
  'The demo looks great.',
  'Running five minutes late, sorry!',
  'Ha, that is exactly what I thought.',
  'Let me check and get back to you.',
  'Shipping it 🚀',
];
