export { TrafficCertificatesCard } from './TrafficCertificatesCard';
export type { TrafficCertificatesCardProps } from './TrafficCertificatesCard';
