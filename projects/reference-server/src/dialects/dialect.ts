import type { IncomingHttpHeaders } from 'node:http';
import type { DialectName } from '../config';
import type { ClientFrame, ServerEnvelope } from '../core/envelope';
import type { FrameContext, FrameHandler } from '../features/feature';
import type { Connection } from '../ws/connection';
import type { Reply } from '../ws/frame-router';

/** The context of one open socket: a frame context whose connection is always there. */
export interface EdgeContext extends FrameContext {
  readonly connection: Connection;
}

/**
 * One socket's edge: where the dialect's frames become the canonical SocialHub frames the
 * features speak, and back. The features never see a dialect.
 */
export interface DialectEdge {
  /** Sends the dialect's greeting (and whatever else a new socket gets first). */
  greet(): void;
  /**
   * Reads one text frame: the canonical client frame to route, or `null` when the edge
   * answered it itself (an app-level ping) or it needs nothing routed.
   * @throws ServerError for a frame the dialect refuses (sent back as the dialect's error).
   */
  read(text: string): ClientFrame | null;
  /** How the answers of routed frames (acks and errors) reach this socket. */
  readonly reply: Reply;
  /**
   * Turns a canonical frame the server sends (events, heartbeats) into the dialect's frames;
   * an empty list drops it. Absent: canonical frames go out as they are (SocialHub).
   */
  readonly encode?: (frame: ServerEnvelope) => readonly object[];
}

/** One wire dialect of the WebSocket endpoint. */
export interface DialectCodec {
  readonly name: DialectName;
  /** WebSocket paths served; the first is the one `server.url` names. */
  readonly paths: readonly string[];
  /** The token of an upgrade request, where this dialect carries it. */
  token(url: URL, headers: IncomingHttpHeaders): string | null;
  /**
   * For a dialect whose text answers a refused login with a frame: that frame, sent on the
   * upgraded socket before it closes with 4401. Absent: the upgrade is refused with HTTP 401.
   */
  readonly refusalFrame?: (failure: string) => object;
  /** Opens the edge of a newly accepted socket. */
  open(context: EdgeContext): DialectEdge;
  /**
   * Frame handlers this dialect adds or wraps (`base` holds the features' handlers), for
   * behaviour only the dialect has.
   */
  handlers?(base: ReadonlyMap<string, FrameHandler>): Readonly<Record<string, FrameHandler>>;
}
