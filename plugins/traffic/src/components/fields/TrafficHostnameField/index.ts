export {
  TrafficHostnameField,
  validateTrafficHostname,
} from './TrafficHostnameField';
export type { TrafficHostnameFieldUiOptions } from './TrafficHostnameField';
export {
  hostnameSyntaxError,
  listenerMismatchError,
} from './hostnameValidation';
