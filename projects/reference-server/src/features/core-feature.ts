import { ServerError } from '../core/server-error';
import type { Feature, FrameContext } from './feature';

function channelOf(frame: { readonly payload: Readonly<Record<string, unknown>> }): string {
  const channel = frame.payload['channel'];
  if (typeof channel !== 'string' || channel === '') {
    throw new ServerError('INVALID_MESSAGE', 'payload.channel must be a non-empty string');
  }
  return channel;
}

/**
 * The protocol's own frames: channel subscriptions, heartbeats and catch-up. Channel checks
 * are delegated to the features that own channels (see `server.ts`).
 */
export function coreFeature(
  checkChannel: (context: FrameContext, channel: string) => void,
): Feature {
  return {
    name: 'core',
    ownsChannel: (channel) => channel === 'notifications',
    handlers: {
      subscribe: (context, frame) => {
        const channel = channelOf(frame);
        checkChannel(context, channel);
        // Over HTTP (a polling client) the user's channel set is what the log follows.
        if (context.connection === null) context.session.channels.add(channel);
        else context.hub.subscribe(context.connection, channel);
        return { channel };
      },
      unsubscribe: (context, frame) => {
        const channel = channelOf(frame);
        if (context.connection === null) context.session.release(channel);
        else context.hub.unsubscribe(context.connection, channel);
        return { channel };
      },
      heartbeat: (context, frame) => {
        const timestamp = new Date(context.config.clock.now()).toISOString();
        // With an ack id the ack is the answer; without one, a heartbeat answers a heartbeat.
        if (frame.ack_id === undefined) {
          context.connection?.sendControl({
            id: `hb_${frame.id}`,
            type: 'heartbeat',
            payload: { timestamp },
            timestamp,
          });
        }
        return { timestamp };
      },
      get_missed_messages: (context, frame) => {
        const last = frame.payload['last_sequence'];
        if (typeof last !== 'number' || !Number.isInteger(last) || last < 0) {
          throw new ServerError(
            'INVALID_MESSAGE',
            'payload.last_sequence must be a non-negative integer',
          );
        }
        const epoch =
          typeof frame.payload['epoch'] === 'string' ? frame.payload['epoch'] : undefined;
        return context.session.log.since(last, epoch);
      },
    },
  };
}
