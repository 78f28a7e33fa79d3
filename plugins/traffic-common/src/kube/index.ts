export * from './types';
export * from './labelSelectors';
