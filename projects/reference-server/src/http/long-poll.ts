import type { ServerResponse } from 'node:http';
import type { ServerEnvelope } from '../core/envelope';
import type { Hub } from '../core/hub';
import type { UserSession } from '../core/user-session';

/** Most events in one poll response; `has_more` tells the client to poll again at once. */
export const MAX_EVENTS_PER_POLL = 100;

/** The body of a poll response (the spec's shape; events also carry `seq`). */
export interface PollAnswer {
  readonly events: readonly ServerEnvelope[];
  /** The cursor for the next poll: the `seq` of the last event returned. */
  readonly last_poll_id: number;
  readonly has_more: boolean;
}

/**
 * What a poll from `cursor` gets now, or `null` when there is nothing to say yet (hold).
 *
 * The cursor is the user's sequence number. A cursor beyond the log's newest event means the
 * log started over (a restart began a new epoch): that is answered at once, from the start
 * of the new log, so the client's cursor moves back instead of waiting for the new log to
 * overtake it.
 */
export function pollAnswer(session: UserSession, cursor: number): PollAnswer | null {
  const latest = session.log.latest;
  const restarted = cursor > latest;
  const pending = session.log.after(restarted ? 0 : cursor);
  if (pending.length === 0 && !restarted) return null;
  const events = pending.slice(0, MAX_EVENTS_PER_POLL);
  const last = events.at(-1)?.seq ?? latest;
  return { events, last_poll_id: last, has_more: pending.length > events.length };
}

/** The answer of a poll that waited in vain: nothing new, same cursor. */
function idle(cursor: number): PollAnswer {
  return { events: [], last_poll_id: cursor, has_more: false };
}

/**
 * Answers a poll from `cursor`: at once when events are waiting, else after the first event
 * delivered to the user or after `holdMs`. Resolves `null` when the client went away first;
 * the waiter and its timer are gone by then either way.
 */
export function waitForEvents(
  hub: Hub,
  userId: string,
  cursor: number,
  holdMs: number,
  response: ServerResponse,
): Promise<PollAnswer | null> {
  let session = hub.session(userId);
  const ready = pollAnswer(session, cursor);
  if (ready !== null || holdMs <= 0) return Promise.resolve(ready ?? idle(cursor));
  if (response.destroyed) return Promise.resolve(null);
  return new Promise((resolve) => {
    const settle = (answer: PollAnswer | null) => {
      clearTimeout(timer);
      session.pollWaiters.delete(wake);
      response.removeListener('close', onClose);
      resolve(answer);
    };
    // Called by the hub after each event for the user (and by the control API's restart):
    // the session may have been replaced by a restart, so it is looked up again.
    const wake = () => {
      const current = hub.session(userId);
      const answer = pollAnswer(current, cursor);
      if (answer !== null) return settle(answer);
      if (current !== session) {
        session.pollWaiters.delete(wake);
        session = current;
        session.pollWaiters.add(wake);
      }
    };
    const onClose = () => settle(null);
    const timer = setTimeout(
      () => settle(pollAnswer(hub.session(userId), cursor) ?? idle(cursor)),
      holdMs,
    );
    // A held poll must never keep the process (or a test run) alive on its own.
    timer.unref();
    session.pollWaiters.add(wake);
    response.once('close', onClose);
  });
}
