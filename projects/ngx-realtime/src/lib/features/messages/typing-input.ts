/**
 * The user's typing in one conversation, from `MessagesRealtime.typing(id)`: call `input()`
 * on every keystroke (or `(input)` event) of the message box. `typing_start` goes out at most
 * once per 2 s, `typing_stop` after 3 s without input, on `stop()`, or when a message is sent.
 *
 * @example
 * readonly typing = inject(MessagesRealtime).typing('conv_1');
 * // <textarea (input)="typing.input()" (blur)="typing.stop()"></textarea>
 */
export interface TypingInput {
  /** The user typed. */
  input(): void;
  /** A message was sent: typing ended (`sendMessage` does this for you). */
  sent(): void;
  /** Typing ended (the box lost focus or was cleared). */
  stop(): void;
}
