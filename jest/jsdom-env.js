// @ts-check
/**
 * Jest environment for this workspace: jest-preset-angular's jsdom environment, patched the
 * way the `jest-fixed-jsdom` package does it so that msw 2.x (and anything else built on the
 * WHATWG fetch/streams APIs) works.
 *
 * Why: jsdom replaces Node's globals with its own window, which lacks fetch, Request,
 * Response, streams, BroadcastChannel, ... and makes package resolution pick the "browser"
 * export condition (msw/node would then resolve to its browser build).
 */
const JestJsdomEnvironment = require('jest-preset-angular/environments/jest-jsdom-env').default;

/** Node globals that jsdom hides or lacks; copied from the Node realm into the jsdom window. */
const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'AbortController',
  'AbortSignal',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoder',
  'TextDecoder',
  'TextEncoderStream',
  'TextDecoderStream',
  'BroadcastChannel',
  'structuredClone',
  'Blob',
  'URL',
  'URLSearchParams',
];

class FixedJsdomEnvironment extends JestJsdomEnvironment {
  /**
   * @param {ConstructorParameters<typeof JestJsdomEnvironment>} args
   */
  constructor(...args) {
    super(...args);
    // '' = the package's default export condition, not "browser": msw/node must load its Node build.
    this.customExportConditions = [''];
    const target = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this.global));
    const source = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis));
    for (const name of NODE_GLOBALS) {
      target[name] = source[name];
    }
  }
}

module.exports = FixedJsdomEnvironment;
