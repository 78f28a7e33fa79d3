export * from './common';
export * from './gateway';
export * from './route';
export * from './certificate';
export * from './egress';
export * from './cluster';
