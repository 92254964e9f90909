/**
 * Public API surface of ngx-realtime/testing: test an app's realtime code without a server.
 *
 * @module ngx-realtime/testing
 */
export { FakeSocket } from './fake-socket';
export { provideRealtimeTesting, RealtimeTestingBackend } from './provide-realtime-testing';
export {
  RealtimeTestingController,
  type ConnectionRefusal,
  type EmitOptions,
  type FakeHttpHandler,
  type FakeHttpResponse,
  type TestFrame,
} from './realtime-testing-controller';
