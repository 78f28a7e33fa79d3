export { TrafficEgressCard } from './TrafficEgressCard';
export type { TrafficEgressCardProps } from './TrafficEgressCard';
