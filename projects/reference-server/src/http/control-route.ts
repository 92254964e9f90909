import type { ServerContext } from '../features/feature';
import type { ReferenceServer } from '../server';
import type { ControlInput } from './control-input';

/** What a control route gets: the server, and the request's fields (body or query). */
export interface ControlCall {
  readonly server: ReferenceServer;
  readonly context: ServerContext;
  readonly input: ControlInput;
}

/**
 * One route of the test-control API. `run` returns the 200 body, or throws
 * `BadControlInput` for a 400.
 */
export interface ControlRoute {
  readonly method: 'GET' | 'POST';
  /** Below `/api/v1/control/`. */
  readonly path: string;
  run(call: ControlCall): object | Promise<object>;
}
