import type { ServerConfig } from '../config';
import type { ClientFrame } from '../core/envelope';
import type { Hub } from '../core/hub';
import type { UserSession } from '../core/user-session';
import type { Faults } from '../faults';
import type { Connection } from '../ws/connection';

/** What every feature can reach. */
export interface ServerContext {
  readonly hub: Hub;
  readonly config: ServerConfig;
  readonly faults: Faults;
  /** Sets a timer that is cleared when the server stops or restarts. */
  readonly setTimer: (callback: () => void, ms: number) => NodeJS.Timeout;
}

/** The context of one client frame (or one connection event). */
export interface FrameContext extends ServerContext {
  readonly session: UserSession;
  /** The socket the frame came on; `null` for frames posted over HTTP while polling. */
  readonly connection: Connection | null;
}

/**
 * Handles one client frame type. The return value is the ack's `data`; throwing a
 * `ServerError` sends the sender an `error` frame instead.
 */
export type FrameHandler = (context: FrameContext, frame: ClientFrame) => unknown;

/** One slice of server behaviour (notifications, messaging, presence, feed, ...). */
export interface Feature {
  readonly name: string;
  /** Client frame types this feature answers. */
  readonly handlers?: Readonly<Record<string, FrameHandler>>;
  /** Channels this feature owns: `true` when `channel` exists (for CHANNEL_NOT_FOUND). */
  readonly ownsChannel?: (channel: string) => boolean;
  /** May `context.session.userId` join `channel`? Throw a `ServerError` to refuse. */
  readonly authorizeSubscribe?: (context: FrameContext, channel: string) => void;
  /** A WebSocket of the user opened. */
  readonly connected?: (context: FrameContext) => void;
  /** A WebSocket of the user closed. */
  readonly disconnected?: (context: FrameContext) => void;
  /** The server restarts with memory cleared. */
  readonly reset?: () => void;
}
