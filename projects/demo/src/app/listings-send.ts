import { inject } from '@angular/core';
import type { ChatMessageSender, DirectMessagePayload } from 'ngx-realtime';
import { ControlApi, type ListingsMessage } from './control-api';
import { DEMO_SETTINGS } from './demo-settings';

/**
 * The Listings message as the library's canonical `message` payload: string ids. Its id is
 * the one the socket's `new_message` echo carries, so the echo is recognised, not listed twice.
 */
export function fromListingsMessage(message: ListingsMessage): DirectMessagePayload {
  return {
    id: String(message.id),
    conversation_id: String(message.chat_id),
    sender_id: String(message.sender_id),
    content: message.content,
    created_at: message.created_at,
  };
}

/**
 * `withMessages({ sendMessage })` for the Listings dialect, whose socket has no send frame:
 * messages go through the backend's REST API, stood in for here by the reference server's
 * control route (`POST /api/v1/control/messages`).
 */
export const sendThroughListingsApi: ChatMessageSender = ({ conversationId, content }) => {
  const control = inject(ControlApi);
  const user = inject(DEMO_SETTINGS).user ?? '';
  return control.sendMessage(user, conversationId, content).then(({ listings }) => {
    if (listings === undefined) throw new Error('The server does not speak the Listings dialect');
    return fromListingsMessage(listings);
  });
};
