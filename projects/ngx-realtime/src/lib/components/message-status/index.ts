// Public API of the rt-message-status component.
export {
  DEFAULT_MESSAGE_STATUS_LABELS,
  RtMessageStatus,
  type RtMessageStatusLabels,
} from './message-status';
