/** A fault applied to the next server→client event frames (test-control API). */
export interface FaultRule {
  readonly kind: 'drop' | 'duplicate' | 'delay';
  /** How many frames are still affected. */
  remaining: number;
  /** For `delay`: milliseconds (a range picks uniformly). */
  readonly delayMs?: number | readonly [number, number];
  /** Only frames for this user (default: anyone's). */
  readonly userId?: string;
}

/** What to do with one outgoing frame. */
export type FaultDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'delay'; readonly ms: number };

/**
 * Injected faults for chaos tests: drop, duplicate or delay the next N event frames, and
 * refuse WebSocket upgrades. Only reachable through the control API (off by default).
 */
export class Faults {
  private rules: FaultRule[] = [];
  /** While true, WebSocket upgrades are refused with 503 (clients fall back to polling). */
  refuseUpgrades = false;

  add(rule: FaultRule): void {
    if (rule.remaining > 0) this.rules.push(rule);
  }

  /** Decides the fate of one event frame for `userId`, consuming one unit of the first matching rule. */
  decide(userId: string, random: () => number = Math.random): FaultDecision {
    const rule = this.rules.find(
      (candidate) => candidate.userId === undefined || candidate.userId === userId,
    );
    if (rule === undefined) return { kind: 'send' };
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    if (rule.kind !== 'delay') return { kind: rule.kind };
    const delay = rule.delayMs ?? 0;
    const ms = typeof delay === 'number' ? delay : delay[0] + random() * (delay[1] - delay[0]);
    return { kind: 'delay', ms };
  }

  /** Rules still pending (for the control API's status). */
  pending(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
    this.refuseUpgrades = false;
  }
}
