import type { Hub } from '../core/hub';
import type { ServerContext } from './feature';

/** One kind of domain state (notifications, presence, ...) and how to make it fresh. */
export interface StateSlot<T> {
  readonly name: string;
  create(context: ServerContext): T;
}

interface EpochStates {
  readonly epoch: string;
  readonly values: Map<StateSlot<unknown>, unknown>;
}

/**
 * Domain state lives per server (keyed by its hub) and per epoch. Keying by hub keeps two
 * servers in one process (tests) apart and lets the HTTP side and the simulator reach the
 * same state with nothing but a `ServerContext`. Keying by epoch makes a restart forget
 * everything: `hub.reset()` starts a new epoch, and the next access builds fresh state
 * (so the domain features need no `reset()` of their own, and a timer or socket event of
 * the old epoch cannot touch the new state).
 */
const states = new WeakMap<Hub, EpochStates>();

/** The state of `slot` for this server's current epoch, created on first use. */
export function stateOf<T>(context: ServerContext, slot: StateSlot<T>): T {
  let current = states.get(context.hub);
  if (current === undefined || current.epoch !== context.hub.epoch) {
    current = { epoch: context.hub.epoch, values: new Map() };
    states.set(context.hub, current);
  }
  if (!current.values.has(slot)) current.values.set(slot, slot.create(context));
  return current.values.get(slot) as T;
}
