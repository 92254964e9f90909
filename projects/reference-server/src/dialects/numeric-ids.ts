import { stateOf, type StateSlot } from '../features/domain-state';
import type { ServerContext } from '../features/feature';

/** Aliases of user and chat ids that are not numbers start above every realistic real id. */
const ALIAS_BASE = 9_000_000_000_000_000;
/** Aliases remembered per kind (the oldest are forgotten first). */
const MAX_ALIASES = 100_000;
const DECIMAL = /^(?:0|[1-9]\d{0,15})$/;

/**
 * Numeric wire ids for canonical string ids. With `identity`, a canonical id that is already
 * a whole number below the alias range is its own wire id ("6" ↔ 6); any other id gets an
 * alias, the same one every time within a server epoch.
 */
export class NumericIds {
  private readonly wireOf = new Map<string, number>();
  private readonly canonicalOf = new Map<number, string>();
  private next: number;

  constructor(
    private readonly identity: boolean,
    first: number,
  ) {
    this.next = first;
  }

  /** The wire number of `canonical`. */
  wire(canonical: string): number {
    if (this.identity && DECIMAL.test(canonical) && Number(canonical) < ALIAS_BASE)
      return Number(canonical);
    let wire = this.wireOf.get(canonical);
    if (wire === undefined) {
      wire = this.next++;
      this.wireOf.set(canonical, wire);
      this.canonicalOf.set(wire, canonical);
      if (this.wireOf.size > MAX_ALIASES) {
        const [oldest, number] = this.wireOf.entries().next().value as [string, number];
        this.wireOf.delete(oldest);
        this.canonicalOf.delete(number);
      }
    }
    return wire;
  }

  /** The canonical id of a wire number; `undefined` when it is no id this server gave out. */
  canonical(wire: number): string | undefined {
    const alias = this.canonicalOf.get(wire);
    if (alias !== undefined) return alias;
    return this.identity && wire < ALIAS_BASE ? String(wire) : undefined;
  }
}

/** The Listings id spaces of one server epoch; messages also remember their chat. */
export interface ListingsIds {
  readonly users: NumericIds;
  readonly chats: NumericIds;
  /** Message ids are the server's UUIDs: every one gets a number, from 1 up. */
  readonly messages: NumericIds;
  /** Canonical message id → canonical conversation id. */
  readonly chatOfMessage: Map<string, string>;
}

const IDS: StateSlot<ListingsIds> = {
  name: 'listings-ids',
  create: () => ({
    users: new NumericIds(true, ALIAS_BASE + 1),
    chats: new NumericIds(true, ALIAS_BASE + 1),
    messages: new NumericIds(false, 1),
    chatOfMessage: new Map(),
  }),
};

/** This server's Listings ids (fresh after a restart, like every other state). */
export function listingsIds(context: ServerContext): ListingsIds {
  return stateOf(context, IDS);
}

/** The wire id of a message in a chat, remembering the chat for `mark_read`. */
export function messageWire(ids: ListingsIds, messageId: string, conversationId: string): number {
  ids.chatOfMessage.set(messageId, conversationId);
  if (ids.chatOfMessage.size > MAX_ALIASES)
    ids.chatOfMessage.delete(ids.chatOfMessage.keys().next().value as string);
  return ids.messages.wire(messageId);
}

/** `value` when it is a Listings id: a non-negative safe integer. */
export function wireId(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}
