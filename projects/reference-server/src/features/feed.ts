import type { Feature } from './feature';

/** TODO(helper): see the issue. */
export function feedFeature(): Feature {
  return { name: 'feed' };
}
