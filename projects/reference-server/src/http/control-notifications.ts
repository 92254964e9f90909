import { ServerError } from '../core/server-error';
import { pushNotification } from '../features/notifications';
import { BadControlInput } from './control-input';
import type { ControlRoute } from './control-route';

/**
 * `POST notifications {user_id, type?, id?, message?, actor_id?, actor_name?, post_id?,
 * created_at?}`: a notification through the server's own notification feature, as the
 * simulator makes them. Unlike `publish`, it enters the user's inbox: counted as unread
 * (`unread_count` in the payload), markable with `notification_read` and cleared by
 * `notification_read_all`, whose echoes reach the user's other sockets. Answers
 * `{notification}` (the payload sent); `type` defaults to `mention`.
 */
export const notificationsRoute: ControlRoute = {
  method: 'POST',
  path: 'notifications',
  run({ context, input }) {
    const userId = input.name('user_id');
    const fields = {
      id: input.optionalName('id'),
      message: input.optionalString('message'),
      actor_id: input.optionalName('actor_id'),
      actor_name: input.optionalString('actor_name'),
      post_id: input.optionalName('post_id'),
      created_at: input.optionalString('created_at'),
    };
    // Absent fields stay absent in the payload (not `undefined` keys).
    const given = Object.entries(fields).filter(([, value]) => value !== undefined);
    const type = input.optionalName('type') ?? 'mention';
    try {
      const notification = pushNotification(context, userId, {
        ...Object.fromEntries(given),
        type,
      });
      return { notification };
    } catch (error) {
      if (error instanceof ServerError) throw new BadControlInput(error.message);
      throw error;
    }
  },
};
