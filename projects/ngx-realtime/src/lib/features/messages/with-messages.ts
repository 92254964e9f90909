import { inject, provideEnvironmentInitializer } from '@angular/core';
import { RealtimeFeatureKind, type RealtimeFeature } from '../../angular/provide-realtime';
import { MESSAGES_OPTIONS, resolveMessagesOptions, type MessagesOptions } from './messages-options';
import { MessagesRealtime } from './messages-realtime';

/**
 * Adds direct messaging (`MessagesRealtime`) to `provideRealtime`: conversations, optimistic
 * sends with delivery and read statuses, unread counts, typing indicators and read receipts.
 * The service starts with the app, so messages for conversations that are not open count as
 * unread from the first moment.
 *
 * @throws RealtimeError `invalid_config` for an option out of range.
 * @example
 * provideRealtime(
 *   { url: 'wss://api.example.com/ws', token: () => inject(Auth).token() },
 *   withMessages({
 *     loadHistory: (id) => inject(HttpClient).get<DirectMessagePayload[]>(`/api/conversations/${id}/messages`),
 *   }),
 * );
 */
export function withMessages(
  options: MessagesOptions = {},
): RealtimeFeature<RealtimeFeatureKind.Messages> {
  const resolved = resolveMessagesOptions(options);
  const { loadHistory, sendMessage, ...settings } = resolved;
  return {
    kind: RealtimeFeatureKind.Messages,
    providers: [
      { provide: MESSAGES_OPTIONS, useValue: resolved },
      MessagesRealtime,
      provideEnvironmentInitializer(() => inject(MessagesRealtime)),
    ],
    settings: { ...settings, loadHistory: loadHistory !== null, sendMessage: sendMessage !== null },
  };
}
