import type { Feature } from './feature';

/** TODO(helper): see the issue. */
export function messagingFeature(): Feature {
  return { name: 'messaging' };
}
