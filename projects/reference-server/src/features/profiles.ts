import { stateOf, type StateSlot } from './domain-state';
import type { ServerContext } from './feature';

/** How a user appears in events (the `sender` block of a `message`, typing names). */
export interface UserProfile {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
  readonly avatar_url?: string;
}

/**
 * Tokens carry only a user id, so names come from here: set by the simulator for its
 * users (or by the control API); anyone else is named after their id.
 */
const PROFILES: StateSlot<Map<string, UserProfile>> = {
  name: 'profiles',
  create: () => new Map(),
};

/** The profile of `userId` (a default one named after the id when none was set). */
export function userProfile(context: ServerContext, userId: string): UserProfile {
  return (
    stateOf(context, PROFILES).get(userId) ?? { id: userId, username: userId, display_name: userId }
  );
}

/** Sets how `userId` appears in events (missing names default to the id). */
export function setUserProfile(
  context: ServerContext,
  userId: string,
  profile: Partial<Omit<UserProfile, 'id'>>,
): UserProfile {
  const username = profile.username ?? userId;
  const stored: UserProfile = {
    id: userId,
    username,
    display_name: profile.display_name ?? username,
    ...(profile.avatar_url === undefined ? {} : { avatar_url: profile.avatar_url }),
  };
  stateOf(context, PROFILES).set(userId, stored);
  return stored;
}
