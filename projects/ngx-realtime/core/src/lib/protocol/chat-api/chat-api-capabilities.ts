import type { ProtocolCapabilities } from '../realtime-protocol';

// `@__PURE__` on the module's tables lets bundlers drop them from apps that never use
// this dialect (see the size benchmark in docs/benchmarks.md).
/**
 * What the Chat API dialect can do. `acks` is true because the server confirms some frames
 * in its own way (`message.send` with `message.sent` and the `tempId`, `message.read` with
 * `message.read_ack`, `block.add` / `block.remove` with `block.added` / `block.removed`,
 * `ping` with `pong`); every other frame is refused at once by `sendWithAck` with
 * `not_supported`. There are no channel frames (the server pushes to users), no HTTP
 * polling endpoints and no replay of missed events.
 */
export const CHAT_API_CAPABILITIES: ProtocolCapabilities = /* @__PURE__ */ Object.freeze({
  acks: true,
  heartbeat: true,
  channels: false,
  polling: false,
  missedMessages: false,
});

/** Outgoing wire types the server confirms, with the wire type of the confirmation. */
export const CHAT_API_CONFIRMATIONS: Readonly<Record<string, string>> =
  /* @__PURE__ */ Object.freeze({
    'message.send': 'message.sent',
    'message.read': 'message.read_ack',
    'block.add': 'block.added',
    'block.remove': 'block.removed',
    ping: 'pong',
  });

/** True when the server answers frames of this wire type with a confirmation. */
export function isConfirmedFrame(wireType: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHAT_API_CONFIRMATIONS, wireType);
}
