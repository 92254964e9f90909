import { BadControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/**
 * `POST publish {type, payload?, user_id?, channel?, direct?, except_user_id?}`: an event as
 * if the backend had produced it.
 *
 * - With `user_id`: to that user only (logged with the next `seq`, sent to their sockets
 *   that joined `channel`, or to all of them with `direct: true` or without a channel).
 *   Answers `{delivered: 1, event}`.
 * - Without: to every user who wants `channel`, but `except_user_id`. Answers
 *   `{delivered: <users>}`.
 */
export const publishRoute: ControlRoute = {
  method: 'POST',
  path: 'publish',
  run({ context, input }) {
    const type = input.name('type');
    const payload = input.object('payload');
    const userId = input.optionalName('user_id');
    const channel = input.optionalName('channel');
    if (userId !== undefined) {
      const direct = input.optionalBoolean('direct') ?? false;
      const event = context.hub.deliverToUser(userId, type, payload, { channel, direct });
      return { delivered: 1, event };
    }
    if (channel === undefined) throw new BadControlInput('user_id or channel is required');
    const delivered = context.hub.publish(
      channel,
      type,
      payload,
      input.optionalName('except_user_id'),
    );
    return { delivered };
  },
};
