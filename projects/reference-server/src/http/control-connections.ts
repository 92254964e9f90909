import type { Hub } from '../core/hub';
import type { UserSession } from '../core/user-session';
import { BadControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/** Close code of a kill with a close frame, unless one is given: "service restart". */
const DEFAULT_KILL_CODE = 1012;
const DEFAULT_KILL_REASON = 'killed by the control API';
/** A close frame's reason has room for 123 bytes. */
const MAX_REASON_BYTES = 123;

/** Close codes an endpoint may send (RFC 6455 7.4; 1004-1006 and 1015 are reserved). */
function sendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
    (code >= 3000 && code <= 4999)
  );
}

/** The session of a known user, without creating one for a name never seen. */
function knownSession(hub: Hub, userId: string): UserSession | undefined {
  for (const session of hub.sessions()) if (session.userId === userId) return session;
  return undefined;
}

/**
 * `POST kill {user_id?, terminate?, code?, reason?}`: ends every open socket (of `user_id`,
 * or everyone's). By default with a close frame (`code`, default 1012, and `reason`); with
 * `terminate: true` the TCP connection is dropped without one, as a dead network looks to a
 * client (it sees 1006). Answers `{killed}`.
 */
export const killRoute: ControlRoute = {
  method: 'POST',
  path: 'kill',
  run({ context, input }) {
    const userId = input.optionalName('user_id');
    const terminate = input.optionalBoolean('terminate') ?? false;
    const code = input.integer('code', 1000, 4999, DEFAULT_KILL_CODE);
    if (!sendableCloseCode(code))
      throw new BadControlInput(`code ${code} cannot be sent in a close frame`);
    const reason = input.optionalString('reason') ?? DEFAULT_KILL_REASON;
    if (Buffer.byteLength(reason) > MAX_REASON_BYTES)
      throw new BadControlInput(`reason must be at most ${MAX_REASON_BYTES} bytes`);
    let killed = 0;
    for (const connection of [...context.hub.connections()]) {
      if (userId !== undefined && connection.userId !== userId) continue;
      if (terminate) connection.terminate();
      else connection.close(code, reason);
      killed++;
    }
    context.config.logger.info('control.kill', { user: userId, terminate, code, killed });
    return { killed };
  },
};

/**
 * `GET connections?user_id=`: the open sockets, `{connections: [{id, user_id, open,
 * subscriptions}]}`.
 */
export const connectionsRoute: ControlRoute = {
  method: 'GET',
  path: 'connections',
  run({ context, input }) {
    const userId = input.optionalName('user_id');
    const connections = [];
    for (const connection of context.hub.connections()) {
      if (userId !== undefined && connection.userId !== userId) continue;
      connections.push({
        id: connection.id,
        user_id: connection.userId,
        open: connection.open,
        subscriptions: [...connection.subscriptions],
      });
    }
    return { connections };
  },
};

/**
 * `GET received?user_id=…&since=N`: the client frames the server received from the user
 * (over sockets and `POST /send`), oldest first, from index `since` (default 0) of the
 * remembered ones (the last 1000). Answers `{user_id, frames, next}`; pass `next` as
 * `since` to read only newer frames.
 */
export const receivedRoute: ControlRoute = {
  method: 'GET',
  path: 'received',
  run({ context, input }) {
    const userId = input.name('user_id');
    const since = input.integer('since', 0, Number.MAX_SAFE_INTEGER, 0);
    const received = knownSession(context.hub, userId)?.received ?? [];
    return { user_id: userId, frames: received.slice(since), next: received.length };
  },
};
