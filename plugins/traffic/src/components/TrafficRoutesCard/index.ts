export { TrafficRoutesCard } from './TrafficRoutesCard';
export type { TrafficRoutesCardProps } from './TrafficRoutesCard';
