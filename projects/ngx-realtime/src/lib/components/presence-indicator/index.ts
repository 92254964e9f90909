// Public API of the rt-presence-indicator component.
export {
  DEFAULT_PRESENCE_LABELS,
  RtPresenceIndicator,
  type RtPresenceLabels,
} from './presence-indicator';
