// Public API of the presence feature (re-exported by src/public-api.ts).
export { injectPresenceClock, type PresenceClockOptions } from './presence-clock';
export {
  readPresence,
  type OwnPresenceStatus,
  type PresenceState,
  type UserPresence,
} from './presence-model';
export {
  DEFAULT_PRESENCE_OPTIONS,
  PRESENCE_OPTIONS,
  type PresenceChannelMode,
  type PresenceOptions,
  type PresenceSettings,
} from './presence-options';
export { PresenceRealtime, presenceChannelOf } from './presence-realtime.service';
export {
  presenceText,
  PRESENCE_WORDINGS,
  type PresenceTextInput,
  type PresenceTextOptions,
  type PresenceWording,
} from './presence-text';
export { RtPresenceTextPipe } from './presence-text.pipe';
export { withPresence } from './with-presence';
