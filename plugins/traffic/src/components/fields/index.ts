export * from './TrafficClusterPicker';
export * from './TrafficGatewayPicker';
export * from './TrafficHostnameField';
export type { GatewayListenerValue } from './formValues';
