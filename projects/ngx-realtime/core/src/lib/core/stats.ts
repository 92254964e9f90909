/**
 * Outcome of the catch-up after a reconnect: `complete` when every missed event was replayed,
 * `incomplete` when the server could not replay them all, `failed` when it gave no answer.
 */
export type RecoveryVerdict = 'complete' | 'incomplete' | 'failed';

/**
 * Why a catch-up left a gap: the server's log no longer held the events (`log_trimmed`), the
 * server restarted and lost them (`server_restarted`), the catch-up request failed or timed out
 * (`request_failed`), the link moved to HTTP polling before the answer came
 * (`transport_changed`), or the protocol has no way to ask for missed events at all
 * (`not_supported`: any reconnect of such a dialect may have missed some).
 */
export type RecoveryGapReason =
  'log_trimmed' | 'server_restarted' | 'request_failed' | 'transport_changed' | 'not_supported';

/**
 * One catch-up's result, on `recovery$`. When `recovered` is false some events may be missing:
 * state built from the listed channels should be refetched.
 */
export interface RecoveryEvent {
  /** True when every missed event was replayed. */
  readonly recovered: boolean;
  readonly verdict: RecoveryVerdict;
  /** Why events may be missing; `null` when recovered. */
  readonly reason: RecoveryGapReason | null;
  /** The channels subscribed when the catch-up ended: the ones whose state may be stale. */
  readonly channels: readonly string[];
  /** When the catch-up ended (the client's clock, epoch ms). */
  readonly at: number;
}

/**
 * What the connection is doing, for dashboards, the demo and debugging without a debugger.
 * A plain snapshot; the Angular layer exposes it as a signal.
 */
export interface RealtimeStats {
  /** The transport carrying events now. */
  readonly transport: 'websocket' | 'polling' | null;
  /** Round-trip time of the last acknowledged heartbeat, in ms. */
  readonly rttMs: number | null;
  /** Connection attempts made after a loss, since the client was created. */
  readonly reconnects: number;
  /** Consecutive failed attempts in the current outage (resets on a stable connection). */
  readonly attempt: number;
  /** When the next attempt is due (epoch ms), for "Reconnecting in 4 s…". */
  readonly nextRetryAt: number | null;
  /** How long the last outage lasted, from loss to connected again, in ms. */
  readonly lastOutageMs: number | null;
  /** Messages waiting in the outbox. */
  readonly outboxDepth: number;
  /** Acknowledged sends waiting for their answer. */
  readonly pendingAcks: number;
  readonly framesIn: number;
  readonly framesOut: number;
  /** Inbound frames dropped as malformed, invalid, unknown or oversized. */
  readonly decodeErrors: number;
  /** Highest sequence number seen. */
  readonly lastSequence: number | null;
  /** Verdict of the last catch-up after a reconnect. */
  readonly lastRecovery: RecoveryVerdict | null;
}

/** The stats of a client that has done nothing yet. */
export const INITIAL_STATS: RealtimeStats = {
  transport: null,
  rttMs: null,
  reconnects: 0,
  attempt: 0,
  nextRetryAt: null,
  lastOutageMs: null,
  outboxDepth: 0,
  pendingAcks: 0,
  framesIn: 0,
  framesOut: 0,
  decodeErrors: 0,
  lastSequence: null,
  lastRecovery: null,
};
