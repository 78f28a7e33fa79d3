/**
 * Shared by the aks-traffic plugins: the view model, input schemas, manifest builders,
 * CRD validation and status interpretation. Everything here is pure (no cluster I/O).
 *
 * @packageDocumentation
 */
export * from './kube';
export * from './validation';
export * from './status';
export * from './builders';
export * from './schemas';
export * from './permissions';
export * from './api';
export * from './model';
