export { TrafficClusterPicker } from './TrafficClusterPicker';
export type { TrafficClusterPickerUiOptions } from './TrafficClusterPicker';
