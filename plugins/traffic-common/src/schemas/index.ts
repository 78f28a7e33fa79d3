export * from './errors';
export type { InputParseResult, InputParser } from './parse';
export {
  DNS_LABEL_PATTERN,
  DNS_SUBDOMAIN_PATTERN,
  ISTIO_REVISION_PATTERN,
  describeHostnameProblem,
  describeQualifiedNameProblem,
} from './primitives';
export * from './gatewayCustomization';
export * from './gatewayInput';
export * from './routeInput';
export * from './keyVaultTlsInput';
export * from './egressInput';
export * from './meshMtlsInput';
