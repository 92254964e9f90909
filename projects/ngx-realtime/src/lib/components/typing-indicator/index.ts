// Public API of the rt-typing-indicator component.
export { RtTypingIndicator } from './typing-indicator';
export { typingText, typingUserName, type RtTypingIndicatorUser } from './typing-indicator-text';
