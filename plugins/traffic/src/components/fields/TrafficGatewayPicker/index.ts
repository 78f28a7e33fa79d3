export {
  TrafficGatewayPicker,
  validateGatewayListener,
} from './TrafficGatewayPicker';
export type { TrafficGatewayPickerUiOptions } from './TrafficGatewayPicker';
export { gatewayListenerOptions } from './gatewayListenerOptions';
