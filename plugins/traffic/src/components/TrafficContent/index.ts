export { TrafficContent } from './TrafficContent';
