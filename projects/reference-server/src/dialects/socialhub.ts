import { tokenFromRequest } from '../auth/jwt';
import { ackFrame, errorFrame, readClientFrame } from '../ws/frame-router';
import type { DialectCodec } from './dialect';

/**
 * SocialHub, the server's own protocol: canonical frames go out as they are (envelope, `seq`,
 * `prev_seq`, acks), the greeting is `connect` with the catch-up position, and the token
 * comes from `?token=`, the `bearer` subprotocol or `Authorization`. A refused token is an
 * HTTP 401 before the upgrade.
 */
export const socialhubDialect: DialectCodec = {
  name: 'socialhub',
  paths: ['/ws'],
  token: tokenFromRequest,
  open(context) {
    const { connection, config, hub } = context;
    const now = () => config.clock.now();
    return {
      greet() {
        connection.sendControl({
          id: `connect_${connection.id}`,
          type: 'connect',
          payload: {
            user_id: context.session.userId,
            timestamp: new Date(now()).toISOString(),
            epoch: hub.epoch,
            last_sequence: context.session.log.latest,
          },
          timestamp: new Date(now()).toISOString(),
        });
      },
      read: readClientFrame,
      reply: {
        ack: (ackId, data) => connection.sendControl(ackFrame(ackId, data, now())),
        error: (error, ackId) => connection.sendControl(errorFrame(error, ackId, now())),
      },
    };
  },
};
