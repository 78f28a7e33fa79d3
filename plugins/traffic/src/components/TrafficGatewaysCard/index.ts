export { TrafficGatewaysCard } from './TrafficGatewaysCard';
