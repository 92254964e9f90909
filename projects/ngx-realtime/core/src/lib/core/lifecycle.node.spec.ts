/**
 * @jest-environment node
 */
import { browserLifecycle } from './lifecycle';

describe('browserLifecycle outside a browser', () => {
  it('is null in Node, where there is no window or document', () => {
    expect(browserLifecycle()).toBeNull();
  });
});
