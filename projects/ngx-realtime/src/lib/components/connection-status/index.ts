// Public API of the rt-connection-status component.
export { RtConnectionStatus } from './connection-status';
export {
  DEFAULT_CONNECTION_STATUS_TEXTS,
  type RtConnectionStatusTexts,
} from './connection-status-texts';
