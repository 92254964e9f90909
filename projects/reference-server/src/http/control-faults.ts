import type { FaultRule, Faults } from '../faults';
import { BadControlInput, type ControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/** Longest delay a fault may add: a minute is already far past any client's patience. */
const MAX_DELAY_MS = 60_000;
/** Most frames one rule may affect. */
const MAX_COUNT = 100_000;

/** A pending fault rule as the control API shows it. */
interface FaultView {
  readonly kind: FaultRule['kind'];
  readonly remaining: number;
  readonly user_id?: string;
  readonly delay_ms?: number | readonly [number, number];
}

function view(faults: Faults): { pending: FaultView[]; refuse_upgrades: boolean } {
  return {
    pending: faults.pending().map((rule) => ({
      kind: rule.kind,
      remaining: rule.remaining,
      user_id: rule.userId,
      delay_ms: rule.delayMs,
    })),
    refuse_upgrades: faults.refuseUpgrades,
  };
}

/** `delay_ms`: milliseconds, or `[min, max]` picked uniformly per frame. */
function delayOf(input: ControlInput): number | readonly [number, number] {
  const raw = input.raw('delay_ms');
  const valid = (ms: unknown): ms is number =>
    typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DELAY_MS;
  if (valid(raw)) return raw;
  if (Array.isArray(raw) && raw.length === 2 && valid(raw[0]) && valid(raw[1]) && raw[0] <= raw[1])
    return [raw[0], raw[1]];
  throw new BadControlInput(
    `delay_ms must be milliseconds (0 to ${MAX_DELAY_MS}) or a [min, max] pair of them`,
  );
}

/** `GET faults`: `{pending: [{kind, remaining, user_id?, delay_ms?}], refuse_upgrades}`. */
export const faultsStatusRoute: ControlRoute = {
  method: 'GET',
  path: 'faults',
  run: ({ context }) => view(context.faults),
};

/**
 * `POST faults {kind: 'drop'|'duplicate'|'delay', count?, user_id?, delay_ms?}`: the next
 * `count` (default 1) event frames sent on sockets (of `user_id`, or anyone's) are dropped,
 * sent twice, or sent late. Acks, errors and heartbeats are never affected, nor are poll
 * responses. Rules apply in the order added. Answers like `GET faults`.
 */
export const addFaultRoute: ControlRoute = {
  method: 'POST',
  path: 'faults',
  run({ context, input }) {
    const kind = input.oneOf('kind', ['drop', 'duplicate', 'delay'] as const);
    context.faults.add({
      kind,
      remaining: input.integer('count', 1, MAX_COUNT, 1),
      userId: input.optionalName('user_id'),
      ...(kind === 'delay' ? { delayMs: delayOf(input) } : {}),
    });
    return view(context.faults);
  },
};

/** `POST faults/clear`: forgets the pending rules (upgrade refusal stays as it is). */
export const clearFaultsRoute: ControlRoute = {
  method: 'POST',
  path: 'faults/clear',
  run({ context }) {
    const refusing = context.faults.refuseUpgrades;
    context.faults.clear();
    context.faults.refuseUpgrades = refusing;
    return view(context.faults);
  },
};

/**
 * `POST upgrades {refuse: boolean}`: while refusing, WebSocket upgrades get 503 (clients fall
 * back to polling); open sockets stay open (kill them for that). Answers `{refuse_upgrades}`.
 */
export const upgradesRoute: ControlRoute = {
  method: 'POST',
  path: 'upgrades',
  run({ context, input }) {
    context.faults.refuseUpgrades = input.boolean('refuse');
    return { refuse_upgrades: context.faults.refuseUpgrades };
  },
};
