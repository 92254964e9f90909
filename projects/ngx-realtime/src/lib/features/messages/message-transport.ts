import { runInInjectionContext, type EnvironmentInjector } from '@angular/core';
import { RealtimeError } from 'ngx-realtime/core';
import { defer, take, throwError, timeout, type Observable } from 'rxjs';
import type { WebSocketService } from '../../angular/websocket.service';
import { conversationChannel } from './conversation-channel';
import type { OutgoingChatMessage, ResolvedMessagesOptions } from './messages-options';

/**
 * Sends one chat message and emits the stored message once: the ack data of a `send_message`
 * over the socket (idempotent by its envelope id, the client id), or the first value of the
 * app's own `sendMessage` (a REST call), failing with `ack_timeout` after `sendTimeoutMs`.
 */
export function storedMessage(
  realtime: WebSocketService,
  injector: EnvironmentInjector,
  { sendMessage, sendTimeoutMs }: ResolvedMessagesOptions,
  message: OutgoingChatMessage,
): Observable<unknown> {
  const { conversationId, content, clientId } = message;
  if (sendMessage === null) {
    return realtime.sendWithAck<unknown>(
      {
        id: clientId,
        type: 'send_message',
        channel: conversationChannel(conversationId),
        payload: { conversation_id: conversationId, content },
      },
      { timeoutMs: sendTimeoutMs },
    );
  }
  return defer(() => runInInjectionContext(injector, () => sendMessage(message))).pipe(
    take(1),
    timeout({
      first: sendTimeoutMs,
      with: () =>
        throwError(() => new RealtimeError('ack_timeout', 'The message was not confirmed in time')),
    }),
  );
}
