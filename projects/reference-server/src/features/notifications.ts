import type { Feature } from './feature';

/** TODO(helper): see the issue. */
export function notificationsFeature(): Feature {
  return { name: 'notifications' };
}
