import type { Feature } from './feature';

/** TODO(helper): see the issue. */
export function presenceFeature(): Feature {
  return { name: 'presence' };
}
