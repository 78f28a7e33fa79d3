export { TrafficApprovalsPage } from './TrafficApprovalsPage';
