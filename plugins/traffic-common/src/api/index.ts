export * from './types';
export * from './changeRefs';
