/*
 * Support of the chaos suite: the framework-free engine (`RealtimeClient`) against the
 * reference server started in-process, over real loopback sockets (`ws`) and `fetch`.
 *
 * - Sizes: `CHAOS_SCALE=full` runs the full sizes (`npm run chaos`); anything else
 *   (the default, used by `npm test`) runs small ones.
 * - Figures: every scenario prints its counters with {@link report}; with `CHAOS_REPORT=<file>`
 *   they are also appended to that file as JSON lines (docs/reliability.md quotes them).
 * - Every wait polls a condition with a bound; nothing sleeps a fixed time to "let things
 *   settle" except where a scenario says why.
 */
import { appendFileSync } from 'node:fs';
import type { RealtimeMessage } from 'ngx-realtime/core';
import type { ServerOptions } from '../../../reference-server/src/index';
import { seededRandom } from '../../spec-support/seeded-random';
import {
  connectionsOf,
  killConnections,
  startReferenceServer,
  stopReferenceServer,
  waitFor as waitForFact,
  type ReferenceServer,
} from '../support/in-process-server';

export { killConnections, seededRandom, type ReferenceServer };
export { ChaosClient, type ChaosClientSetup, type FrameFilter } from './chaos-client';
export { SimulatedClock } from './simulated-clock';
/** Open WebSocket connections of `userId` on the server. */
export const openConnections = connectionsOf;

/** {@link waitForFact} with the longer bound a chaos run needs (10 s by default). */
export function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
  state?: () => string,
): Promise<void> {
  return waitForFact(condition, what, timeoutMs, state);
}

/** `full`: the sizes (`npm run chaos`); `small`: the `npm test` sizes. */
export const SCALE: 'small' | 'full' = process.env['CHAOS_SCALE'] === 'full' ? 'full' : 'small';

/** `small` at the default scale, `full` with `CHAOS_SCALE=full`. */
export function sized<T>(small: T, full: T): T {
  return SCALE === 'full' ? full : small;
}

export const SECRET = 'chaos-secret';

/**
 * Starts a reference server with limits out of the way of a chaos run: a long event log
 * (catch-up can always fill a gap unless a scenario says otherwise), no frame-rate or
 * poll-rate limiting. Stop it with {@link stopServer}.
 */
export function startServer(options: Partial<ServerOptions> = {}): Promise<ReferenceServer> {
  return startReferenceServer({
    secret: SECRET,
    eventLogSize: 100_000,
    maxMessagesPerSecond: 1_000_000,
    pollsPerMinute: 1_000_000,
    ...options,
  });
}

/** Stops the server and waits until every socket's close was handled. */
export function stopServer(server: ReferenceServer): Promise<void> {
  return stopReferenceServer(server);
}

/** Real time passes (only where a scenario needs real time, and it says why). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets pending socket I/O and its callbacks run (a few macrotask turns). */
export async function settleIo(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** True when an open connection of `userId` has joined every one of `channels`. */
export function joinedAll(
  server: ReferenceServer,
  userId: string,
  channels: readonly string[],
): boolean {
  for (const connection of server.hub.connections()) {
    if (
      connection.userId === userId &&
      connection.open &&
      channels.every((channel) => connection.subscriptions.has(channel))
    )
      return true;
  }
  return false;
}

/** The seed of this run: `CHAOS_SEED`, or a fresh one (printed with the figures). */
export function chaosSeed(): number {
  const given = Number(process.env['CHAOS_SEED']);
  return Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31);
}

/** Prints a scenario's figures (and appends them to `CHAOS_REPORT` when set). */
export function report(scenario: string, figures: Readonly<Record<string, unknown>>): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
  console.log(`[chaos ${SCALE}] ${scenario}: ${line}`);
  const file = process.env['CHAOS_REPORT'];
  if (file !== undefined && file !== '') {
    appendFileSync(file, JSON.stringify({ scenario, scale: SCALE, ...figures }) + '\n');
  }
}

/** `conversation:<prefix>-<i>` for i in [0, count): open conversations anyone may join. */
export function conversationChannels(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `conversation:${prefix}-${i}`);
}

/**
 * Publishes event number `n` of `channel` (a valid `message` event whose content is `n`) to
 * every user who joined it; returns how many users it reached.
 */
export function publishNumbered(server: ReferenceServer, channel: string, n: number): number {
  const conversation = channel.slice('conversation:'.length);
  return server.hub.publish(channel, 'message', {
    id: `${conversation}-${n}`,
    conversation_id: conversation,
    sender_id: 'chaos',
    content: String(n),
    created_at: new Date().toISOString(),
  });
}

/** The numbers of events published with {@link publishNumbered}, in arrival order. */
export function numbersOf(events: readonly RealtimeMessage[]): number[] {
  return events.map((event) => Number((event.payload as { content: string }).content));
}

/** Lost, duplicated and out-of-order deliveries of one channel, against what was expected. */
export interface DeliveryAudit {
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  /** Delivered numbers that were never expected (a dropped-for-good event resurfacing, say). */
  readonly unexpected: number;
}

/** Compares what a channel delivered with what it should have, in order. */
export function audit(expected: readonly number[], delivered: readonly number[]): DeliveryAudit {
  const wanted = new Set(expected);
  const got = new Set(delivered);
  let outOfOrder = 0;
  for (let i = 1; i < delivered.length; i++) if (delivered[i] <= delivered[i - 1]) outOfOrder++;
  return {
    expected: expected.length,
    delivered: delivered.length,
    lost: expected.filter((n) => !got.has(n)).length,
    duplicated: delivered.length - got.size,
    outOfOrder,
    unexpected: [...got].filter((n) => !wanted.has(n)).length,
  };
}

/** Sums the audits of several channels. */
export function totals(audits: readonly DeliveryAudit[]): DeliveryAudit {
  const sum = (pick: (a: DeliveryAudit) => number) => audits.reduce((s, a) => s + pick(a), 0);
  return {
    expected: sum((a) => a.expected),
    delivered: sum((a) => a.delivered),
    lost: sum((a) => a.lost),
    duplicated: sum((a) => a.duplicated),
    outOfOrder: sum((a) => a.outOfOrder),
    unexpected: sum((a) => a.unexpected),
  };
}

/** Jest timeout of one scenario: generous, since every wait inside has its own bound. */
export const SCENARIO_TIMEOUT_MS = sized(60_000, 600_000);
