import { randomUUID } from 'node:crypto';

/** A frame as a client sends it (validated by the frame router). */
export interface ClientFrame {
  readonly id: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly timestamp?: string;
}

/** A frame the server sends. Events carry the per-user `seq`; control frames do not. */
export interface ServerEnvelope {
  readonly id: string;
  readonly type: string;
  readonly payload: object;
  readonly channel?: string;
  readonly ack_id?: string;
  readonly timestamp: string;
  readonly seq?: number;
  /** Extension: the `seq` of the event sent before this one on the same socket. */
  readonly prev_seq?: number;
}

/** A fresh envelope (no seq: the event log assigns it). */
export function envelope(
  type: string,
  payload: object,
  options: { readonly channel?: string; readonly ackId?: string; readonly now?: number } = {},
): ServerEnvelope {
  return {
    id: randomUUID(),
    type,
    payload,
    channel: options.channel,
    ack_id: options.ackId,
    timestamp: new Date(options.now ?? Date.now()).toISOString(),
  };
}
