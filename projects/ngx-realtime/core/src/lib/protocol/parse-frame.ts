import { RealtimeError } from '../errors/realtime-error';
import { exceedsByteLimit } from './frame-size';
import { parseJsonSafely } from './safe-json';

/**
 * The first step of every dialect's `decode`: the size limit, then JSON without
 * prototype-polluting keys.
 * @throws RealtimeError `frame_too_large` above `maxFrameBytes`, `malformed_frame` for text
 * that is not JSON.
 */
export function parseFrame(text: string, maxFrameBytes: number): unknown {
  if (exceedsByteLimit(text, maxFrameBytes)) {
    throw new RealtimeError(
      'frame_too_large',
      `Frame dropped: larger than ${maxFrameBytes} bytes`,
      {
        details: { limit: maxFrameBytes },
      },
    );
  }
  try {
    return parseJsonSafely(text);
  } catch (cause) {
    throw new RealtimeError('malformed_frame', 'Frame dropped: not valid JSON', { cause });
  }
}
